import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { addLocalDays, zonedLocalToUtc } from "../shared/zoned-time.ts";
import type { IntegrationPlan } from "./model.ts";
import { auditPlan, loadSubjects, mayAccessPlan, type PlanSubject } from "./plan-scope.ts";

export const listReviewsDueInput = z.object({
  /** An instant, or a calendar day meaning "up to the end of that day" in the tenant's time zone. Default: now. */
  dueBy: z.union([z.iso.date(), z.coerce.date()]).optional(),
  /** A manager's own caseload, or (supervisors and admins) the whole tenant. Default by role. */
  scope: z.enum(["caseload", "tenant"]).optional(),
});

export interface DueReview {
  planId: string;
  clientId: string | null;
  householdId: string | null;
  /** The client's name, or the household's label. */
  name: string;
  nextReviewAt: Date;
  overdue: boolean;
}

function endOfLocalDay(isoDate: string, zone: string): Date {
  const [year = 0, month = 0, day = 0] = isoDate.split("-").map(Number);
  const next = addLocalDays({ year, month, day }, 1);
  return new Date(zonedLocalToUtc({ ...next, hour: 0, minute: 0 }, zone).getTime() - 1);
}

async function planName(repositories: Repositories, plan: IntegrationPlan, open: PlanSubject[]): Promise<string> {
  const household = plan.householdId ? await repositories.households.get(plan.householdId) : null;
  return household?.label ?? open[0]?.client.name ?? "";
}

/** Plans whose review (Fortschreibung) is due by a date, of open cases: a manager's caseload or, for supervisors, the tenant. */
export async function listReviewsDue(deps: CoreDeps, actor: Actor, input: unknown): Promise<DueReview[]> {
  assertStaff(actor);
  const parsed = parseInput(listReviewsDueInput, input);
  const scope = parsed.scope ?? (actor.role === "manager" ? "caseload" : "tenant");
  if (scope === "tenant" && actor.role === "manager") throw forbidden("a manager sees their own caseload");
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(actor.tenantId);
    if (!tenant) throw notFound("tenant", actor.tenantId);
    const now = deps.clock.now();
    const dueBy = typeof parsed.dueBy === "string" ? endOfLocalDay(parsed.dueBy, tenant.timezone) : (parsed.dueBy ?? now);
    const plans = await repositories.plans.listDueForReview({
      tenantId: tenant.id,
      dueBy,
      ...(scope === "caseload" ? { managerId: actor.managerId } : {}),
    });
    const due: DueReview[] = [];
    for (const plan of plans) {
      const open = (await loadSubjects(repositories, plan)).filter((s) => s.client.status === "open");
      if (open.length === 0 || !plan.nextReviewAt || !mayAccessPlan(actor, open, "basic")) continue;
      await auditPlan(deps, repositories, actor, { plan, subjects: open }, "plan.review_due.list");
      due.push({
        planId: plan.id,
        clientId: plan.clientId,
        householdId: plan.householdId,
        name: await planName(repositories, plan, open),
        nextReviewAt: plan.nextReviewAt,
        overdue: plan.nextReviewAt < now,
      });
    }
    return due;
  });
}
