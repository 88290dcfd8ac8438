import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { keepCurrentVersion } from "./current-version.ts";
import type { IntegrationPlan } from "./model.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";

export const beginReviewInput = z.object({ planId: idSchema });

/**
 * The manager begins the review (Fortschreibung) of a plan with the client: the plan as it stands is kept on record as
 * its current version first (version 1 at the first review), so that the history can show what the review changed.
 * Beginning again (a second tap, a review taken up later) records nothing new.
 */
export async function beginReview(deps: CoreDeps, actor: Actor, input: unknown): Promise<IntegrationPlan> {
  const { planId } = parseInput(beginReviewInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, planId, "write");
    await keepCurrentVersion(deps, repositories, actor, scope.plan, { fillEmpty: true });
    await auditPlan(deps, repositories, actor, scope, "plan.review.begin");
    return scope.plan;
  });
}
