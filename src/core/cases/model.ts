export const caseStatuses = ["open", "closed"] as const;

/** Gender as a person states it; "not_stated" when they prefer not to say. */
export const genders = ["female", "male", "diverse", "not_stated"] as const;
export type Gender = (typeof genders)[number];
export type CaseStatus = (typeof caseStatuses)[number];

/** People who live together; an integration plan may be for a household (a family). */
export interface Household {
  id: string;
  tenantId: string;
  municipalityId: string | null;
  label: string;
  createdAt: Date;
}

/** A refugee adult counselled by integration management. */
export interface Client {
  id: string;
  tenantId: string;
  householdId: string;
  municipalityId: string | null;
  name: string;
  /** Preferred language code (e.g. "ar", "uk", "ti"). */
  language: string;
  /** IANA zone; null means the tenant's zone. */
  timezone: string | null;
  /** Own quiet hours ("21:00-08:00", or "off"); null or absent: the tenant's (reminders/recipient-quiet.ts). */
  quietHours?: string | null;
  /** Asked at intake (pact 1.2 names it among the data recorded); absent: not asked. */
  gender?: Gender | null;
  status: CaseStatus;
  caseStartedAt: Date;
  closedAt: Date | null;
  anonymizedAt: Date | null;
  createdAt: Date;
}

export const assignmentKinds = ["primary", "shared"] as const;
export type AssignmentKind = (typeof assignmentKinds)[number];

/** A manager's responsibility for a client: the primary manager, or a case shared with a colleague. */
export interface CaseAssignment {
  clientId: string;
  managerId: string;
  kind: AssignmentKind;
  createdAt: Date;
}
