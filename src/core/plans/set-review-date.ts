import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { IntegrationPlan } from "./model.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";

export const setReviewDateInput = z.object({ planId: idSchema, nextReviewAt: z.coerce.date().nullable() });

/** A manager sets when the plan is next reviewed (null: no date). */
export async function setReviewDate(deps: CoreDeps, actor: Actor, input: unknown): Promise<IntegrationPlan> {
  const parsed = parseInput(setReviewDateInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    const now = deps.clock.now();
    await repositories.plans.setNextReviewAt(parsed.planId, parsed.nextReviewAt, now);
    await auditPlan(deps, repositories, actor, scope, "plan.review_date");
    return { ...scope.plan, nextReviewAt: parsed.nextReviewAt, updatedAt: now };
  });
}
