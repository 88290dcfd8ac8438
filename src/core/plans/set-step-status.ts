import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { settleWhenFinished } from "./check-ins.ts";
import { stepStatuses, type PlanStep } from "./model.ts";
import { auditPlan, loadStepInScope } from "./plan-scope.ts";

export const setStepStatusInput = z.object({ stepId: idSchema, status: z.enum(stepStatuses) });

/** A manager moves a step: open, in progress, done or dropped (which settles the help asked for with it). */
export async function setStepStatus(deps: CoreDeps, actor: Actor, input: unknown): Promise<PlanStep> {
  const parsed = parseInput(setStepStatusInput, input);
  return deps.store.transaction(async (repositories) => {
    const { step, goal, ...scope } = await loadStepInScope(repositories, actor, parsed.stepId, "write");
    const changed: PlanStep = { ...step, status: parsed.status };
    await repositories.steps.update(changed);
    await repositories.plans.touch(goal.planId, deps.clock.now());
    await settleWhenFinished(
      deps,
      repositories,
      changed,
      scope.subjects.map((s) => s.client.id),
    );
    await auditPlan(deps, repositories, actor, scope, "plan.step.status", { kind: "step", id: step.id });
    return changed;
  });
}
