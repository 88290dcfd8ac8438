import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { quickLogClientAction, reviewDoneAction, reviewSnoozeAction } from "../../../../src/core/chat/chat-actions.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import type { ChatSession, Inbound } from "../../../../src/core/dialog/inbound.ts";
import type { Button, Outbound } from "../../../../src/core/dialog/messages.ts";
import { createPlan } from "../../../../src/core/plans/create-plan.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedClient, seedConsent, seedTenant, staffActor } from "../../../support/seed.ts";

const chat: ChatSession = { channel: "telegram", externalId: "100", conversationRef: JSON.stringify({ chatId: "100" }), locale: "de" };
const command = (name: string, args = ""): Inbound => ({ kind: "command", command: name, args });
const text = (value: string): Inbound => ({ kind: "text", text: value });
const tap = (data: string | undefined): Inbound => ({ kind: "action", data: data ?? "" });
const keys = (outbound: Outbound[]) => outbound.flatMap((o) => o.parts.map((p) => p.key));
const buttons = (outbound: Outbound[]): Button[] => outbound.flatMap((o) => o.buttons?.flat() ?? []);
const button = (outbound: Outbound[], match: (b: Button) => boolean) => {
  const found = buttons(outbound).find(match);
  if (!found?.data) throw new Error(`no such button in ${JSON.stringify(outbound)}`);
  return found.data;
};
const byLabel = (label: string) => (b: Button) => b.label === label;
const byKey = (key: string) => (b: Button) => b.labelKey === key;

/** A manager linked to the chat, with a caseload of clients by name. */
async function linkedManager(core: TestCore, names: string[]) {
  const tenantId = await seedTenant(core.store);
  const { manager, invite } = await addManager(core.deps, operator, { tenantId, name: "Petra Neu" });
  await handleInbound(core.deps, chat, command("start", invite.code));
  const clients = [];
  for (const name of names) {
    const client = await seedClient(core.store, tenantId, { managerId: manager.id, name });
    await seedConsent(core.store, client.id);
    clients.push(client);
  }
  const send = (inbound: Inbound) => handleInbound(core.deps, chat, inbound).then((reply) => reply.outbound);
  return { manager, clients, send };
}

describe("staff chat flows", () => {
  it("/appointment: client tapped, time typed naturally, place, kind, confirm → stored, the client is told", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"]);
    const asked = await send(command("appointment"));
    expect(keys(asked)).toEqual(["manager.appointment.client"]);
    expect(buttons(asked).filter((b) => b.label).map((b) => b.label)).toEqual(["Amina Haddad", "Yusuf Karimi"]);
    expect(keys(await send(tap(button(asked, byLabel("Amina Haddad")))))).toEqual(["manager.appointment.starts_at"]);
    expect(keys(await send(text("morgen 10")))).toEqual(["manager.appointment.place"]);
    const kind = await send(text("Rathaus, Zimmer 3"));
    expect(keys(kind)).toEqual(["manager.appointment.kind"]);
    const confirm = await send(tap(button(kind, byKey("manager.kind.home_visit"))));
    expect(keys(confirm)).toEqual(["manager.appointment.confirm"]);
    const done = await send(tap(button(confirm, byKey("dialog.button.yes"))));
    expect(done).toEqual([
      { parts: [{ key: "manager.appointment.created", params: { startsAt: { t: "datetime", iso: "2027-03-02T09:00:00.000Z", zone: "Europe/Berlin" }, place: "Rathaus, Zimmer 3" } }] },
    ]);
    const stored = await core.store.appointments.listForClient(clients[1]?.id ?? "");
    expect(stored).toMatchObject([{ managerId: manager.id, place: "Rathaus, Zimmer 3", kind: "home_visit", startsAt: new Date("2027-03-02T09:00:00Z") }]);
    expect((await core.store.outbox.listPendingForRecipient("client", clients[1]?.id ?? "")).map((m) => m.messageKey)).toContain("client.appointment.created");
  });

  it("/log: client typed, kind, areas, duration typed, note skipped → the contact is stored", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Yusuf Karimi", "Amina Haddad"]);
    expect(keys(await send(command("log")))).toEqual(["manager.contact.client"]);
    const kind = await send(text("yusuf"));
    expect(keys(kind)).toEqual(["manager.contact.kind"]);
    const areas = await send(tap(button(kind, byKey("manager.kind.phone"))));
    expect(keys(areas)).toEqual(["manager.contact.areas"]);
    const toggled = await send(tap(button(areas, byKey("areas.housing"))));
    expect(toggled[0]?.edit).toBe(true);
    expect(buttons(toggled).find(byKey("areas.housing"))?.selected).toBe(true);
    expect(keys(await send(tap(button(toggled, byKey("dialog.button.done")))))).toEqual(["manager.contact.duration"]);
    const note = await send(text("45 min"));
    expect(keys(note)).toEqual(["manager.contact.note"]);
    const logged = await send(tap(button(note, byKey("dialog.button.skip"))));
    expect(logged).toEqual([{ parts: [{ key: "manager.contact.logged", params: { kind: { t: "key", key: "manager.kind.phone" }, minutes: 45 } }] }]);
    expect(await core.store.contacts.latestForClient(clients[0]?.id ?? "")).toMatchObject({ kind: "phone", durationMin: 45, areas: ["housing"], note: null });
  });

  it("a one-line log with an ambiguous name asks which client, then logs for the one tapped", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { clients, send } = await linkedManager(core, ["Amina Haddad", "Amina Said", "Yusuf Karimi"]);
    const which = await send(text("log Amina 30 Hausbesuch Wohnen: Vermieter angerufen"));
    expect(keys(which)).toEqual(["manager.contact.which_client"]);
    expect(buttons(which).map((b) => b.label).sort()).toEqual(["Amina Haddad", "Amina Said"]);
    const said = clients[1]?.id ?? "";
    expect(button(which, byLabel("Amina Said"))).toBe(quickLogClientAction.encode(said));
    expect(keys(await send(tap(quickLogClientAction.encode(said))))).toEqual(["manager.contact.logged"]);
    expect(await core.store.contacts.latestForClient(said)).toMatchObject({ kind: "home_visit", durationMin: 30, areas: ["housing"] });
    expect(await core.store.contacts.latestForClient(clients[0]?.id ?? "")).toBeNull();
    expect(keys(await send(tap(quickLogClientAction.encode(said))))).toEqual(["dialog.stale"]);
    expect(keys(await send(command("log", "Yusuf tel 1h Arbeit")))).toEqual(["manager.contact.logged"]);
  });

  it("/agenda shows today's appointment with time, client and place, and tomorrow", async () => {
    const core = testCore("2027-03-01T07:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"]);
    await createAppointment(core.deps, staffActor(manager), { clientIds: [clients[0]?.id], startsAt: "2027-03-01T13:00:00Z", place: "Büro" });
    const [agenda] = await send(command("agenda"));
    expect(agenda?.parts.map((p) => p.key)).toEqual(["manager.agenda.today", "manager.agenda.appointment", "manager.agenda.tomorrow", "manager.agenda.free"]);
    expect(agenda?.parts[1]?.params).toMatchObject({ time: { t: "time", iso: "2027-03-01T13:00:00.000Z" }, clientName: "Amina Haddad", place: "Büro" });
  });

  it("/review lists due plans; 'review done' bumps the version, 'snooze' moves the date a week", async () => {
    const core = testCore("2027-03-01T09:00:00Z");
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad", "Yusuf Karimi"]);
    const first = await createPlan(core.deps, staffActor(manager), { clientId: clients[0]?.id, nextReviewAt: "2027-03-02T08:00:00Z" });
    const second = await createPlan(core.deps, staffActor(manager), { clientId: clients[1]?.id, nextReviewAt: "2027-03-02T08:00:00Z" });
    expect(keys(await send(command("review")))).toEqual(["manager.review.none"]);
    core.clock.advance(2 * 24 * 60 * 60 * 1000);
    const due = await send(command("review"));
    expect(keys(due)).toEqual(["manager.review.overdue", "manager.review.overdue"]);
    const done = await send(tap(button(due, (b) => b.data === reviewDoneAction.encode(first.id))));
    expect(keys(done)).toEqual(["manager.review.done"]);
    expect((await core.store.plans.get(first.id))?.version).toBe(2);
    expect(keys(await send(tap(reviewSnoozeAction.encode(second.id))))).toEqual(["manager.review.snoozed"]);
    expect((await core.store.plans.get(second.id))?.nextReviewAt).toEqual(new Date("2027-03-10T09:00:00Z"));
    expect(keys(await send(command("review")))).toEqual(["manager.review.none"]);
  });
});
