/** Lean rows for the funding report: ids, kinds, times and counts only, never names or texts. */
export interface ReportPeriod {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface ReportClientRow {
  id: string;
  householdId: string;
  /** The client's municipality, else their household's. */
  municipalityId: string | null;
  caseStartedAt: Date;
  closedAt: Date | null;
  anonymized: boolean;
}

export interface ReportContactRow {
  clientId: string;
  kind: string;
  durationMin: number;
}

export interface ReportPlanRow {
  id: string;
  clientId: string | null;
  householdId: string | null;
  createdAt: Date;
  nextReviewAt: Date | null;
}

export interface ReportPlanVersionRow {
  planId: string;
  reason: string;
  createdAt: Date;
}

export interface ReportGoalRow {
  planId: string;
  area: string;
  status: string;
}

export interface ReportReferralRow {
  clientId: string;
  targetKind: string;
  target: string;
}

/** Every row of a tenant (clients, plans, goals) or of a tenant in a period (contacts, plan versions, referrals). */
export interface ReportRepository {
  clients(tenantId: string): Promise<ReportClientRow[]>;
  /** Contacts whose time lies in the period. */
  contacts(tenantId: string, period: ReportPeriod): Promise<ReportContactRow[]>;
  plans(tenantId: string): Promise<ReportPlanRow[]>;
  /** Plan versions written in the period. */
  planVersions(tenantId: string, period: ReportPeriod): Promise<ReportPlanVersionRow[]>;
  goals(tenantId: string): Promise<ReportGoalRow[]>;
  /** Referrals made in the period. */
  referrals(tenantId: string, period: ReportPeriod): Promise<ReportReferralRow[]>;
}
