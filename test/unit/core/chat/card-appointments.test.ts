import { describe, expect, it } from "vitest";
import { answerAppointment } from "../../../../src/core/appointments/answer-appointment.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { openClientAction } from "../../../../src/core/chat/chat-actions.ts";
import type { Outbound } from "../../../../src/core/dialog/messages.ts";
import { button, buttons, byKey, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore } from "../../../support/core-deps.ts";
import { clientActor, staffActor } from "../../../support/seed.ts";

const chat = telegramChat("100");
const startOf = (message: Outbound | undefined) => (message?.parts[0]?.params?.startsAt as { iso: string } | undefined)?.iso;

describe("every appointment of a client is reachable from the card", () => {
  it("the card lists the next appointments; 'all appointments' gives each its own move and cancel, and past ones attended / missed", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const amina = clients[0];
    if (!amina) throw new Error("no client");
    const eva = staffActor(manager);
    const past = await createAppointment(core.deps, eva, { clientIds: [amina.id], startsAt: "2027-03-01T10:00:00Z", place: "Büro", kind: "office" });
    const starts = ["2027-03-04T09:00:00Z", "2027-03-08T13:00:00Z", "2027-03-10T08:00:00Z", "2027-03-15T09:30:00Z"];
    const ahead: Awaited<ReturnType<typeof createAppointment>>[] = [];
    for (const startsAt of starts) ahead.push(await createAppointment(core.deps, eva, { clientIds: [amina.id], startsAt, place: "Rathaus" }));
    await answerAppointment(core.deps, clientActor(amina), { appointmentId: ahead[1]?.id, answer: "confirm" });
    core.clock.set("2027-03-02T09:00:00Z");

    const [card] = await send(tap(openClientAction.encode(amina.id)));
    const appointments = card?.parts.find((part) => part.key === "manager_card.card.upcoming_appointments");
    expect((appointments?.params?.appointments as { items: unknown[] }).items).toHaveLength(3);
    expect(keys([card!])).toContain("manager_card.card.more_appointments");
    expect(card?.parts.find((part) => part.key === "manager_card.card.unmarked_appointments")?.params).toEqual({ count: 1 });
    // Several appointments: no move/cancel of only the next one on the card, but the list.
    expect(buttons([card!]).map((b) => b.labelKey)).not.toContain("manager_card.button.move");

    const list = await send(tap(button([card!], byKey("manager_card.button.appointments"))));
    expect(keys(list)).toEqual([
      "manager_card.appointments.title",
      "manager_card.appointments.line.scheduled",
      "manager_card.appointments.line.confirmed",
      "manager_card.appointments.line.scheduled",
      "manager_card.appointments.line.scheduled",
      "manager_card.appointments.unmarked_title",
      "manager_card.appointments.line.scheduled",
    ]);
    expect(list.slice(1, 5).map(startOf)).toEqual(starts.map((iso) => new Date(iso).toISOString()));
    expect(startOf(list[6])).toBe(past.startsAt.toISOString());

    // The third appointment (not the next one) is moved from its own buttons; the others stay.
    const third = list[3];
    expect(buttons([third!]).map((b) => b.labelKey)).toEqual(["manager_card.button.move", "manager_card.button.cancel"]);
    await send(tap(button([third!], byKey("manager_card.button.move"))));
    await send(text("12.03. 11 Uhr"));
    const afterMove = await core.store.appointments.listForClient(amina.id);
    expect(afterMove.find((a) => a.id === ahead[2]?.id)?.startsAt).toEqual(new Date("2027-03-12T10:00:00Z"));
    expect(afterMove.find((a) => a.id === ahead[0]?.id)?.startsAt).toEqual(new Date(starts[0] ?? ""));

    // The fourth is cancelled; the past one is marked attended, and the log opens with its day and duration.
    const fourth = list[4];
    const confirm = await send(tap(button([fourth!], byKey("manager_card.button.cancel"))));
    await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect((await core.store.appointments.get(ahead[3]?.id ?? ""))?.status).toBe("cancelled");
    const attended = await send(tap(button([list[6]!], byKey("manager_jobs.attendance.attended_button"))));
    expect(keys(attended)[0]).toBe("manager_jobs.attendance.marked_attended");
    expect((await core.store.appointments.get(past.id))?.status).toBe("attended");

    // The card now: three upcoming, nothing past left to mark.
    const [again] = await send(tap(openClientAction.encode(amina.id)));
    expect(keys([again!])).not.toContain("manager_card.card.unmarked_appointments");
    expect(keys([again!])).not.toContain("manager_card.card.more_appointments");
  });

  it("one appointment keeps its move and cancel on the card; without any, there is no list button", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], chat);
    const amina = clients[0];
    if (!amina) throw new Error("no client");
    const [empty] = await send(tap(openClientAction.encode(amina.id)));
    expect(buttons([empty!]).map((b) => b.labelKey)).not.toContain("manager_card.button.appointments");
    await createAppointment(core.deps, staffActor(manager), { clientIds: [amina.id], startsAt: "2027-03-04T09:00:00Z", place: "Rathaus" });
    const [card] = await send(tap(openClientAction.encode(amina.id)));
    expect(keys([card!])).toContain("manager_card.card.next_appointment");
    expect(buttons([card!]).map((b) => b.labelKey)).toEqual(expect.arrayContaining(["manager_card.button.move", "manager_card.button.cancel"]));
    expect(buttons([card!]).map((b) => b.labelKey)).not.toContain("manager_card.button.appointments");
  });
});
