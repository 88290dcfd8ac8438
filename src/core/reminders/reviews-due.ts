import type { Repositories } from "../ports/store.ts";
import type { DueReview } from "../plans/list-reviews-due.ts";
import type { IntegrationPlan } from "../plans/model.ts";
import { loadSubjects, mayAccessPlan, type PlanSubject } from "../plans/plan-scope.ts";
import type { StaffRecipient } from "./staff-recipients.ts";

async function planName(repositories: Pick<Repositories, "households">, plan: IntegrationPlan, open: PlanSubject[]): Promise<string> {
  const household = plan.householdId ? await repositories.households.get(plan.householdId) : null;
  return household?.label ?? open[0]?.client.name ?? "";
}

/**
 * The reviews due by `dueBy` that a scheduled message tells a member of staff about: plans of open cases of their
 * caseload (or, `tenant`, of their tenant) that they may see. The system reads here, not a person: unlike
 * `listReviewsDue` nothing is audited per run; what is sent stays on record in the outbox.
 */
export async function reviewsDueForRecipient(
  repositories: Pick<Repositories, "plans" | "clients" | "assignments" | "households">,
  recipient: Pick<StaffRecipient, "actor" | "tenant" | "manager">,
  query: { dueBy: Date; now: Date; scope: "caseload" | "tenant" },
): Promise<DueReview[]> {
  const plans = await repositories.plans.listDueForReview({
    tenantId: recipient.tenant.id,
    dueBy: query.dueBy,
    ...(query.scope === "caseload" ? { managerId: recipient.manager.id } : {}),
  });
  const due: DueReview[] = [];
  for (const plan of plans) {
    const open = (await loadSubjects(repositories, plan)).filter((s) => s.client.status === "open");
    if (open.length === 0 || !plan.nextReviewAt || !mayAccessPlan(recipient.actor, open, "basic")) continue;
    due.push({
      planId: plan.id,
      clientId: plan.clientId,
      householdId: plan.householdId,
      name: await planName(repositories, plan, open),
      nextReviewAt: plan.nextReviewAt,
      overdue: plan.nextReviewAt < query.now,
    });
  }
  return due;
}
