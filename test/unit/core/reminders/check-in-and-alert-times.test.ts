import { describe, expect, it } from "vitest";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { declineConsent } from "../../../../src/core/consent/decline-consent.ts";
import { addStep } from "../../../../src/core/plans/add-step.ts";
import { answerCheckIn } from "../../../../src/core/plans/answer-check-in.ts";
import { checkInDedupeKey } from "../../../../src/core/plans/check-ins.ts";
import { reminderSettingsKey } from "../../../../src/core/reminders/recipient-zone.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, seedAppointment, seedClient, seedStaff, seedTenant } from "../../../support/seed-appointments.ts";
import { seedPlanWithGoal, seedPlanWorld } from "../../../support/seed-plans.ts";

/** Adds a step with a 7-day cadence at `now` and returns when its first check-in is due. */
async function firstCheckIn(now: string, change?: (core: TestCore, world: Awaited<ReturnType<typeof seedPlanWorld>>) => Promise<void>) {
  const core = testCore(now);
  const world = await seedPlanWorld(core);
  await change?.(core, world);
  const { goal } = await seedPlanWithGoal(core, world);
  const { step } = await addStep(core.deps, world.actors.manager, {
    goalId: goal.id,
    catalogueKey: "apply_for_jobs",
    params: { profession: "Elektriker" },
    cadenceDays: 7,
  });
  return (await core.store.outbox.findByDedupeKey(checkInDedupeKey(step.id, 1)))?.dueAt.toISOString();
}

describe("plan-step check-ins: 10:00 local on their due day", () => {
  it.each([
    ["added in the evening, due on the spring-forward day", "2027-03-21T19:30:00Z", "2027-03-28T08:00:00.000Z"], // 10:00 CEST
    ["added at night, due on the fall-back day", "2027-10-24T00:30:00Z", "2027-10-31T09:00:00.000Z"], // 10:00 CET
    ["added in the morning a week before", "2027-01-13T07:00:00Z", "2027-01-20T09:00:00.000Z"],
  ])("%s", async (_label, now, dueAt) => {
    expect(await firstCheckIn(now)).toBe(dueAt);
  });

  it("in the client's own time zone", async () => {
    const dueAt = await firstCheckIn("2027-01-13T07:00:00Z", async (core, world) => {
      await core.store.clients.update({ ...world.client, timezone: "Asia/Kabul" });
    });
    expect(dueAt).toBe("2027-01-20T05:30:00.000Z"); // 10:00 in Kabul (UTC+4:30)
  });

  it("out of the tenant's quiet hours when they end after 10:00 (to their end), at the tenant's check-in time", async () => {
    const quietUntil11 = await firstCheckIn("2027-01-13T07:00:00Z", async (core, world) => {
      await core.store.settings.set(reminderSettingsKey(world.tenantId), JSON.stringify({ quietHours: { start: "21:00", end: "11:00" } }));
    });
    expect(quietUntil11).toBe("2027-01-20T10:00:00.000Z"); // 11:00 CET
    const at0930 = await firstCheckIn("2027-01-13T07:00:00Z", async (core, world) => {
      await core.store.settings.set(reminderSettingsKey(world.tenantId), JSON.stringify({ checkInAt: "09:30" }));
    });
    expect(at0930).toBe("2027-01-20T08:30:00.000Z");
  });
});

describe("plan-step check-ins at the step's cadence until it is done or dropped", () => {
  it("an answer plans the next check-in a cadence later at 10:00, replacing a pending one; 'done' ends them", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const world = await seedPlanWorld(core);
    const { goal } = await seedPlanWithGoal(core, world);
    const { step } = await addStep(core.deps, world.actors.manager, {
      goalId: goal.id,
      catalogueKey: "apply_for_jobs",
      params: { profession: "Elektriker" },
      cadenceDays: 7,
    });
    const pending = async () =>
      (await core.store.outbox.listPendingForRecipient("client", world.client.id))
        .filter((m) => m.messageKey === "client.step.checkin")
        .map((m) => [m.dedupeKey, m.dueAt.toISOString()]);
    core.clock.set("2027-03-24T17:45:00Z"); // answered early (before the first check-in) in the evening
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "in_progress" });
    expect(await pending()).toEqual([[checkInDedupeKey(step.id, 2), "2027-03-31T08:00:00.000Z"]]); // 10:00 CEST, past the switch
    core.clock.set("2027-03-31T08:05:00Z");
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help" });
    expect(await pending()).toEqual([[checkInDedupeKey(step.id, 3), "2027-04-07T08:00:00.000Z"]]);
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "done" });
    expect(await pending()).toEqual([]);
  });
});

describe("alerts to a manager inside the quiet hours wait for the morning", () => {
  async function appointmentWorld(now: string) {
    const core = testCore(now);
    const tenant = await seedTenant(core, "t1");
    const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
    const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
    await seedAppointment(core, { id: "a1", tenantId: tenant.id, managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-30T08:00:00Z") });
    const managerRows = () => core.store.outbox.listPendingForRecipient("manager", eva.id);
    return { core, amina, managerRows };
  }

  it.each([
    ["at 23:30 the night of the spring-forward switch", "2027-03-27T22:30:00Z", "2027-03-28T06:00:00.000Z"],
    ["at 20:59 (not yet quiet)", "2027-03-29T18:59:00Z", "2027-03-29T18:59:00.000Z"],
    ["at 21:00 (quiet)", "2027-03-29T19:00:00Z", "2027-03-30T06:00:00.000Z"],
    ["at 07:59 (quiet)", "2027-03-29T05:59:00Z", "2027-03-29T06:00:00.000Z"],
  ])("a declined appointment %s", async (_label, now, dueAt) => {
    const { core, amina, managerRows } = await appointmentWorld(now);
    await answerAppointment(core.deps, clientActor(amina), { appointmentId: "a1", answer: "cannot_come" });
    expect((await managerRows()).map((m) => [m.messageKey, m.dueAt.toISOString()])).toEqual([["manager.appointment.declined", dueAt]]);
  });

  it("'other time' at night", async () => {
    const { core, amina, managerRows } = await appointmentWorld("2027-03-29T01:00:00Z");
    await answerAppointment(core.deps, clientActor(amina), { appointmentId: "a1", answer: "other_time" });
    expect((await managerRows()).map((m) => m.dueAt.toISOString())).toEqual(["2027-03-29T06:00:00.000Z"]);
  });

  it("a client who needs help at night (check-in answer)", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const world = await seedPlanWorld(core);
    const { goal } = await seedPlanWithGoal(core, world);
    const { step } = await addStep(core.deps, world.actors.manager, {
      goalId: goal.id,
      catalogueKey: "apply_for_jobs",
      params: { profession: "Elektriker" },
      cadenceDays: 7,
    });
    core.clock.set("2027-03-07T22:15:00Z"); // 23:15 CET
    await answerCheckIn(core.deps, world.actors.client, { stepId: step.id, answer: "need_help" });
    const [alert] = await core.store.outbox.listPendingForRecipient("manager", world.manager.id);
    expect(alert).toMatchObject({ messageKey: "manager.escalation.need_help", dueAt: new Date("2027-03-08T07:00:00Z") }); // 08:00 CET
  });

  it("a declined consent at night", async () => {
    const core = testCore("2027-10-30T23:30:00Z"); // 00:30 CEST on the fall-back night
    const tenant = await seedTenant(core, "t1");
    const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
    const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id, consent: false });
    await declineConsent(core.deps, clientActor(amina), "telegram");
    const [alert] = await core.store.outbox.listPendingForRecipient("manager", eva.id);
    expect(alert).toMatchObject({ messageKey: "manager.escalation.consent_declined", dueAt: new Date("2027-10-31T07:00:00Z") }); // 08:00 CET
  });
});
