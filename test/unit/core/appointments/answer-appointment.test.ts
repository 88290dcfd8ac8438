import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { cancelAppointment } from "../../../../src/core/appointments/cancel-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { getAppointment } from "../../../../src/core/appointments/get-appointment.ts";
import type { AppointmentView } from "../../../../src/core/appointments/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, outbox, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("answerAppointment", () => {
  let core: TestCore;
  let world: World;
  let amina: Actor;
  let appointment: AppointmentView;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedWorld(core);
    amina = clientActor(world.amina);
    appointment = await createAppointment(core.deps, staffActor(world.eva), {
      clientIds: [world.amina.id, world.omar.id],
      startsAt: new Date("2027-03-04T08:00:00Z"),
      place: "Rathaus, Zimmer 3",
    });
    core.store.state.outbox.clear();
    core.store.state.audit = [];
    core.clock.advance(60_000);
  });

  const snapshot = () => structuredClone(core.store.state);
  const managerMessages = () => outbox(core).filter((m) => m.recipientKind === "manager");
  const openEscalations = () => core.store.escalations.listOpenForManager(world.eva.id);

  it("confirms: the appointment is confirmed and the primary manager told at once, without an escalation", async () => {
    const answered = await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "confirm" });
    expect(answered.status).toBe("confirmed");
    expect(managerMessages()).toEqual([
      expect.objectContaining({
        recipientId: world.eva.id,
        clientId: world.amina.id,
        messageKey: "manager.appointment.confirmed",
        params: { clientName: "Amina Haddad", startsAt: "2027-03-04T08:00:00.000Z", place: "Rathaus, Zimmer 3" },
        dueAt: core.clock.now(),
      }),
    ]);
    expect(await openEscalations()).toEqual([]);
    expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "appointment.answer", actorKind: "client", clientId: world.amina.id })]);
  });

  it("cannot come: declined, an escalation for the manager and a message", async () => {
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "cannot_come" });
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("declined");
    expect(await openEscalations()).toEqual([
      expect.objectContaining({ kind: "cannot_come", clientId: world.amina.id, subjectId: appointment.id, status: "open" }),
    ]);
    expect(managerMessages().map((m) => m.messageKey)).toEqual(["manager.appointment.declined"]);
  });

  it("other time: the short text is stored encrypted and never put into a message", async () => {
    const text = "Bitte Donnerstag nach 14 Uhr, wegen Sprachkurs";
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "other_time", text });
    const stored = await core.store.appointments.get(appointment.id);
    expect(stored).toMatchObject({ status: "other_time_requested", clientAnswer: `sealed(${text})` });
    expect(await openEscalations()).toEqual([expect.objectContaining({ kind: "other_time", subjectId: appointment.id })]);
    expect(managerMessages().map((m) => m.messageKey)).toEqual(["manager.appointment.other_time"]);
    expect(JSON.stringify(outbox(core))).not.toContain("Sprachkurs");
  });

  it("the answer text is read by the case's manager only, not by the supervisor or the client", async () => {
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "other_time", text: "nachmittags" });
    expect((await getAppointment(core.deps, staffActor(world.eva), { appointmentId: appointment.id })).clientAnswerText).toBe("nachmittags");
    expect((await getAppointment(core.deps, staffActor(world.sara), { appointmentId: appointment.id })).clientAnswerText).toBeNull();
    expect((await getAppointment(core.deps, amina, { appointmentId: appointment.id })).clientAnswerText).toBeNull();
  });

  it("tells the primary manager, also when a colleague holds the appointment", async () => {
    await core.store.appointments.update({ ...(await core.store.appointments.get(appointment.id))!, managerId: world.jonas.id });
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "cannot_come" });
    expect(managerMessages().map((m) => m.recipientId)).toEqual([world.eva.id]);
  });

  it("a second tap changes nothing; changing one's mind closes the escalation", async () => {
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "cannot_come" });
    const before = snapshot();
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "cannot_come" });
    expect(core.store.state).toEqual(before);
    await answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "confirm" });
    expect(await openEscalations()).toEqual([]);
    expect((await core.store.appointments.get(appointment.id))?.status).toBe("confirmed");
  });

  it.each([
    ["a client who is not invited", () => clientActor(world.yusuf)],
    ["a client of another tenant", () => clientActor(world.lena)],
    ["the manager", () => staffActor(world.eva)],
    ["a stranger", (): Actor => ({ kind: "stranger" })],
  ])("is not for %s and changes nothing", async (_label, actor) => {
    const before = snapshot();
    await expectDomainError(answerAppointment(core.deps, actor(), { appointmentId: appointment.id, answer: "confirm" }), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["text with a confirmation", { answer: "confirm", text: "ok" }],
    ["a text over 300 characters", { answer: "other_time", text: "x".repeat(301) }],
    ["an unknown answer", { answer: "maybe" }],
  ])("refuses %s and changes nothing", async (_label, answer) => {
    const before = snapshot();
    await expectDomainError(answerAppointment(core.deps, amina, { appointmentId: appointment.id, ...answer }), "invalid_input");
    expect(core.store.state).toEqual(before);
  });

  it("cannot answer a cancelled appointment or one that has begun", async () => {
    core.clock.set("2027-03-04T08:00:00Z");
    await expectDomainError(answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "confirm" }), "conflict");
    core.clock.set("2027-03-02T08:00:00Z");
    await cancelAppointment(core.deps, staffActor(world.eva), { appointmentId: appointment.id });
    await expectDomainError(answerAppointment(core.deps, amina, { appointmentId: appointment.id, answer: "confirm" }), "conflict");
  });
});
