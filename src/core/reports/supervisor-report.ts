import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { getCaseloadFigures } from "../figures/get-caseload-figures.ts";
import type { CaseloadFigures, FigureCounts } from "../figures/model.ts";
import { addLocalDays, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import type { BarChart } from "./chart.ts";
import type { ReportTable } from "./table.ts";

export interface Quarter {
  /** e.g. 2027 Q1 */
  year: number;
  quarter: number;
  from: Date;
  /** Exclusive: now, or the quarter's end when that came first. */
  to: Date;
  /** First and last day (local, YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
}

const isoDay = (d: { year: number; month: number; day: number }) =>
  `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** The quarter `now` lies in, in the zone, from its first day up to now. */
export function currentQuarter(now: Date, zone: string): Quarter {
  const { year, month } = localParts(now, zone);
  const quarter = Math.floor((month - 1) / 3) + 1;
  const first = { year, month: (quarter - 1) * 3 + 1, day: 1 };
  const next = quarter === 4 ? { year: year + 1, month: 1, day: 1 } : { year, month: quarter * 3 + 1, day: 1 };
  const from = zonedLocalToUtc({ ...first, hour: 0, minute: 0 }, zone);
  const to = new Date(Math.max(now.getTime(), from.getTime() + 1));
  return { year, quarter, from, to, firstDay: isoDay(first), lastDay: isoDay(addLocalDays(next, -1)) };
}

export interface SupervisorReport {
  quarter: Quarter;
  figures: CaseloadFigures;
  /** The caseload per manager as a table (German headings), for the CSV and XLSX files. */
  table: ReportTable;
}

/** Caseload per manager: counts only (no client names, no notes); tenant totals last. */
export function caseloadTable(figures: CaseloadFigures, quarter: Quarter): ReportTable {
  const columns = ["Von", "Bis", "Integrationsmanager/in", "Offene Fälle", "Kontakte", "Kontaktstunden", "Termine", "Überfällige Fortschreibungen"];
  const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
  const row = (name: string, counts: FigureCounts) => [
    quarter.firstDay,
    quarter.lastDay,
    name,
    counts.openCases,
    counts.contacts,
    hours(counts.contactMinutes),
    counts.appointments,
    counts.overduePlanReviews,
  ];
  return { sheet: "Fallzahlen", columns, rows: [...figures.managers.map((m) => row(m.managerName, m)), row("Gesamt", figures.totals)] };
}

/** The chart of the quarter: open cases and overdue plan reviews per manager, texts in the supervisor's language. */
export function caseloadChart(figures: CaseloadFigures, quarter: Quarter, language: string): BarChart {
  return {
    title: { key: "manager_reports.chart_title" },
    subtitle: {
      key: "manager_reports.chart_period",
      params: { quarter: quarter.quarter, year: String(quarter.year), from: quarter.firstDay, to: quarter.lastDay },
    },
    series: [{ key: "manager_reports.chart_open_cases" }, { key: "manager_reports.chart_overdue" }],
    pageKey: "manager_reports.chart_page",
    groups: figures.managers.map((m) => ({ label: m.managerName, values: [m.openCases, m.overduePlanReviews] })),
    language,
  };
}

/**
 * A supervisor's quarter (`/report` in the chat): caseload per manager and overdue plan reviews, from the start of
 * the current quarter up to now, as a table (for CSV and XLSX); `caseloadChart` draws it. Supervisors and admins of the tenant only; counts only,
 * never a client's name or a note. The figures are per manager, so small counts are not hidden here (they are
 * the team's own caseloads); the funding report for third parties hides 1 to 4.
 */
export async function buildSupervisorReport(deps: CoreDeps, actor: Actor): Promise<SupervisorReport> {
  if (actor.kind !== "staff" || (actor.role !== "supervisor" && actor.role !== "admin")) {
    throw forbidden(`${actor.kind === "staff" ? actor.role : actor.kind} may not see the team report`);
  }
  const tenant = await deps.store.tenants.get(actor.tenantId);
  const quarter = currentQuarter(deps.clock.now(), tenant?.timezone ?? deps.defaultZone);
  const figures = await getCaseloadFigures(deps, actor, { tenantId: actor.tenantId, from: quarter.from, to: quarter.to });
  const managers = figures.managers.filter((m) => m.role === "manager" || m.openCases > 0);
  const shown = { ...figures, managers };
  return { quarter, figures: shown, table: caseloadTable(shown, quarter) };
}
