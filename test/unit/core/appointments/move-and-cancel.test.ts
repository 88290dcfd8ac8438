import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { cancelAppointment } from "../../../../src/core/appointments/cancel-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import type { AppointmentView } from "../../../../src/core/appointments/model.ts";
import { moveAppointment } from "../../../../src/core/appointments/move-appointment.ts";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, outbox, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("moving and cancelling an appointment", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;
  let appointment: AppointmentView;
  let reminder: OutboxMessage;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
    appointment = await createAppointment(core.deps, eva, {
      clientIds: [world.amina.id, world.omar.id],
      startsAt: new Date("2027-03-04T08:00:00Z"),
      place: "Rathaus, Zimmer 3",
    });
    reminder = {
      id: "reminder-1",
      dedupeKey: `appt:${appointment.id}:remind:24h`,
      tenantId: world.tenant.id,
      recipientKind: "client",
      recipientId: world.amina.id,
      clientId: world.amina.id,
      messageKey: "client.appointment.reminder",
      params: { startsAt: "2027-03-04T08:00:00.000Z", place: "Rathaus, Zimmer 3" },
      actions: [],
      dueAt: new Date("2027-03-03T08:00:00Z"),
      status: "pending",
      attempts: 0,
      claimedUntil: null,
      providerMessageId: null,
      lastError: null,
      createdAt: new Date("2027-03-01T09:00:00Z"),
      sentAt: null,
    };
    await core.store.outbox.enqueue(reminder);
    core.clock.advance(60_000);
    core.store.state.audit = [];
  });

  const snapshot = () => structuredClone(core.store.state);
  const pending = () => outbox(core).filter((m) => m.status === "pending");

  describe("moveAppointment", () => {
    it("cancels the pending reminder and notice, and tells the consenting client the new time with answer buttons", async () => {
      const moved = await moveAppointment(core.deps, eva, { appointmentId: appointment.id, startsAt: "2027-03-05T13:30:00Z", place: "Büro, Marktstr. 1" });
      expect(moved).toMatchObject({ startsAt: new Date("2027-03-05T13:30:00Z"), place: "Büro, Marktstr. 1", status: "scheduled" });
      expect((await core.store.outbox.get(reminder.id))?.status).toBe("cancelled");
      const fresh = pending().filter((m) => m.dedupeKey.includes(":remind:"));
      expect(fresh.map((m) => m.params.startsAt)).toEqual(["2027-03-05T13:30:00.000Z", "2027-03-05T13:30:00.000Z"]);
      expect(pending().filter((m) => !m.dedupeKey.includes(":remind:"))).toEqual([
        expect.objectContaining({
          recipientId: world.amina.id,
          messageKey: "client.appointment.moved",
          params: {
            startsAt: "2027-03-05T13:30:00.000Z",
            previousStartsAt: "2027-03-04T08:00:00.000Z",
            durationMin: 60,
            place: "Büro, Marktstr. 1",
            managerName: "Eva Muster",
            appointmentId: appointment.id,
          },
        }),
      ]);
      expect(pending().find((m) => m.dedupeKey.includes(":notice:"))?.actions).toHaveLength(3);
      expect(core.store.state.audit.map((e) => [e.action, e.clientId])).toEqual([
        ["appointment.move", world.amina.id],
        ["appointment.move", world.omar.id],
      ]);
    });

    it("asks again after the client asked for another time, and closes that request", async () => {
      await answerAppointment(core.deps, clientActor(world.amina), { appointmentId: appointment.id, answer: "other_time", text: "lieber nachmittags" });
      await moveAppointment(core.deps, eva, { appointmentId: appointment.id, startsAt: "2027-03-04T14:00:00Z" });
      const stored = await core.store.appointments.get(appointment.id);
      expect(stored).toMatchObject({ status: "scheduled", clientAnswer: null });
      expect(await core.store.escalations.listOpenForManager(world.eva.id)).toEqual([]);
    });

    it("keeps a reminder that was already sent", async () => {
      core.store.state.outbox.set(reminder.id, { ...reminder, status: "sent", sentAt: new Date("2027-03-01T09:00:30Z") });
      await moveAppointment(core.deps, eva, { appointmentId: appointment.id, place: "Büro" });
      expect((await core.store.outbox.get(reminder.id))?.status).toBe("sent");
    });

    it.each([
      ["another manager", () => staffActor(world.jonas)],
      ["an unassigned supervisor", () => staffActor(world.sara)],
      ["the client", () => clientActor(world.amina)],
      ["a manager of another tenant", () => staffActor(world.mia)],
      ["a stranger", (): Actor => ({ kind: "stranger" })],
    ])("is not for %s: the reminder stays", async (_label, actor) => {
      const before = snapshot();
      await expectDomainError(moveAppointment(core.deps, actor(), { appointmentId: appointment.id, startsAt: "2027-03-05T13:30:00Z" }), "forbidden");
      expect(core.store.state).toEqual(before);
    });

    it.each([
      ["a start in the past", { startsAt: "2027-02-28T10:00:00Z" }],
      ["nothing to change", {}],
      ["a place over 200 characters", { place: "x".repeat(201) }],
    ])("refuses %s and changes nothing", async (_label, change) => {
      const before = snapshot();
      await expectDomainError(moveAppointment(core.deps, eva, { appointmentId: appointment.id, ...change }), "invalid_input");
      expect(core.store.state).toEqual(before);
    });

    it("does nothing when nothing changes", async () => {
      const before = snapshot();
      await moveAppointment(core.deps, eva, { appointmentId: appointment.id, startsAt: appointment.startsAt });
      expect(core.store.state).toEqual(before);
    });

    it("cannot move a cancelled appointment or an unknown one", async () => {
      await cancelAppointment(core.deps, eva, { appointmentId: appointment.id });
      await expectDomainError(moveAppointment(core.deps, eva, { appointmentId: appointment.id, place: "Büro" }), "conflict");
      await expectDomainError(moveAppointment(core.deps, eva, { appointmentId: "nope", place: "Büro" }), "not_found");
    });
  });

  describe("cancelAppointment", () => {
    it("cancels pending reminders and tells the consenting client, without buttons", async () => {
      const cancelled = await cancelAppointment(core.deps, eva, { appointmentId: appointment.id });
      expect(cancelled.status).toBe("cancelled");
      expect((await core.store.outbox.get(reminder.id))?.status).toBe("cancelled");
      expect(pending().filter((m) => m.dedupeKey.includes(":remind:"))).toEqual([]);
      expect(pending()).toEqual([
        expect.objectContaining({
          recipientId: world.amina.id,
          messageKey: "client.appointment.cancelled",
          actions: [],
          params: { startsAt: "2027-03-04T08:00:00.000Z", place: "Rathaus, Zimmer 3", managerName: "Eva Muster", appointmentId: appointment.id },
        }),
      ]);
    });

    it("tells nobody who withdrew consent", async () => {
      await core.store.consents.append({
        id: "withdrawn",
        clientId: world.amina.id,
        purpose: "messaging",
        version: 1,
        given: false,
        channel: "telegram",
        at: core.clock.now(),
      });
      await cancelAppointment(core.deps, eva, { appointmentId: appointment.id });
      expect(pending()).toEqual([]);
    });

    it("cannot be cancelled twice, nor by the client or another manager", async () => {
      await expectDomainError(cancelAppointment(core.deps, clientActor(world.amina), { appointmentId: appointment.id }), "forbidden");
      await expectDomainError(cancelAppointment(core.deps, staffActor(world.jonas), { appointmentId: appointment.id }), "forbidden");
      await cancelAppointment(core.deps, eva, { appointmentId: appointment.id });
      const before = snapshot();
      await expectDomainError(cancelAppointment(core.deps, eva, { appointmentId: appointment.id }), "conflict");
      expect(core.store.state).toEqual(before);
    });
  });
});
