import { z } from "zod";
import { actorId, type Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { IntegrationPlan, PlanVersion } from "./model.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";
import { loadGoalsWithSteps, snapshotOf } from "./plan-view.ts";
import { defaultNextReview } from "./review-dates.ts";

export const completeReviewInput = z.object({ planId: idSchema, nextReviewAt: z.coerce.date().optional() });

export interface CompletedReview {
  plan: IntegrationPlan;
  version: PlanVersion;
}

/**
 * The manager has reviewed the plan with the client (Fortschreibung): the plan moves to its next version, whose goals
 * and steps are kept as a snapshot, and the next review is set (six months by default).
 */
export async function completeReview(deps: CoreDeps, actor: Actor, input: unknown): Promise<CompletedReview> {
  const parsed = parseInput(completeReviewInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    const { goals, steps } = await loadGoalsWithSteps(repositories, parsed.planId);
    const now = deps.clock.now();
    const nextReviewAt = parsed.nextReviewAt ?? defaultNextReview(now);
    const plan: IntegrationPlan = { ...scope.plan, version: scope.plan.version + 1, nextReviewAt, updatedAt: now };
    if (!(await repositories.plans.bumpVersion(plan.id, scope.plan.version, nextReviewAt, now))) {
      throw new DomainError("conflict", `plan ${plan.id} was reviewed at the same time`);
    }
    const version: PlanVersion = {
      planId: plan.id,
      version: plan.version,
      snapshot: snapshotOf(goals, steps),
      reason: "reviewed",
      createdAt: now,
      createdBy: actorId(actor),
    };
    await repositories.planVersions.create(version);
    await auditPlan(deps, repositories, actor, scope, "plan.review");
    return { plan, version };
  });
}
