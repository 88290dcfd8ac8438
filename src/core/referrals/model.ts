/** Standard services (Regeldienste) a client can be referred to. Keys are stored: never rename one. */
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
] as const;
export type RegularService = (typeof regularServices)[number];

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
