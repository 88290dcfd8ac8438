import { z } from "zod";
import { actorId, type Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { keepCurrentVersion } from "./current-version.ts";
import type { IntegrationPlan, PlanVersion } from "./model.ts";
import { planChanges, type PlanChange } from "./plan-changes.ts";
import { askAgreement } from "./ask-agreement.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";
import { loadGoalsWithSteps, snapshotOf } from "./plan-view.ts";
import { defaultNextReview } from "./review-dates.ts";

export const completeReviewInput = z.object({
  planId: idSchema,
  nextReviewAt: z.coerce.date().optional(),
  /** The version the review started from: a second "done" for the same review (a double tap) changes nothing. */
  fromVersion: z.number().int().min(1).optional(),
});

export interface CompletedReview {
  plan: IntegrationPlan;
  version: PlanVersion;
  /** What the review changed against the version before it. */
  changes: PlanChange[];
}

/** The review was completed already: the plan is at another version than the one the review started from. */
export const reviewAlreadyDone = (planId: string, version: number): DomainError =>
  new DomainError("conflict", `plan ${planId} was reviewed already`, [{ path: "fromVersion", message: String(version) }]);

/**
 * The manager has reviewed the plan with the client (Fortschreibung): the plan moves to its next version, whose goals
 * and steps are kept as a snapshot, and the next review is set (by default the same day six months on). Its people
 * are sent the new version to agree to (askAgreement).
 */
export async function completeReview(deps: CoreDeps, actor: Actor, input: unknown): Promise<CompletedReview> {
  const parsed = parseInput(completeReviewInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    if (parsed.fromVersion !== undefined && parsed.fromVersion !== scope.plan.version) throw reviewAlreadyDone(scope.plan.id, scope.plan.version);
    const before = await keepCurrentVersion(deps, repositories, actor, scope.plan, { fillEmpty: false });
    const { goals, steps } = await loadGoalsWithSteps(repositories, parsed.planId);
    const now = deps.clock.now();
    const nextReviewAt = parsed.nextReviewAt ?? defaultNextReview(now, (await repositories.tenants.get(scope.plan.tenantId))?.timezone ?? deps.defaultZone);
    const plan: IntegrationPlan = { ...scope.plan, version: scope.plan.version + 1, nextReviewAt, updatedAt: now };
    if (!(await repositories.plans.bumpVersion(plan.id, scope.plan.version, nextReviewAt, now))) throw reviewAlreadyDone(plan.id, plan.version);
    const version: PlanVersion = {
      planId: plan.id,
      version: plan.version,
      snapshot: snapshotOf(goals, steps),
      reason: "reviewed",
      createdAt: now,
      createdBy: actorId(actor),
    };
    await repositories.planVersions.create(version);
    // The client gets the reviewed plan to agree to in writing: the new version, in their language.
    if (version.snapshot.goals.length > 0) await askAgreement(deps, repositories, { ...scope, plan }, version.version);
    await auditPlan(deps, repositories, actor, scope, "plan.review");
    return { plan, version, changes: planChanges(before.snapshot, version.snapshot) };
  });
}
