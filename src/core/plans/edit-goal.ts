import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { goalStatuses, type Goal } from "./model.ts";
import { auditPlan, loadGoalInScope } from "./plan-scope.ts";
import { planTextSchema } from "./values.ts";

export const editGoalInput = z
  .object({ goalId: idSchema, text: planTextSchema.optional(), status: z.enum(goalStatuses).optional() })
  .refine((input) => input.text !== undefined || input.status !== undefined, { message: "give text or status", path: ["text"] });

/** A manager rewords a goal or sets its status (open, in progress, achieved, dropped). */
export async function editGoal(deps: CoreDeps, actor: Actor, input: unknown): Promise<Goal> {
  const parsed = parseInput(editGoalInput, input);
  return deps.store.transaction(async (repositories) => {
    const { goal, ...scope } = await loadGoalInScope(repositories, actor, parsed.goalId, "write");
    const edited: Goal = { ...goal, text: parsed.text ?? goal.text, status: parsed.status ?? goal.status };
    await repositories.goals.update(edited);
    await repositories.plans.touch(goal.planId, deps.clock.now());
    await auditPlan(deps, repositories, actor, scope, "plan.goal.edit", { kind: "goal", id: goal.id });
    return edited;
  });
}
