import { beforeEach, describe, expect, it } from "vitest";
import { decodeAction } from "../../../../src/core/dialog/action-codec.ts";
import { openHelpRequestAction } from "../../../../src/core/plans/actions.ts";
import { addGoal } from "../../../../src/core/plans/add-goal.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../../src/core/plans/answer-check-in.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import type { PlanStep } from "../../../../src/core/plans/model.ts";
import { setStepStatus } from "../../../../src/core/plans/set-step-status.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedPlanWithGoal, seedPlanWorld, snapshotState, type PlanWorld } from "../../../support/seed-plans.ts";

describe("answering a check-in", () => {
  let core: TestCore;
  let world: PlanWorld;
  let step: PlanStep;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedPlanWorld(core);
    const { goal } = await seedPlanWithGoal(core, world);
    ({ step } = await addStep(core.deps, world.actors.manager, {
      goalId: goal.id,
      catalogueKey: "apply_for_jobs",
      params: { profession: "Elektriker" },
      note: "Führerschein fehlt",
    }));
    core.clock.advance(14 * 86_400_000);
  });

  it("moves the step to in progress and keeps the answer", async () => {
    const answered = await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "in_progress" });
    expect(answered.step).toMatchObject({ status: "in_progress", lastCheckinAt: core.clock.now() });
    expect(answered.escalation).toBeNull();
    expect(await core.store.checkIns.listForStep(step.id)).toEqual([
      { id: answered.checkIn.id, stepId: step.id, clientId: world.client.id, answer: "in_progress", at: core.clock.now() },
    ]);
    expect(core.store.state.steps.get(step.id)?.status).toBe("in_progress");
  });

  it("marks the step done and asks about it no more", async () => {
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "done" });
    expect(core.store.state.steps.get(step.id)?.status).toBe("done");
    expect((await core.store.outbox.findByDedupeKey(`step:${step.id}:checkin:1`))?.status).toBe("cancelled");
  });

  it("does not reopen a dropped step", async () => {
    await setStepStatus(core.deps, world.actors.manager, { stepId: step.id, status: "dropped" });
    const answered = await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "in_progress" });
    expect(answered.step.status).toBe("dropped");
    expect(await core.store.checkIns.listForStep(step.id)).toHaveLength(1);
  });

  it("on 'I need help' alerts the primary manager at once with a button, and leaves the step as it was", async () => {
    const { escalation, step: after } = await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help" });
    expect(after.status).toBe("open");
    expect(escalation).toMatchObject({
      tenantId: world.tenantId,
      clientId: world.client.id,
      managerId: world.manager.id,
      kind: "need_help",
      subjectId: step.id,
      status: "open",
    });
    expect(await core.store.escalations.listOpenForManager(world.manager.id)).toEqual([escalation]);
    const [message] = await core.store.outbox.listPendingForRecipient("manager", world.manager.id);
    expect(message).toMatchObject({
      messageKey: "manager.escalation.need_help",
      clientId: world.client.id,
      dueAt: core.clock.now(),
      params: { clientName: "Amina Haddad", stepKey: { key: "apply_for_jobs", params: { profession: "Elektriker" } } },
    });
    expect(openHelpRequestAction.match(decodeAction(message?.actions[0]?.data))).toEqual([escalation?.id]);
    // The step's own values (the profession) name the catalogue step for the client; its note never leaves.
    expect(JSON.stringify(message)).not.toContain("Führerschein");
    expect(await core.store.checkIns.listForStep(step.id)).toEqual([expect.objectContaining({ answer: "need_help" })]);
  });

  it("a second 'I need help' about the same step while the first is open opens no second request and sends no second alert", async () => {
    const first = await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help" });
    core.clock.advance(1000);
    const second = await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help" });
    expect(second.escalation?.id).toBe(first.escalation?.id);
    expect(await core.store.escalations.listOpenForManager(world.manager.id)).toHaveLength(1);
    expect(
      (await core.store.outbox.listPendingForRecipient("manager", world.manager.id)).filter((m) => m.messageKey === "manager.escalation.need_help"),
    ).toHaveLength(1);
    // Both answers are kept (the client did tap twice).
    expect(await core.store.checkIns.listForStep(step.id)).toHaveLength(2);
  });

  it("lets the manager record the answer on the client's behalf", async () => {
    const answered = await answerCheckIn(core.deps, world.actors.manager, { stepId: step.id, answer: "done" });
    expect(answered.checkIn.clientId).toBe(world.client.id);
    expect(core.store.state.audit).toContainEqual(expect.objectContaining({ action: "plan.checkin:done", actorId: world.manager.id }));
  });

  it("lets a household member answer for a household plan step, with the household's manager alerted", async () => {
    const family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId });
    const goal = await addGoal(core.deps, world.actors.manager, { planId: family.id, area: "housing", text: "Größere Wohnung" });
    const { step: familyStep } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, customText: "Wohnungsanzeigen lesen" });
    const { escalation } = await answerCheckIn(core.deps, world.actors.partner, { stepId: familyStep.id, answer: "need_help" });
    expect(escalation).toMatchObject({ clientId: world.partner.id, managerId: world.manager.id });
    const [message] = await core.store.outbox.listPendingForRecipient("manager", world.manager.id);
    expect(message?.params).toEqual({ clientName: "Omar Haddad", stepKey: { key: "custom", params: {} }, askedAt: core.clock.now().toISOString() });
  });

  it("needs staff to name whose answer it is on a household plan", async () => {
    const family = await createPlan(core.deps, world.actors.manager, { householdId: world.client.householdId });
    const goal = await addGoal(core.deps, world.actors.manager, { planId: family.id, area: "housing", text: "Größere Wohnung" });
    const { step: familyStep } = await addStep(core.deps, world.actors.manager, { goalId: goal.id, customText: "Anzeigen lesen" });
    await expect(answerCheckIn(core.deps, world.actors.manager, { stepId: familyStep.id, answer: "done" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(answerCheckIn(core.deps, world.actors.manager, { stepId: familyStep.id, answer: "done", clientId: world.partner.id })).resolves.toMatchObject({
      checkIn: { clientId: world.partner.id },
    });
  });

  it("refuses answers by someone whose plan it is not, and changes nothing", async () => {
    const before = snapshotState(core);
    for (const actor of [world.actors.partner, world.actors.neighbour, world.actors.supervisor, world.actors.colleague, world.actors.stranger]) {
      await expect(answerCheckIn(core.deps, actor, { stepId: step.id, answer: "need_help" })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help", clientId: world.partner.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(core.store.state).toEqual(before);
  });

  it("rejects an unknown answer", async () => {
    await expect(answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "maybe" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await core.store.checkIns.listForStep(step.id)).toEqual([]);
  });
});
