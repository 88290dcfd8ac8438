import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { IntegrationPlan } from "./model.ts";
import { assertSubjectsInScope, auditPlan, loadSubjects } from "./plan-scope.ts";
import { defaultNextReview } from "./review-dates.ts";

export const createPlanInput = z
  .object({
    clientId: idSchema.optional(),
    householdId: idSchema.optional(),
    nextReviewAt: z.coerce.date().optional(),
  })
  .refine((input) => (input.clientId === undefined) !== (input.householdId === undefined), {
    message: "give either clientId or householdId",
    path: ["clientId"],
  });

type PlanOwner = Pick<IntegrationPlan, "clientId" | "householdId">;

async function findExistingPlan(repositories: Repositories, owner: PlanOwner): Promise<IntegrationPlan | null> {
  if (owner.clientId) return repositories.plans.findForClient(owner.clientId);
  return owner.householdId ? repositories.plans.findForHousehold(owner.householdId) : null;
}

/** A manager writes a new integration plan for an adult or a household (one plan each), as version 1. */
export async function createPlan(deps: CoreDeps, actor: Actor, input: unknown): Promise<IntegrationPlan> {
  const parsed = parseInput(createPlanInput, input);
  const owner: PlanOwner = { clientId: parsed.clientId ?? null, householdId: parsed.householdId ?? null };
  return deps.store.transaction(async (repositories) => {
    const subjects = await loadSubjects(repositories, owner);
    const [first] = subjects;
    if (!first) throw notFound(owner.clientId ? "client" : "household", owner.clientId ?? owner.householdId ?? "");
    assertSubjectsInScope(actor, subjects, "write", "the plan's people");
    const existing = await findExistingPlan(repositories, owner);
    if (existing) throw new DomainError("conflict", `there is already plan ${existing.id}`, [{ path: "planId", message: existing.id }]);
    const now = deps.clock.now();
    const plan: IntegrationPlan = {
      id: deps.ids.newId(),
      tenantId: first.client.tenantId,
      ...owner,
      version: 1,
      nextReviewAt: parsed.nextReviewAt ?? defaultNextReview(now, (await repositories.tenants.get(first.client.tenantId))?.timezone ?? deps.defaultZone),
      createdAt: now,
      updatedAt: now,
    };
    // Version 1 is recorded when the first review begins (current-version.ts): an empty plan is no version yet.
    await repositories.plans.create(plan);
    await auditPlan(deps, repositories, actor, { plan, subjects }, "plan.create");
    return plan;
  });
}
