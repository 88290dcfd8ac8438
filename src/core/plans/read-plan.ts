import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditPlan, loadPlanInScope, mayAccessPlan } from "./plan-scope.ts";
import { loadGoalsWithSteps, toPlanView, type PlanView } from "./plan-view.ts";

export const readPlanInput = z.object({ planId: idSchema });

/** A plan with its goals and steps: for its people, their managers and supervisors; step notes only at "notes" access. */
export async function readPlan(deps: CoreDeps, actor: Actor, input: unknown): Promise<PlanView> {
  const { planId } = parseInput(readPlanInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, planId, "basic");
    const notesVisible = mayAccessPlan(actor, scope.subjects, "notes");
    const { goals, steps } = await loadGoalsWithSteps(repositories, planId);
    await auditPlan(deps, repositories, actor, scope, notesVisible ? "plan.read_with_notes" : "plan.read");
    return toPlanView(deps.crypto, scope.plan, goals, steps, notesVisible);
  });
}
