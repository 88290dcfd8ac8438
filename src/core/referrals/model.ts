/**
 * Standard services (Regeldienste) and the measures the pact names beside them (1.2, 2): refugee integration measures
 * (FIM), school social work (Schulsozialarbeit), vocational-school companions (AVdual-Begleitung). Keys are stored
 * and their index is a form's option value: never rename or reorder one, add new ones at the end.
 */
export const regularServices = [
  "jobcenter",
  "agentur_fuer_arbeit",
  "auslaenderbehoerde",
  "integration_course_provider",
  "recognition_counselling",
  "school",
  "youth_career_help",
  "migration_counselling",
  "other",
  "fim",
  "school_social_work",
  "avdual_support",
] as const;
export type RegularService = (typeof regularServices)[number];

/** The services a client is asked about in their own language ("other" names no place they would know). */
export const askableServices = regularServices.filter((service): service is Exclude<RegularService, "other"> => service !== "other");

export const referralTargetKinds = ["service", "offer", "volunteer"] as const;
export type ReferralTargetKind = (typeof referralTargetKinds)[number];

export const referralStatuses = ["open", "attended", "not_attended", "closed"] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

/** A referral to a standard service (target: a RegularService key), a local offer or a volunteer (target: German text). */
export interface Referral {
  id: string;
  tenantId: string;
  clientId: string;
  /** The referring manager. */
  managerId: string;
  targetKind: ReferralTargetKind;
  target: string;
  status: ReferralStatus;
  followUpAt: Date | null;
  createdAt: Date;
}
