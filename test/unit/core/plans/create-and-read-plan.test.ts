import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { listClientPlans } from "../../../../src/core/plans/list-client-plans.ts";
import { readPlan } from "../../../../src/core/plans/read-plan.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWorld, snapshotState, type PlanWorld } from "../../../support/seed-plans.ts";

describe("creating and reading an integration plan", () => {
  let core: TestCore;
  let world: PlanWorld;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
  });

  it("creates a client plan at version 1, due for review on the same day six months on, and records no empty version", async () => {
    const plan = await createPlan(core.deps, world.actors.manager, { clientId: world.client.id });
    expect(plan).toMatchObject({
      tenantId: world.tenantId,
      clientId: world.client.id,
      householdId: null,
      version: 1,
      // The whole of 1 September in Berlin.
      nextReviewAt: new Date("2027-09-01T21:59:59.999Z"),
    });
    // Version 1 is recorded when the first review begins: the plan as written by then.
    expect(await core.store.planVersions.listForPlan(plan.id)).toEqual([]);
    expect(core.store.state.audit).toContainEqual(expect.objectContaining({ action: "plan.create", subjectId: plan.id, clientId: world.client.id }));
  });

  it("takes a review date the manager chooses", async () => {
    const plan = await createPlan(core.deps, world.actors.manager, { clientId: world.client.id, nextReviewAt: "2027-06-15T08:00:00Z" });
    expect(plan.nextReviewAt).toEqual(new Date("2027-06-15T08:00:00Z"));
  });

  it("allows one plan per client and one per household", async () => {
    const own = await createPlan(core.deps, world.actors.manager, { clientId: world.client.id });
    await expect(createPlan(core.deps, world.actors.manager, { clientId: world.client.id })).rejects.toMatchObject({ code: "conflict" });
    const family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId });
    await expect(createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId })).rejects.toMatchObject({ code: "conflict" });
    expect((await listClientPlans(core.deps, world.actors.manager, { clientId: world.client.id })).map((p) => p.id)).toEqual([own.id, family.id]);
  });

  it("shows a household plan to every member, also to the partner who is in no caseload", async () => {
    const family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId });
    const seen = await readPlan(core.deps, world.actors.partner, { planId: family.id });
    expect(seen.plan.id).toBe(family.id);
    expect((await listClientPlans(core.deps, world.actors.partner, { clientId: world.partner.id })).map((p) => p.id)).toEqual([family.id]);
    const audited = core.store.state.audit.filter((e) => e.action === "plan.read").map((e) => e.clientId);
    expect(audited.sort()).toEqual([world.client.id, world.partner.id].sort());
  });

  it.each<[string, (w: PlanWorld) => Actor]>([
    ["a colleague whose caseload it is not", (w) => w.actors.colleague],
    ["a supervisor", (w) => w.actors.supervisor],
    ["the client", (w) => w.actors.client],
    ["a manager of another tenant", (w) => w.actors.stranger],
  ])("refuses %s to create a plan and changes nothing", async (_label, actorOf) => {
    const before = snapshotState(core);
    await expect(createPlan(core.deps, actorOf(world), { clientId: world.client.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state).toEqual(before);
  });

  it("rejects a plan for both a client and a household, or for neither", async () => {
    const before = snapshotState(core);
    await expect(createPlan(core.deps, world.actors.manager, { clientId: world.client.id, householdId: world.client.householdId })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(createPlan(core.deps, world.actors.manager, {})).rejects.toMatchObject({ code: "invalid_input" });
    expect(core.store.state).toEqual(before);
  });

  it("refuses a new plan for a closed case", async () => {
    await core.store.clients.update({ ...world.client, status: "closed", closedAt: core.clock.now() });
    await expect(createPlan(core.deps, world.actors.manager, { clientId: world.client.id })).rejects.toMatchObject({ code: "case_closed" });
  });

  describe("who sees what", () => {
    let planId: string;

    beforeEach(async () => {
      const plan = await createPlan(core.deps, world.actors.manager, { clientId: world.client.id });
      planId = plan.id;
      const goal = await addGoal(core.deps, world.actors.manager, { planId, area: "language", text: "Deutsch auf B1 lernen" });
      await addStep(core.deps, world.actors.manager, {
        goalId: goal.id,
        catalogueKey: "register_integration_course",
        params: { provider: "VHS Göppingen" },
        note: "Kinderbetreuung klären",
      });
    });

    it("gives the manager goals, steps and the note in plain text", async () => {
      const view = await readPlan(core.deps, world.actors.manager, { planId });
      expect(view.notesVisible).toBe(true);
      expect(view.goals).toEqual([
        expect.objectContaining({
          text: "Deutsch auf B1 lernen",
          steps: [
            expect.objectContaining({ catalogueKey: "register_integration_course", params: { provider: "VHS Göppingen" }, note: "Kinderbetreuung klären" }),
          ],
        }),
      ]);
    });

    it("gives the supervisor the plan without notes", async () => {
      const view = await readPlan(core.deps, world.actors.supervisor, { planId });
      expect(view.notesVisible).toBe(false);
      expect(view.goals[0]?.steps[0]).toMatchObject({ catalogueKey: "register_integration_course", note: null });
      expect(JSON.stringify(view)).not.toContain("Kinderbetreuung");
    });

    it("gives the client their plan without notes", async () => {
      const view = await readPlan(core.deps, world.actors.client, { planId });
      expect(view.goals[0]?.steps[0]?.note).toBeNull();
    });

    it.each<[string, (w: PlanWorld) => Actor]>([
      ["a colleague whose caseload it is not", (w) => w.actors.colleague],
      ["a client of another household", (w) => w.actors.neighbour],
      ["a manager of another tenant", (w) => w.actors.stranger],
      ["an unlinked chat user", (w) => w.actors.unlinked],
    ])("keeps it from %s", async (_label, actorOf) => {
      await expect(readPlan(core.deps, actorOf(world), { planId })).rejects.toMatchObject({ code: "forbidden" });
    });

    it("answers not_found for an unknown plan", async () => {
      await expect(readPlan(core.deps, world.actors.manager, { planId: "nope" })).rejects.toMatchObject({ code: "not_found" });
    });
  });
});
