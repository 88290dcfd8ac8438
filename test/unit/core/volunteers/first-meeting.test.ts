import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { clientCardMessage } from "../../../../src/core/chat/client-card.ts";
import type { OutboxMessage } from "../../../../src/core/outbox/model.ts";
import { eraseClient } from "../../../../src/core/privacy/erase-client.ts";
import { endVolunteerMatch } from "../../../../src/core/volunteers/end-match.ts";
import { issueVolunteerInvite } from "../../../../src/core/volunteers/issue-volunteer-invite.ts";
import { matchVolunteer } from "../../../../src/core/volunteers/match-volunteer.ts";
import { registerVolunteer } from "../../../../src/core/volunteers/register-volunteer.ts";
import { setFirstMeeting } from "../../../../src/core/volunteers/set-first-meeting.ts";
import { button, buttons, byKey, command, keys, linkedManager, tap, telegramChat, text } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedManager, seedWorld, staffActor } from "../../../support/seed.ts";

// Monday 1 March 2027, 10:00 in Berlin.
const NOW = "2027-03-01T09:00:00Z";
// Thursday 4 March 2027, 15:00 in Berlin.
const THURSDAY_15 = "2027-03-04T14:00:00.000Z";
const LIBRARY = "Stadtbücherei, Marktplatz 1";

/** Amina (Arabic, consenting) matched with Zora, whose Telegram chat is linked in Arabic. */
async function matched(core: TestCore, { linkZora = true } = {}) {
  const seeded = await seedWorld(core.store);
  await core.store.municipalities.create({ id: "m-plo", tenantId: seeded.tenantId, name: "Plochingen", createdAt: new Date(0) });
  await core.store.clients.update({ ...seeded.client, municipalityId: "m-plo" });
  const actor = staffActor(seeded.manager);
  const zora = await registerVolunteer(core.deps, actor, {
    municipalityId: "m-plo",
    name: "Zora Weber",
    languages: ["ar"],
    offers: ["language_tandem"],
    availability: "montags abends",
    consent: true,
  });
  if (linkZora) {
    const invite = await issueVolunteerInvite(core.deps, actor, { volunteerId: zora.id });
    await handleInbound(core.deps, telegramChat("700", "ar"), command("start", invite.code));
  }
  const { match } = await matchVolunteer(core.deps, actor, {
    clientId: seeded.client.id,
    volunteerId: zora.id,
    offer: "language_tandem",
    contactWay: "volunteer_calls",
  });
  return { ...seeded, actor, zora, match };
}

const meetingRows = (core: TestCore, matchId: string): OutboxMessage[] =>
  [...core.store.state.outbox.values()].filter((m) => m.dedupeKey.startsWith(`match:${matchId}:meeting:`));
const pending = (core: TestCore, matchId: string) =>
  meetingRows(core, matchId)
    .filter((m) => m.status === "pending")
    .sort((a, b) => a.recipientKind.localeCompare(b.recipientKind) || a.dueAt.getTime() - b.dueAt.getTime())
    .map((m) => [m.recipientKind, m.messageKey, m.dueAt.toISOString()]);

/** The dispatcher sent every row due now (as it would). */
async function sendDue(core: TestCore): Promise<void> {
  for (const claimed of await core.store.outbox.claimDue(core.deps.clock.now(), 100, 60_000)) {
    await core.store.outbox.markSent(claimed, "sent", core.deps.clock.now());
  }
}

describe("the first meeting of a client and a volunteer", () => {
  it("tells both at once and plans a reminder for each the day before, at the meeting's time of day", async () => {
    const core = testCore(NOW);
    const { actor, client, zora, match } = await matched(core);
    const proposed = await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: LIBRARY });
    expect(proposed).toMatchObject({ clientTold: true, volunteerTold: true, unchanged: false });
    expect(await core.store.volunteerMatches.get(match.id)).toMatchObject({ meetingAt: new Date(THURSDAY_15), meetingPlace: LIBRARY, meetingVersion: 1 });
    expect(pending(core, match.id)).toEqual([
      ["client", "volunteers.meeting.proposed", NOW.replace("Z", ".000Z")],
      ["client", "volunteers.meeting.reminder", "2027-03-03T14:00:00.000Z"],
      ["volunteer", "volunteers.volunteer.meeting", NOW.replace("Z", ".000Z")],
      ["volunteer", "volunteers.volunteer.meeting_reminder", "2027-03-03T14:00:00.000Z"],
    ]);
    const rows = meetingRows(core, match.id);
    expect(rows.filter((m) => m.recipientKind === "client").map((m) => m.params)).toEqual([
      { name: "Zora", startsAt: THURSDAY_15, place: LIBRARY },
      { name: "Zora", startsAt: THURSDAY_15, place: LIBRARY },
    ]);
    expect(rows.filter((m) => m.recipientKind === "volunteer").map((m) => [m.recipientId, m.clientId, m.params])).toEqual([
      [zora.id, client.id, { firstName: "Amina", startsAt: THURSDAY_15, place: LIBRARY }],
      [zora.id, client.id, { firstName: "Amina", startsAt: THURSDAY_15, place: LIBRARY }],
    ]);
    // only first names travel: never the surnames
    expect(JSON.stringify(rows)).not.toMatch(/Haddad|Weber/);
  });

  it("moving it cancels the reminders still waiting and says 'moved' to whoever had the first notice", async () => {
    const core = testCore(NOW);
    const { actor, match } = await matched(core);
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: LIBRARY });
    await sendDue(core);
    const friday = "2027-03-05T16:00:00.000Z";
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: friday, place: "Rathaus, Zimmer 3" });
    expect(pending(core, match.id)).toEqual([
      ["client", "volunteers.meeting.moved", NOW.replace("Z", ".000Z")],
      ["client", "volunteers.meeting.reminder", "2027-03-04T16:00:00.000Z"],
      ["volunteer", "volunteers.volunteer.meeting_moved", NOW.replace("Z", ".000Z")],
      ["volunteer", "volunteers.volunteer.meeting_reminder", "2027-03-04T16:00:00.000Z"],
    ]);
    expect(
      meetingRows(core, match.id)
        .filter((m) => m.status === "cancelled")
        .map((m) => m.messageKey),
    ).toEqual(["volunteers.meeting.reminder", "volunteers.volunteer.meeting_reminder"]);
    // the same time and place again changes nothing and tells nobody twice
    const again = await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: friday, place: "Rathaus, Zimmer 3" });
    expect(again.unchanged).toBe(true);
    expect(pending(core, match.id)).toHaveLength(4);
  });

  it("a notice that never went (moved again before it was sent) is replaced by a first notice, not a 'moved' one", async () => {
    const core = testCore(NOW);
    const { actor, match } = await matched(core);
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: LIBRARY });
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: "Rathaus" });
    expect(pending(core, match.id).map(([, key]) => key)).toEqual([
      "volunteers.meeting.proposed",
      "volunteers.meeting.reminder",
      "volunteers.volunteer.meeting",
      "volunteers.volunteer.meeting_reminder",
    ]);
  });

  it("a reminder that would fall in the quiet hours comes the evening before them; none when the day before has passed", async () => {
    const core = testCore(NOW);
    const { actor, match } = await matched(core);
    // Wednesday 06:30 in Berlin: the day before at 06:30 is in the quiet hours, so the reminder comes before they begin
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: "2027-03-03T05:30:00.000Z", place: LIBRARY });
    const reminders = meetingRows(core, match.id).filter((m) => m.status === "pending" && m.messageKey.endsWith("reminder"));
    expect(reminders.map((m) => m.dueAt.toISOString())).toEqual(["2027-03-01T19:59:00.000Z", "2027-03-01T19:59:00.000Z"]);
    // tomorrow at 09:00: the day before at 09:00 has passed, so only the notices go
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: "2027-03-02T08:00:00.000Z", place: LIBRARY });
    expect(pending(core, match.id).map(([, key]) => key)).toEqual(["volunteers.meeting.proposed", "volunteers.volunteer.meeting"]);
  });

  it("tells nobody without consent or a chat, and the manager hears it; refuses the past, an ended match and supervisors", async () => {
    const core = testCore(NOW);
    const { actor, client, match, tenantId } = await matched(core, { linkZora: false });
    await core.store.consents.append({
      id: "c-withdrawn",
      clientId: client.id,
      purpose: "messaging",
      version: 1,
      given: false,
      channel: "telegram",
      at: new Date(NOW),
    });
    const proposed = await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: LIBRARY });
    expect(proposed).toMatchObject({ clientTold: false, volunteerTold: false });
    expect(pending(core, match.id)).toEqual([]);
    await expect(setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: "2027-02-28T10:00:00Z", place: LIBRARY })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const supervisor = await seedManager(core.store, tenantId, "supervisor", "Sabine Aufsicht");
    await expect(setFirstMeeting(core.deps, staffActor(supervisor), { matchId: match.id, startsAt: THURSDAY_15, place: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await endVolunteerMatch(core.deps, actor, { matchId: match.id, outcome: "helped" });
    await expect(setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: "x" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("ending the match cancels what waits; erasing the client removes time and place of the meeting", async () => {
    const core = testCore(NOW);
    const { actor, client, match } = await matched(core);
    await setFirstMeeting(core.deps, actor, { matchId: match.id, startsAt: THURSDAY_15, place: "bei Amina zuhause" });
    await endVolunteerMatch(core.deps, actor, { matchId: match.id, outcome: "no_contact" });
    expect(pending(core, match.id)).toEqual([]);
    await eraseClient(core.deps, operator, { clientId: client.id });
    expect(await core.store.volunteerMatches.get(match.id)).toMatchObject({ meetingAt: null, meetingPlace: null });
  });
});

describe("the first meeting in the manager's chat", () => {
  it("from the new match's button: a day and a time tapped, a place typed, read back, confirmed; the card shows it", async () => {
    const core = testCore(NOW);
    const { manager, clients, send } = await linkedManager(core, ["Amina Haddad"], telegramChat("100"));
    await core.store.municipalities.create({ id: "m-plo", tenantId: manager.tenantId, name: "Plochingen", createdAt: new Date(0) });
    await core.store.clients.update({ ...clients[0]!, municipalityId: "m-plo" });
    const actor = staffActor(manager);
    const zora = await registerVolunteer(core.deps, actor, {
      municipalityId: "m-plo",
      name: "Zora Weber",
      languages: ["ar"],
      offers: ["language_tandem"],
      availability: "montags abends",
      consent: true,
    });
    const who = await send(command("match"));
    const what = await send(tap(button(who, (b) => b.label === "Amina Haddad")));
    const whom = await send(tap(button(what, byKey("manager_volunteers.offer.language_tandem"))));
    const how = await send(tap(button(whom, (b) => (b.label ?? "").includes("Zora Weber"))));
    const done = await send(tap(button(how, byKey("manager_volunteers.contact.volunteer_calls"))));

    const when = await send(tap(button(done, byKey("manager_volunteers.button.meeting_new"))));
    expect(keys(when)).toEqual(["manager_volunteers.meeting.about", "manager_volunteers.meeting.starts_at"]);
    const at = await send(tap(button(when, byKey("manager_time_picker.tomorrow"))));
    const where = await send(tap(button(at, (b) => b.label === "15:00")));
    expect(keys(where)).toEqual(["manager_volunteers.meeting.place"]);
    const check = await send(text(LIBRARY));
    expect(check.flatMap((o) => o.parts)).toContainEqual({
      key: "manager_volunteers.meeting.summary",
      params: { startsAt: { t: "datetime", iso: "2027-03-02T14:00:00.000Z", zone: "Europe/Berlin" }, place: LIBRARY },
    });
    const saved = await send(tap(button(check, byKey("dialog.button.yes"))));
    expect(keys(saved)).toEqual(["manager_volunteers.meeting.done", "manager_volunteers.meeting.client_told", "manager_volunteers.meeting.volunteer_not_told"]);
    const [match] = await core.store.volunteerMatches.listForVolunteer(zora.id);
    expect(match).toMatchObject({ meetingAt: new Date("2027-03-02T14:00:00Z"), meetingPlace: LIBRARY });

    const card = await clientCardMessage({ deps: core.deps, actor, zone: "Europe/Berlin" }, clients[0]!.id);
    expect(card.parts).toContainEqual({
      key: "manager_card.card.volunteer_meeting",
      params: {
        volunteer: "Zora Weber",
        offer: { t: "key", key: "manager_volunteers.offer.language_tandem" },
        startsAt: { t: "datetime", iso: "2027-03-02T14:00:00.000Z", zone: "Europe/Berlin" },
        place: LIBRARY,
      },
    });
    const move = buttons([card]).find((b) => b.labelKey === "manager_card.button.meeting_move");
    expect(move?.labelParams).toEqual({ volunteer: "Zora" });
    // the card's button asks again, naming the meeting as it stands
    expect(keys(await send(tap(move?.data)))).toEqual(["manager_volunteers.meeting.about_moving", "manager_volunteers.meeting.starts_at"]);
  });
});
