import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../../src/core/appointments/model.ts";
import { attendanceLogAction } from "../../../../src/core/chat/attendance-flow.ts";
import { planAttendancePrompts } from "../../../../src/core/reminders/plan-attendance-prompts.ts";
import { byKey, button, buttons, command, keys, linkedManager, tap, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

const chat = telegramChat("100", "de");
const since = new Date("2027-01-01T00:00:00Z");

async function appointmentFor(core: TestCore, tenantId: string, managerId: string, clientIds: string[], id = "a1"): Promise<Appointment> {
  const appointment: Appointment = {
    id,
    tenantId,
    managerId,
    clientIds,
    startsAt: new Date("2027-03-01T09:00:00Z"),
    durationMin: 60,
    place: "Rathaus, Zimmer 3",
    kind: "counselling",
    interpreter: false,
    status: "scheduled",
    clientAnswer: null,
    coordinates: null,
    sequence: 0,
    createdAt: since,
    updatedAt: since,
  };
  await core.store.appointments.create(appointment);
  return appointment;
}

/** The manager's attendance prompt as the dispatcher would send it: its buttons. */
async function promptButtons(core: TestCore) {
  await planAttendancePrompts(core.deps);
  const prompt = [...core.store.state.outbox.values()].find((m) => m.messageKey === "manager_jobs.attendance.prompt");
  if (!prompt) throw new Error("no attendance prompt planned");
  return { attended: prompt.actions[0]?.data, missed: prompt.actions[1]?.data };
}

describe("attendance prompt buttons", () => {
  it("'attended' records it and goes straight on to the contact log for that client, prefilled with the appointment's kind, day and duration", async () => {
    const core = testCore("2027-03-01T08:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const amina = clients[0]!;
    await appointmentFor(core, manager.tenantId, manager.id, [amina.id]);
    core.clock.set("2027-03-01T10:00:00Z");
    const { attended } = await promptButtons(core);

    const reply = await send(tap(attended));
    // Kind, day and duration come from the appointment (a counselling at the office, 60 minutes, today): only the
    // areas and the note are asked.
    expect(keys(reply)).toEqual(["manager_jobs.attendance.marked_attended", "manager.contact.areas"]);
    expect(reply[0]?.edit).toBe(true);
    expect((await core.store.appointments.get("a1"))?.status).toBe("attended");

    const note = await send(tap(button(reply, byKey("dialog.button.done"))));
    expect(keys(note)).toEqual(["manager.contact.note"]);
    const logged = await send(tap(button(note, byKey("dialog.button.skip"))));
    expect(logged[0]?.parts[0]?.params).toMatchObject({ kind: { t: "key", key: "manager.kind.office" }, minutes: 60 });
    expect(await core.store.contacts.latestForClient(amina.id)).toMatchObject({ kind: "office", durationMin: 60, at: core.clock.now() });
  });

  it("'missed' records it and offers the log with one button; a later 'attended' corrects it", async () => {
    const core = testCore("2027-03-01T08:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const amina = clients[0]!;
    await appointmentFor(core, manager.tenantId, manager.id, [amina.id]);
    core.clock.set("2027-03-01T10:00:00Z");
    const { attended, missed } = await promptButtons(core);

    const reply = await send(tap(missed));
    expect(keys(reply)).toEqual(["manager_jobs.attendance.marked_missed"]);
    expect((await core.store.appointments.get("a1"))?.status).toBe("missed");
    expect(buttons(reply).map((b) => b.data)).toEqual([attendanceLogAction.encode(amina.id)]);
    expect(keys(await send(tap(attendanceLogAction.encode(amina.id))))).toEqual(["manager.contact.kind"]);

    await send(command("cancel"));
    await send(tap(attended));
    expect((await core.store.appointments.get("a1"))?.status).toBe("attended");
  });

  it("with several clients the log asks whom it is about", async () => {
    const core = testCore("2027-03-01T08:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Omar Haddad"], chat);
    await appointmentFor(
      core,
      manager.tenantId,
      manager.id,
      clients.map((c) => c.id),
    );
    core.clock.set("2027-03-01T10:00:00Z");
    const { attended } = await promptButtons(core);
    expect(keys(await send(tap(attended)))).toEqual(["manager_jobs.attendance.marked_attended", "manager.contact.client"]);
  });

  it("a cancelled appointment is not marked, and another manager cannot mark it", async () => {
    const core = testCore("2027-03-01T08:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const appointment = await appointmentFor(core, manager.tenantId, manager.id, [clients[0]!.id]);
    core.clock.set("2027-03-01T10:00:00Z");
    const { attended } = await promptButtons(core);
    await core.store.appointments.update({ ...appointment, status: "cancelled" });
    expect(keys(await send(tap(attended)))).toEqual(["errors.conflict"]);
    expect((await core.store.appointments.get("a1"))?.status).toBe("cancelled");

    const other = await linkedManager(core, [], telegramChat("200", "de"));
    await core.store.appointments.update({ ...appointment, status: "scheduled" });
    expect(keys(await other.send(tap(attended)))).toEqual(["errors.forbidden"]);
    expect((await core.store.appointments.get("a1"))?.status).toBe("scheduled");
  });
});
