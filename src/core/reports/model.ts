/**
 * For a shared audience, counts of 1 to 4 are shown as "<5" so that no client (or colleague) can be singled out; 0
 * stays 0. The funding authority's export has exact counts (build-funding-report.ts: `audience`).
 */
export const smallCountThreshold = 5;
export const suppressedCount = "<5";

export type ReportValue = number | typeof suppressedCount;

/** One line of the report: a section ("cases"), a key ("new") and its value. */
export interface ReportFigure {
  section: "clients" | "cases" | "contacts" | "plans" | "goals" | "referrals" | "managers";
  key: string;
  value: ReportValue;
}

export interface MunicipalityReport {
  /** null for the whole tenant ("all") and for cases without a municipality ("none"): see `scope`. */
  municipalityId: string | null;
  scope: "all" | "municipality" | "none";
  name: string;
  figures: ReportFigure[];
  /** The team (managers of this municipality) has b or c qualified managers but none with qualification a. */
  noQualificationA: boolean;
}

/** The funding report under the Pakt für Integration: counts only, per municipality and period. */
export interface FundingReport {
  tenantId: string;
  tenantName: string;
  /** First day of the period (local, YYYY-MM-DD). */
  from: string;
  /** Last day of the period, inclusive (local, YYYY-MM-DD). */
  to: string;
  /** "funding_authority": exact counts; "shared": 1 to 4 as "<5". */
  audience: "funding_authority" | "shared";
  generatedAt: Date;
  municipalities: MunicipalityReport[];
}

/** A shown count: 0 and 5 upwards as they are, 1 to 4 as "<5". */
export function showCount(count: number): ReportValue {
  return count > 0 && count < smallCountThreshold ? suppressedCount : count;
}
