import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { planAreaSchema } from "./areas.ts";
import type { Goal } from "./model.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";
import { planTextSchema } from "./values.ts";

export const addGoalInput = z.object({ planId: idSchema, area: planAreaSchema, text: planTextSchema });

/** A manager adds a goal in one of the plan's areas; it goes last. */
export async function addGoal(deps: CoreDeps, actor: Actor, input: unknown): Promise<Goal> {
  const parsed = parseInput(addGoalInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    const existing = await repositories.goals.listForPlan(parsed.planId);
    const now = deps.clock.now();
    const goal: Goal = {
      id: deps.ids.newId(),
      planId: parsed.planId,
      area: parsed.area,
      text: parsed.text,
      status: "open",
      position: existing.reduce((max, g) => Math.max(max, g.position + 1), 0),
      createdAt: now,
    };
    await repositories.goals.create(goal);
    await repositories.plans.touch(parsed.planId, now);
    await auditPlan(deps, repositories, actor, scope, "plan.goal.add", { kind: "goal", id: goal.id });
    return goal;
  });
}
