import { beforeEach, describe, expect, it } from "vitest";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { editGoal } from "../../../../src/core/plans/edit-goal.ts";
import type { Goal, IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { setStepStatus } from "../../../../src/core/plans/set-step-status.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWithGoal, seedPlanWorld, snapshotState, withdrawConsent, type PlanWorld } from "../../../support/seed-plans.ts";

const DAY_MS = 86_400_000;

describe("goals and steps", () => {
  let core: TestCore;
  let world: PlanWorld;
  let plan: IntegrationPlan;
  let goal: Goal;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
    ({ plan, goal } = await seedPlanWithGoal(core, world));
  });

  const pendingOutbox = () => [...core.store.state.outbox.values()].filter((m) => m.status === "pending");

  describe("goals", () => {
    it("adds goals in order and marks the plan as changed without a new version", async () => {
      core.clock.advance(DAY_MS);
      const second = await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "housing", text: " Eigene Wohnung finden " });
      expect(second).toMatchObject({ area: "housing", text: "Eigene Wohnung finden", status: "open", position: 1 });
      expect((await core.store.goals.listForPlan(plan.id)).map((g) => g.id)).toEqual([goal.id, second.id]);
      expect(await core.store.plans.get(plan.id)).toMatchObject({ version: 1, updatedAt: core.clock.now() });
      expect(await core.store.planVersions.listForPlan(plan.id)).toEqual([]);
    });

    it("rewords a goal and moves its status", async () => {
      const edited = await editGoal(core.deps, world.actors.manager, { goalId: goal.id, status: "achieved" });
      expect(edited).toMatchObject({ text: "Deutsch auf B1 lernen", status: "achieved" });
      await editGoal(core.deps, world.actors.manager, { goalId: goal.id, text: "Deutsch B2" });
      expect(await core.store.goals.get(goal.id)).toMatchObject({ text: "Deutsch B2", status: "achieved" });
    });

    it("adds a goal of the catalogue, with a German note or none", async () => {
      const flat = await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "housing", catalogueKey: "own_flat" });
      expect(flat).toMatchObject({ area: "housing", catalogueKey: "own_flat", text: "" });
      const job = await addGoal(core.deps, world.actors.manager, { planId: plan.id, area: "work", catalogueKey: "find_job", text: "Pflege, Teilzeit" });
      expect(await core.store.goals.get(job.id)).toMatchObject({ catalogueKey: "find_job", text: "Pflege, Teilzeit" });
    });

    it.each([
      ["an unknown area", { area: "sports", text: "Fußball" }],
      ["an empty text", { area: "work", text: "  " }],
      ["a text over 300 characters", { area: "work", text: "x".repeat(301) }],
      ["neither a catalogue goal nor a text", { area: "work" }],
      ["a catalogue goal that does not exist", { area: "work", catalogueKey: "win_the_lottery" }],
      ["a catalogue goal of another area", { area: "work", catalogueKey: "own_flat" }],
    ])("rejects %s and changes nothing", async (_label, fields) => {
      const before = snapshotState(core);
      await expect(addGoal(core.deps, world.actors.manager, { planId: plan.id, ...fields })).rejects.toMatchObject({ code: "invalid_input" });
      expect(core.store.state).toEqual(before);
    });

    it("rejects an edit with nothing to change and an unknown status", async () => {
      await expect(editGoal(core.deps, world.actors.manager, { goalId: goal.id })).rejects.toMatchObject({ code: "invalid_input" });
      await expect(editGoal(core.deps, world.actors.manager, { goalId: goal.id, status: "done" })).rejects.toMatchObject({ code: "invalid_input" });
    });

    it("lets the client read but not add goals, nor a supervisor or colleague", async () => {
      for (const actor of [world.actors.client, world.actors.supervisor, world.actors.colleague]) {
        await expect(addGoal(core.deps, actor, { planId: plan.id, area: "work", text: "Arbeit" })).rejects.toMatchObject({ code: "forbidden" });
        await expect(editGoal(core.deps, actor, { goalId: goal.id, status: "dropped" })).rejects.toMatchObject({ code: "forbidden" });
      }
      expect(await core.store.goals.listForPlan(plan.id)).toEqual([goal]);
    });

    it("lets a colleague the case is shared with add a goal", async () => {
      await core.store.assignments.assign({ clientId: world.client.id, managerId: world.colleague.id, kind: "shared", createdAt: core.clock.now() });
      await expect(addGoal(core.deps, world.actors.colleague, { planId: plan.id, area: "work", text: "Praktikum" })).resolves.toMatchObject({
        position: 1,
      });
    });
  });

  describe("steps", () => {
    it("adds a catalogue step with its parameters and the catalogue's defaults", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, {
        goalId: goal.id,
        catalogueKey: "register_integration_course",
        params: { provider: "VHS Göppingen" },
        dueAt: "2027-04-01T10:00:00Z",
      });
      expect(step).toMatchObject({
        catalogueKey: "register_integration_course",
        params: { provider: "VHS Göppingen" },
        customText: null,
        responsible: "client",
        cadenceDays: 14,
        status: "open",
        dueAt: new Date("2027-04-01T10:00:00Z"),
        note: null,
      });
    });

    it("adds a custom step in German with a chosen responsible and no check-ins", async () => {
      const { step, checkInPlanned } = await addStep(core.deps, world.actors.manager, {
        goalId: goal.id,
        customText: "Mit der Vermieterin sprechen",
        responsible: "manager",
      });
      expect(step).toMatchObject({ catalogueKey: null, params: {}, customText: "Mit der Vermieterin sprechen", responsible: "manager", cadenceDays: null });
      expect(checkInPlanned).toBe(false);
      expect(pendingOutbox()).toEqual([]);
    });

    it("seals the note at rest and shows it only at notes access", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, customText: "Arzttermin", note: "Angst vor Behörden" });
      expect(core.store.state.steps.get(step.id)?.note).toBe("sealed(Angst vor Behörden)");
      expect(step.note).toBe("Angst vor Behörden");
    });

    it.each([
      ["both a catalogue key and a custom text", { catalogueKey: "write_cv", customText: "Lebenslauf" }],
      ["neither a catalogue key nor a custom text", {}],
      ["an unknown catalogue key", { catalogueKey: "learn_to_fly" }],
      ["a missing parameter", { catalogueKey: "register_integration_course", params: {} }],
      ["an unexpected parameter", { catalogueKey: "write_cv", params: { profession: "Koch" } }],
      ["a malformed date parameter", { catalogueKey: "take_dtz_exam", params: { examDate: "next week" } }],
      ["parameters on a custom step", { customText: "Etwas", params: { a: "b" } }],
      ["an unknown responsible", { customText: "Etwas", responsible: "neighbour" }],
      ["a cadence of 0 days", { customText: "Etwas", cadenceDays: 0 }],
    ])("rejects %s and changes nothing", async (_label, fields) => {
      const before = snapshotState(core);
      await expect(addStep(core.deps, world.actors.manager, { goalId: goal.id, ...fields })).rejects.toMatchObject({ code: "invalid_input" });
      expect(core.store.state).toEqual(before);
    });

    it("points a wrong parameter out by its name", async () => {
      await expect(
        addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "take_dtz_exam", params: { examDate: "bald" } }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: "params.examDate" })] });
    });

    it("refuses the client and the supervisor", async () => {
      for (const actor of [world.actors.client, world.actors.supervisor]) {
        await expect(addStep(core.deps, actor, { goalId: goal.id, customText: "Etwas" })).rejects.toMatchObject({ code: "forbidden" });
      }
      expect(core.store.state.steps.size).toBe(0);
    });
  });

  describe("the first check-in", () => {
    it("is planned after the cadence for a client who consented, with the step key, its values and answer buttons, never its note", async () => {
      const { step, checkInPlanned } = await addStep(core.deps, world.actors.manager, {
        goalId: goal.id,
        catalogueKey: "apply_for_jobs",
        params: { profession: "Elektriker" },
        cadenceDays: 10,
        note: "Führerschein fehlt",
      });
      expect(checkInPlanned).toBe(true);
      const message = await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`);
      expect(message).toMatchObject({
        recipientKind: "client",
        recipientId: world.client.id,
        clientId: world.client.id,
        tenantId: world.tenantId,
        messageKey: "client.step.checkin",
        params: { stepKey: { key: "apply_for_jobs", params: { profession: "Elektriker" } } },
        dueAt: new Date(core.clock.now().getTime() + 10 * DAY_MS),
        status: "pending",
      });
      expect(message?.actions.map((a) => a.labelKey)).toEqual(["actions.checkin.done", "actions.checkin.in_progress", "actions.checkin.need_help"]);
      // The step's own values (the profession) name the catalogue step for the client; its note never leaves.
      expect(JSON.stringify(message)).not.toContain("Führerschein");
    });

    it("names a custom step only as custom", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, customText: "Termin beim Amt vorbereiten", cadenceDays: 7 });
      const message = await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`);
      expect(message?.params).toEqual({ stepKey: { key: "custom", params: {} } });
      expect(JSON.stringify(message)).not.toContain("Termin beim Amt");
    });

    it("is not planned after the client withdrew consent to check-ins", async () => {
      await withdrawConsent(core, world.client.id, ["plan_checkins"]);
      const { checkInPlanned } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv" });
      expect(checkInPlanned).toBe(false);
      expect(pendingOutbox()).toEqual([]);
    });

    it("is not planned without consent to messaging", async () => {
      await withdrawConsent(core, world.client.id, ["messaging"]);
      await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv" });
      expect(pendingOutbox()).toEqual([]);
    });

    it("is not planned when the manager turns check-ins off", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv", cadenceDays: null });
      expect(step.cadenceDays).toBeNull();
      expect(pendingOutbox()).toEqual([]);
    });

    it("goes to a household member who consented when it is a household plan", async () => {
      const family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId });
      const familyGoal = await addGoal(core.deps, world.actors.manager, { planId: family.id, area: "housing", text: "Größere Wohnung" });
      await withdrawConsent(core, world.client.id, ["plan_checkins"]);
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: familyGoal.id, catalogueKey: "search_flats", params: { place: "Göppingen" } });
      expect((await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`))?.recipientId).toBe(world.partner.id);
    });

    it("is cancelled when the step is done or dropped", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv" });
      const done = await setStepStatus(core.deps, world.actors.manager, { stepId: step.id, status: "done" });
      expect(done.status).toBe("done");
      expect((await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`))?.status).toBe("cancelled");
    });
  });

  describe("step status", () => {
    it("moves a step and keeps its check-in while it is in progress", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv" });
      await setStepStatus(core.deps, world.actors.manager, { stepId: step.id, status: "in_progress" });
      expect(core.store.state.steps.get(step.id)?.status).toBe("in_progress");
      expect((await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`))?.status).toBe("pending");
    });

    it("rejects an unknown status, and refuses the client and a colleague", async () => {
      const { step } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, catalogueKey: "write_cv" });
      const before = snapshotState(core);
      await expect(setStepStatus(core.deps, world.actors.manager, { stepId: step.id, status: "achieved" })).rejects.toMatchObject({ code: "invalid_input" });
      await expect(setStepStatus(core.deps, world.actors.client, { stepId: step.id, status: "done" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(setStepStatus(core.deps, world.actors.colleague, { stepId: step.id, status: "done" })).rejects.toMatchObject({ code: "forbidden" });
      expect(core.store.state).toEqual(before);
    });
  });
});
