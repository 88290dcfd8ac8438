import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditPlan, loadPlanInScope, mayAccessPlan } from "./plan-scope.ts";
import { toVersionView, type PlanVersionView } from "./plan-view.ts";

export const listPlanVersionsInput = z.object({ planId: idSchema });

/** Every recorded version of a plan, oldest first, as they were written (notes only at "notes" access). */
export async function listPlanVersions(deps: CoreDeps, actor: Actor, input: unknown): Promise<PlanVersionView[]> {
  const { planId } = parseInput(listPlanVersionsInput, input);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, planId, "basic");
    const notesVisible = mayAccessPlan(actor, scope.subjects, "notes");
    const versions = await repositories.planVersions.listForPlan(planId);
    await auditPlan(deps, repositories, actor, scope, notesVisible ? "plan.versions.read_with_notes" : "plan.versions.read");
    return versions.map((version) => toVersionView(deps.crypto, version, notesVisible));
  });
}
