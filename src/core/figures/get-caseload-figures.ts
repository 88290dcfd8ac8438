import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { CaseloadFigures, FigureCounts, ManagerFigures } from "./model.ts";
import type { ManagerContactTotals, ManagerCount } from "./repositories.ts";

const dayMs = 86_400_000;
export const defaultPeriodDays = 30;
export const maxPeriodDays = 400;

export const getCaseloadFiguresInput = z.object({
  /** The acting supervisor's tenant when left out. */
  tenantId: idSchema.optional(),
  /** The period for contacts and appointments; the last 30 days when left out. */
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

function assertSupervision(actor: Actor, tenantId: string): asserts actor is Extract<Actor, { kind: "staff" }> {
  if (actor.kind !== "staff" || (actor.role !== "supervisor" && actor.role !== "admin") || actor.tenantId !== tenantId) {
    throw forbidden(`${actor.kind === "staff" ? actor.role : actor.kind} may not see the figures of tenant ${tenantId}`);
  }
}

function period(now: Date, from: Date | undefined, to: Date | undefined): { from: Date; to: Date } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - defaultPeriodDays * dayMs);
  if (start.getTime() >= end.getTime()) throw new DomainError("invalid_input", "from must be before to", [{ path: "from", message: "must be before to" }]);
  if (end.getTime() - start.getTime() > maxPeriodDays * dayMs) {
    throw new DomainError("invalid_input", "period too long", [{ path: "from", message: `the period may span at most ${maxPeriodDays} days` }]);
  }
  return { from: start, to: end };
}

const emptyCounts = (): FigureCounts => ({ openCases: 0, contacts: 0, contactMinutes: 0, appointments: 0, overduePlanReviews: 0 });

function countsByManager(rows: {
  openCases: ManagerCount[];
  contacts: ManagerContactTotals[];
  appointments: ManagerCount[];
  overdue: ManagerCount[];
}): Map<string, FigureCounts> {
  const counts = new Map<string, FigureCounts>();
  const of = (managerId: string) => {
    let entry = counts.get(managerId);
    if (!entry) counts.set(managerId, (entry = emptyCounts()));
    return entry;
  };
  for (const row of rows.openCases) of(row.managerId).openCases = row.count;
  for (const row of rows.contacts) Object.assign(of(row.managerId), { contacts: row.count, contactMinutes: row.minutes });
  for (const row of rows.appointments) of(row.managerId).appointments = row.count;
  for (const row of rows.overdue) of(row.managerId).overduePlanReviews = row.count;
  return counts;
}

function sum(counts: Iterable<FigureCounts>, overdueTotal: number): FigureCounts {
  const totals = emptyCounts();
  for (const entry of counts) {
    totals.openCases += entry.openCases;
    totals.contacts += entry.contacts;
    totals.contactMinutes += entry.contactMinutes;
    totals.appointments += entry.appointments;
  }
  return { ...totals, overduePlanReviews: overdueTotal };
}

/**
 * The Fachaufsicht's view of a tenant: per manager open cases, contacts (count and minutes) and appointments in the
 * period, and overdue plan reviews; with tenant totals. Supervisors and admins only; no client names, no notes.
 */
export async function getCaseloadFigures(deps: CoreDeps, actor: Actor, input: unknown): Promise<CaseloadFigures> {
  const parsed = parseInput(getCaseloadFiguresInput, input);
  const tenantId = parsed.tenantId ?? (actor.kind === "staff" ? actor.tenantId : "");
  assertSupervision(actor, tenantId);
  const now = deps.clock.now();
  const { from, to } = period(now, parsed.from, parsed.to);
  return deps.store.transaction(async (repositories) => {
    if (!(await repositories.tenants.get(tenantId))) throw notFound("tenant", tenantId);
    const overdue = await repositories.figures.overduePlanReviews(tenantId, now);
    const counts = countsByManager({
      openCases: await repositories.figures.openCasesByManager(tenantId),
      contacts: await repositories.figures.contactsByManager(tenantId, { from, to }),
      appointments: await repositories.figures.appointmentsByManager(tenantId, { from, to }),
      overdue: overdue.byManager,
    });
    const managers: ManagerFigures[] = (await repositories.managers.listByTenant(tenantId))
      .filter((m) => m.role === "manager" || counts.has(m.id))
      .map((m) => ({ managerId: m.id, managerName: m.name, role: m.role, active: m.active, ...(counts.get(m.id) ?? emptyCounts()) }));
    await recordAudit(deps, repositories, actor, { action: "figures.read", subjectKind: "tenant", subjectId: tenantId, tenantId });
    return { tenantId, from, to, at: now, managers, totals: sum(counts.values(), overdue.total) };
  });
}
