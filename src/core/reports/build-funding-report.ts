import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { contactKinds } from "../contacts/parse-quick-log.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { planAreas } from "../plans/areas.ts";
import { goalStatuses } from "../plans/model.ts";
import type { Repositories } from "../ports/store.ts";
import { referralTargetKinds, regularServices } from "../referrals/model.ts";
import type { Manager } from "../setup/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, qualifications } from "../shared/values.ts";
import { addLocalDays, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { showCount, type FundingReport, type MunicipalityReport, type ReportFigure, type ReportValue } from "./model.ts";
import type { ReportClientRow, ReportContactRow, ReportGoalRow, ReportPeriod, ReportPlanRow, ReportPlanVersionRow, ReportReferralRow } from "./repositories.ts";

/** A calendar day: "2027-02-30" is refused here, naming the option, not later as a time that does not exist. */
const localDate = z.iso.date({
  error: (issue) => (issue.input === undefined ? "is required (YYYY-MM-DD)" : "must be a calendar date YYYY-MM-DD"),
});
const maxPeriodDays = 800;
const dayMs = 86_400_000;

/**
 * Who reads the report. The funding authority gets exact counts: it is entitled to them, and "<5" would make its
 * sums wrong. A wider or shared audience (a chat, a paper for a council) sees 1 to 4 as "<5", so that no client or
 * colleague can be singled out.
 */
export const reportAudiences = ["funding_authority", "shared"] as const;
export type ReportAudience = (typeof reportAudiences)[number];

export const buildFundingReportInput = z.object({
  tenantId: idSchema,
  audience: z.enum(reportAudiences),
  /** First and last day of the period (inclusive), in the tenant's time zone. */
  from: localDate,
  to: localDate,
  municipalityId: idSchema.optional(),
});

/** Operators, and supervisors and admins of the tenant. */
export function assertMayReport(actor: Actor, tenantId: string): void {
  if (actor.kind === "operator") return;
  if (actor.kind === "staff" && (actor.role === "supervisor" || actor.role === "admin") && actor.tenantId === tenantId) return;
  throw forbidden(`${actor.kind === "staff" ? actor.role : actor.kind} may not see the funding report of tenant ${tenantId}`);
}

function dayParts(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split("-").map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

/** [first day 00:00, day after the last 00:00) in the zone. */
export function periodOf(from: string, to: string, zone: string): ReportPeriod {
  try {
    const period = {
      from: zonedLocalToUtc({ ...dayParts(from), hour: 0, minute: 0 }, zone),
      to: zonedLocalToUtc({ ...addLocalDays(dayParts(to), 1), hour: 0, minute: 0 }, zone),
    };
    if (period.from >= period.to) throw new DomainError("invalid_input", "from after to", [{ path: "to", message: "must not be before from" }]);
    if (period.to.getTime() - period.from.getTime() > maxPeriodDays * dayMs) {
      throw new DomainError("invalid_input", "period too long", [{ path: "to", message: `the period may span at most ${maxPeriodDays} days` }]);
    }
    return period;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError("invalid_input", "not a calendar date", [{ path: "from", message: "must be a calendar date" }]);
  }
}

interface Rows {
  clients: ReportClientRow[];
  contacts: ReportContactRow[];
  plans: ReportPlanRow[];
  versions: ReportPlanVersionRow[];
  goals: ReportGoalRow[];
  referrals: ReportReferralRow[];
  managers: Manager[];
}

const inPeriod = (at: Date, period: ReportPeriod) => at >= period.from && at < period.to;
const count = <T>(items: T[], match: (item: T) => boolean) => items.filter(match).length;

/** Whether a plan belongs to a set of clients: its client, or for a household plan a member, is in the set. */
function planBelongsTo(clients: ReportClientRow[]): (plan: ReportPlanRow) => boolean {
  const ids = new Set(clients.map((c) => c.id));
  const households = new Set(clients.map((c) => c.householdId));
  return (plan) => (plan.clientId ? ids.has(plan.clientId) : plan.householdId !== null && households.has(plan.householdId));
}

const openAt = (client: ReportClientRow, at: Date) => client.caseStartedAt < at && (client.closedAt === null || client.closedAt > at) && !client.anonymized;

const exactCount = (count: number): ReportValue => count;

function figuresFor(rows: Rows, clients: ReportClientRow[], managers: Manager[], period: ReportPeriod, now: Date, audience: ReportAudience): ReportFigure[] {
  const clientIds = new Set(clients.map((c) => c.id));
  const contacts = rows.contacts.filter((c) => clientIds.has(c.clientId));
  const plans = rows.plans.filter(planBelongsTo(clients));
  const planCreated = new Map(plans.map((p) => [p.id, p.createdAt]));
  const goals = rows.goals.filter((g) => (planCreated.get(g.planId) ?? period.to) < period.to);
  const referrals = rows.referrals.filter((r) => clientIds.has(r.clientId));
  const reviewCutoff = now < period.to ? now : period.to;
  const ofOpenCase = planBelongsTo(clients.filter((c) => openAt(c, reviewCutoff)));
  const overdue = plans.filter((p) => p.nextReviewAt !== null && p.nextReviewAt < reviewCutoff && ofOpenCase(p));
  const minutes = contacts.reduce((sum, c) => sum + c.durationMin, 0);
  const shown = audience === "shared" ? showCount : exactCount;
  const figure = (section: ReportFigure["section"], key: string, value: number): ReportFigure => ({ section, key, value: shown(value) });
  return [
    figure(
      "clients",
      "supported",
      count(clients, (c) => c.caseStartedAt < period.to && (c.closedAt === null || c.closedAt >= period.from)),
    ),
    figure(
      "cases",
      "new",
      count(clients, (c) => inPeriod(c.caseStartedAt, period)),
    ),
    figure(
      "cases",
      "closed",
      count(clients, (c) => c.closedAt !== null && inPeriod(c.closedAt, period)),
    ),
    figure("contacts", "total", contacts.length),
    ...contactKinds.map((kind) =>
      figure(
        "contacts",
        kind,
        count(contacts, (c) => c.kind === kind),
      ),
    ),
    // Hours are not a count of people: shown as they are, rounded to one decimal.
    { section: "contacts", key: "hours", value: Math.round((minutes / 60) * 10) / 10 },
    figure(
      "plans",
      "written",
      count(plans, (p) => inPeriod(p.createdAt, period)),
    ),
    figure(
      "plans",
      "reviewed",
      count(rows.versions, (v) => planCreated.has(v.planId) && v.reason === "reviewed"),
    ),
    figure("plans", "overdue_reviews", overdue.length),
    ...planAreas.flatMap((area) =>
      goalStatuses.map((status) =>
        figure(
          "goals",
          `${area}.${status}`,
          count(goals, (g) => g.area === area && g.status === status),
        ),
      ),
    ),
    ...regularServices.map((service) =>
      figure(
        "referrals",
        `service.${service}`,
        count(referrals, (r) => r.targetKind === "service" && r.target === service),
      ),
    ),
    ...referralTargetKinds
      .filter((kind) => kind !== "service")
      .map((kind) =>
        figure(
          "referrals",
          kind,
          count(referrals, (r) => r.targetKind === kind),
        ),
      ),
    ...qualifications.map((q) =>
      figure(
        "managers",
        `qualification_${q}`,
        count(managers, (m) => m.qualification === q),
      ),
    ),
    figure(
      "managers",
      "qualification_none",
      count(managers, (m) => m.qualification === null),
    ),
  ];
}

/** Active integration managers (role manager) of a team. */
const teamOf = (managers: Manager[], municipalityId: string | null) =>
  managers.filter((m) => m.active && m.role === "manager" && (municipalityId === null || m.municipalityIds.includes(municipalityId)));

const lacksQualificationA = (team: Manager[]) =>
  team.some((m) => m.qualification === "b" || m.qualification === "c") && !team.some((m) => m.qualification === "a");

async function loadRows(repositories: Repositories, tenantId: string, period: ReportPeriod): Promise<Rows> {
  return {
    clients: await repositories.reports.clients(tenantId),
    contacts: await repositories.reports.contacts(tenantId, period),
    plans: await repositories.reports.plans(tenantId),
    versions: await repositories.reports.planVersions(tenantId, period),
    goals: await repositories.reports.goals(tenantId),
    referrals: await repositories.reports.referrals(tenantId, period),
    managers: await repositories.managers.listByTenant(tenantId),
  };
}

/**
 * The funding report (`lotse report`): for a tenant and period, per municipality and for the whole tenant, clients
 * supported, new and closed cases, contacts by kind and hours, plans written and reviewed, overdue reviews, goals
 * by area and status, referrals by target and managers by qualification (pact 1.4), with a flag for teams with b
 * or c managers but none with a. Counts only: exact for the funding authority, 1 to 4 shown as "<5" for a shared
 * audience (`audience`, required: every caller says who reads it). Operators and the tenant's supervisors/admins.
 */
export async function buildFundingReport(deps: CoreDeps, actor: Actor, input: unknown): Promise<FundingReport> {
  const parsed = parseInput(buildFundingReportInput, input);
  assertMayReport(actor, parsed.tenantId);
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(parsed.tenantId);
    if (!tenant) throw notFound("tenant", parsed.tenantId);
    const period = periodOf(parsed.from, parsed.to, tenant.timezone);
    const municipalities = await repositories.municipalities.listByTenant(tenant.id);
    if (parsed.municipalityId && !municipalities.some((m) => m.id === parsed.municipalityId)) throw notFound("municipality", parsed.municipalityId);
    const rows = await loadRows(repositories, tenant.id, period);
    const now = deps.clock.now();
    const block = (scope: MunicipalityReport["scope"], municipalityId: string | null, name: string, clients: ReportClientRow[]): MunicipalityReport => {
      const team = teamOf(rows.managers, scope === "municipality" ? municipalityId : null);
      const managers = scope === "none" ? [] : team;
      return {
        municipalityId,
        scope,
        name,
        figures: figuresFor(rows, clients, managers, period, now, parsed.audience),
        noQualificationA: scope !== "none" && lacksQualificationA(team),
      };
    };
    const blocks: MunicipalityReport[] = [];
    if (!parsed.municipalityId) blocks.push(block("all", null, tenant.name, rows.clients));
    for (const municipality of municipalities.filter((m) => !parsed.municipalityId || m.id === parsed.municipalityId)) {
      blocks.push(
        block(
          "municipality",
          municipality.id,
          municipality.name,
          rows.clients.filter((c) => c.municipalityId === municipality.id),
        ),
      );
    }
    const without = rows.clients.filter((c) => c.municipalityId === null);
    if (!parsed.municipalityId && without.length > 0) blocks.push(block("none", null, "", without));
    await recordAudit(deps, repositories, actor, { action: "report.funding", subjectKind: "tenant", subjectId: tenant.id, tenantId: tenant.id });
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      from: parsed.from,
      to: parsed.to,
      audience: parsed.audience,
      generatedAt: now,
      municipalities: blocks,
    };
  });
}
