/**
 * The counselling period (VwV Integrationsmanagement 2023): a person is counselled for at most three years from the
 * case start, four in justified cases with a recorded reason.
 */
export const REGULAR_PERIOD_YEARS = 3;
export const EXTENDED_PERIOD_YEARS = 4;

/** A recorded extension: the new end and the manager's reason (sealed at rest, shown to the supervisor). */
export interface CounsellingExtension {
  id: string;
  tenantId: string;
  clientId: string;
  managerId: string;
  endsAt: Date;
  /** Sealed with the Crypto port. */
  reason: string;
  at: Date;
}

/**
 * Where a case stands in its period:
 * - running: more than three months left, not extended;
 * - extended: an extension is recorded and more than three months are left;
 * - ending_soon: three months or less left (extended or not);
 * - overdue: the end has passed but the case is still open (the daily job closes it);
 * - closed: the case is closed.
 */
export const periodStatuses = ["running", "extended", "ending_soon", "overdue", "closed"] as const;
export type PeriodStatus = (typeof periodStatuses)[number];
