import type { Actor } from "../../src/core/actor.ts";
import { currentConsentVersions, type ConsentPurpose } from "../../src/core/consent/model.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Goal, IntegrationPlan } from "../../src/core/plans/model.ts";
import type { TestCore } from "./core-deps.ts";
import { clientActor, seedClient, seedWorld, staffActor } from "./seed.ts";

/**
 * The world of the plan tests: the manager's client Amina with her partner Omar in one household (only Amina is in
 * a caseload; both consented to messaging and check-ins), a colleague, a supervisor and a manager of another tenant.
 */
export async function seedPlanWorld(core: TestCore) {
  const world = await seedWorld(core.store);
  const partner = await seedClient(core.store, world.tenantId, { householdId: world.client.householdId, name: "Omar Haddad" });
  await giveConsent(core, partner.id, ["messaging", "plan_checkins"]);
  const neighbour = await seedClient(core.store, world.tenantId, { name: "Nachbarin Ruth" });
  const actors = {
    manager: staffActor(world.manager),
    colleague: staffActor(world.colleague),
    supervisor: staffActor(world.supervisor),
    stranger: staffActor(world.stranger),
    client: clientActor(world.client),
    partner: clientActor(partner),
    neighbour: clientActor(neighbour),
    unlinked: { kind: "stranger" } as Actor,
  };
  return { ...world, partner, neighbour, actors };
}

export type PlanWorld = Awaited<ReturnType<typeof seedPlanWorld>>;

async function appendConsent(core: TestCore, clientId: string, purposes: ConsentPurpose[], given: boolean): Promise<void> {
  for (const purpose of purposes) {
    await core.store.consents.append({
      id: core.deps.ids.newId(),
      clientId,
      purpose,
      version: currentConsentVersions[purpose],
      given,
      channel: "telegram",
      at: core.clock.now(),
    });
  }
}

export const giveConsent = (core: TestCore, clientId: string, purposes: ConsentPurpose[]) => appendConsent(core, clientId, purposes, true);
export const withdrawConsent = (core: TestCore, clientId: string, purposes: ConsentPurpose[]) => appendConsent(core, clientId, purposes, false);

/** Amina's own plan with one language goal, written by her manager. */
export async function seedPlanWithGoal(core: TestCore, world: PlanWorld): Promise<{ plan: IntegrationPlan; goal: Goal }> {
  const plan = await createPlan(core.deps, world.actors.manager, { clientId: world.client.id });
  const goal = await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "language", text: "Deutsch auf B1 lernen" });
  return { plan, goal };
}

/** Everything in the store, to compare before and after a call that must change nothing. */
export const snapshotState = (core: TestCore) => structuredClone(core.store.state);
