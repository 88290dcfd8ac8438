import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { planAreaSchema } from "./areas.ts";
import { findCatalogueGoal } from "./goal-catalogue.ts";
import type { Goal } from "./model.ts";
import { auditPlan, loadPlanInScope } from "./plan-scope.ts";
import { planTextSchema } from "./values.ts";

export const addGoalInput = z
  .object({
    planId: idSchema,
    area: planAreaSchema,
    /** A goal of the catalogue in this area; without it, `text` is the goal. */
    catalogueKey: z.string().trim().min(1).max(64).optional(),
    /** A free goal's German wording, or a catalogue goal's German note. */
    text: planTextSchema.optional(),
  })
  .refine((input) => input.catalogueKey !== undefined || input.text !== undefined, { message: "give catalogueKey or text", path: ["text"] });

/** The catalogue goal, checked to exist in the goal's area; null for a free goal. */
function catalogueKeyOf(area: string, key: string | undefined): string | null {
  if (key === undefined) return null;
  const entry = findCatalogueGoal(key);
  if (!entry || entry.area !== area) {
    throw new DomainError("invalid_input", `no catalogue goal ${key} in ${area}`, [{ path: "catalogueKey", message: "not a catalogue goal of this area" }]);
  }
  return entry.key;
}

/** A manager adds a goal in one of the plan's areas, from the goal catalogue or worded freely; it goes last. */
export async function addGoal(deps: CoreDeps, actor: Actor, input: unknown): Promise<Goal> {
  const parsed = parseInput(addGoalInput, input);
  const catalogueKey = catalogueKeyOf(parsed.area, parsed.catalogueKey);
  return deps.store.transaction(async (repositories) => {
    const scope = await loadPlanInScope(repositories, actor, parsed.planId, "write");
    const existing = await repositories.goals.listForPlan(parsed.planId);
    const now = deps.clock.now();
    const goal: Goal = {
      id: deps.ids.newId(),
      planId: parsed.planId,
      area: parsed.area,
      catalogueKey,
      text: parsed.text ?? "",
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
