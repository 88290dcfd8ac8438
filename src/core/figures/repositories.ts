/** Aggregates for the Fachaufsicht: counts per manager, never names of clients or texts. */
export interface FigurePeriod {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface ManagerCount {
  managerId: string;
  count: number;
}

export interface ManagerContactTotals {
  managerId: string;
  count: number;
  minutes: number;
}

/** Every list is sorted by manager id and leaves out managers with nothing to count. */
export interface FiguresRepository {
  /** Open, not anonymized cases of the tenant per primary manager. */
  openCasesByManager(tenantId: string): Promise<ManagerCount[]>;
  /** Contacts logged for the period (by contact time) per manager who logged them. */
  contactsByManager(tenantId: string, period: FigurePeriod): Promise<ManagerContactTotals[]>;
  /** Appointments starting in the period per holding manager, cancelled ones left out. */
  appointmentsByManager(tenantId: string, period: FigurePeriod): Promise<ManagerCount[]>;
  /**
   * Integration plans of open cases whose review date is before `now`, per primary manager of the plan's client (a
   * household plan: of its open members); `total` counts each plan once.
   */
  overduePlanReviews(tenantId: string, now: Date): Promise<{ byManager: ManagerCount[]; total: number }>;
}
