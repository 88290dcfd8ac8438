import { actorId, type Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { IntegrationPlan, PlanVersion } from "./model.ts";
import { loadGoalsWithSteps, snapshotOf } from "./plan-view.ts";

/**
 * Keeps the plan's current version on record before a review changes it, and returns it. Version 1 is written here
 * when the first review begins: the plan as it was written until then (its first real content), not the empty plan
 * of the moment it was created. `fillEmpty` (a review begins): a version on record without goals (written at creation
 * before this rule, or a review begun before any goal was written) takes the goals written since; a version that
 * holds goals is never overwritten. Without `fillEmpty` (a review completes) a version on record stays as it is.
 */
export async function keepCurrentVersion(
  deps: Pick<CoreDeps, "clock">,
  repositories: Pick<Repositories, "goals" | "steps" | "planVersions">,
  actor: Actor,
  plan: IntegrationPlan,
  { fillEmpty }: { fillEmpty: boolean },
): Promise<PlanVersion> {
  const recorded = (await repositories.planVersions.listForPlan(plan.id)).find((v) => v.version === plan.version);
  if (recorded && (!fillEmpty || recorded.snapshot.goals.length > 0)) return recorded;
  const { goals, steps } = await loadGoalsWithSteps(repositories, plan.id);
  const snapshot = snapshotOf(goals, steps);
  if (recorded) {
    if (snapshot.goals.length === 0) return recorded;
    await repositories.planVersions.replaceSnapshot(plan.id, plan.version, snapshot);
    return { ...recorded, snapshot };
  }
  const version: PlanVersion = {
    planId: plan.id,
    version: plan.version,
    snapshot,
    reason: plan.version === 1 ? "created" : "updated",
    // Version 1 is the plan as written since it was created; a later one missing here is the plan as it stands now.
    createdAt: plan.version === 1 ? plan.createdAt : deps.clock.now(),
    createdBy: actorId(actor),
  };
  await repositories.planVersions.create(version);
  return version;
}
