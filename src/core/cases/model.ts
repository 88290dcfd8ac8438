export const caseStatuses = ["open", "closed"] as const;
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
