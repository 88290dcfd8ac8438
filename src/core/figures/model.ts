import type { ManagerRole } from "../shared/values.ts";

export interface FigureCounts {
  openCases: number;
  contacts: number;
  contactMinutes: number;
  appointments: number;
  overduePlanReviews: number;
}

export interface ManagerFigures extends FigureCounts {
  managerId: string;
  managerName: string;
  role: ManagerRole;
  active: boolean;
}

/** A tenant's caseload figures for a period: per manager and in total. Counts only, never client names or notes. */
export interface CaseloadFigures {
  tenantId: string;
  from: Date;
  to: Date;
  at: Date;
  managers: ManagerFigures[];
  totals: FigureCounts;
}
