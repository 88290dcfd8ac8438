import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import type { OutboxMessage } from "../../src/core/outbox/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { issueVolunteerInvite } from "../../src/core/volunteers/issue-volunteer-invite.ts";
import { registerVolunteer } from "../../src/core/volunteers/register-volunteer.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";
import { renderOutboxMessage } from "../../src/i18n/outbox-params.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { joinInChat, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import { startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";

/**
 * The first meeting of a client and her volunteer, through real HTTP (Telegram): the manager matches Zora with Amina
 * and proposes the first meeting from the match's button late in the evening; Amina (Arabic) and Zora (English) get it
 * when the quiet hours end, each in their language. The manager moves it from the client card: both hear it moved, the
 * reminder for the old time never comes, the one for the new time comes the day before.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseMeetings_xyz";
const SECRET = "lotse-meeting-secret-0123456789ab";
const DATA_KEY = Buffer.from("lotse-e2e-meeting-key-0123456789").toString("base64");
const MANAGER = 9701;
const AMINA = 9801;
const ZORA = 9901;
const ZONE = "Europe/Berlin";
const translator = createTranslator({ localesDir });
const de = (key: string, params?: Record<string, string>) => translator.renderText(key, params, "de");
const LIBRARY = "Stadtbücherei, Marktplatz 1";
const TOWN_HALL = "Rathaus, Zimmer 3";
// Monday 1 March 2027, 10:00 in Berlin.
const START = "2027-03-01T09:00:00Z";

let clock: FakeClock;
let app: App;
let chat: TelegramDriver;
let fake: { violations: unknown[] };
let stopApp: (() => Promise<void>) | undefined;

beforeEach(async () => {
  clock = new FakeClock(START);
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  app = started.app;
  fake = started.fake;
  chat = new TelegramDriver(started, SECRET, 970_000);
  stopApp = started.stop;
});

afterEach(async () => {
  await noRefusedCallsThenStop(fake, stopApp);
  stopApp = undefined;
});

/** Eva linked; Amina joined in Arabic; Zora in the register, her chat linked in English. */
async function givenWorld(): Promise<void> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Treffpunkt" });
  const municipality = await addMunicipality(app.deps, operator, { tenantId: tenant.id, name: "Plochingen" });
  const eva = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [municipality.id] });
  await chat.say(MANAGER, `/start ${eva.invite.code}`, "de");
  const manager: Actor = { kind: "staff", managerId: eva.manager.id, tenantId: tenant.id, role: "manager" };
  const created = await createClient(app.deps, manager, { name: "Amina Haddad", language: "ar", municipalityId: municipality.id });
  await joinInChat(chat, AMINA, created.invite.code, "ar", { chatId: MANAGER, translator });
  const zora = await registerVolunteer(app.deps, manager, {
    municipalityId: municipality.id,
    name: "Zora Weber",
    languages: ["ar", "de"],
    offers: ["language_tandem"],
    availability: "montags abends",
    consent: true,
  });
  const invite = await issueVolunteerInvite(app.deps, manager, { volunteerId: zora.id });
  await chat.say(ZORA, `/start ${invite.code}`, "en");
}

/** The text a row renders to for a reader (as the dispatcher renders it), as Telegram gets it. */
const rendered = (messageKey: string, params: Record<string, string>, language: string) =>
  escapeHtml(renderOutboxMessage(translator, { messageKey, params, actions: [] }, { language, timezone: ZONE }).text);

/** The meeting's rows in the outbox, by their dedupe key's end. */
async function meetingRow(end: string): Promise<OutboxMessage | undefined> {
  const rows = await app.store.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "match:" } } });
  const row = rows.find((r) => r.dedupeKey.includes(":meeting:") && r.dedupeKey.endsWith(end));
  return row ? ((await app.store.outbox.findByDedupeKey(row.dedupeKey)) ?? undefined) : undefined;
}

/** Waits until the dispatcher has looked at a row and put it back to wait for the end of the quiet hours. */
async function heldUntil(end: string, until: string): Promise<void> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const row = await meetingRow(end);
    if (row?.status === "pending" && row.dueAt.toISOString() === until) return;
    if (Date.now() > deadline) throw new Error(`${end} not held until ${until}: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the first meeting of a client and a volunteer in Telegram", () => {
  it("proposed at 21:30, both get it at 08:00 in their language; moved, the old reminder never comes, the new one the day before", async () => {
    await givenWorld();
    const aminaFrom = chat.chatSends(AMINA).length;

    // Eva matches Zora with Amina in the chat and proposes the first meeting from the match's button, at 21:30.
    clock.set("2027-03-01T20:30:00Z");
    await chat.say(MANAGER, "/match");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, "Amina Haddad"));
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.offer.language_tandem")));
    await chat.press(
      MANAGER,
      chat.button(MANAGER, (b) => b.text.startsWith("★ Zora Weber"), "Zora"),
    );
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.contact.volunteer_calls")));
    const asked = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_volunteers.button.meeting_new")));
    expect(textOf(asked.at(-1))).toContain(escapeHtml(de("manager_volunteers.meeting.starts_at")));
    expect(textOf(asked.at(-1))).toContain("Amina Haddad und Zora Weber");
    await chat.say(MANAGER, "4.3. 15 Uhr");
    const check = await chat.say(MANAGER, LIBRARY);
    expect(textOf(check.at(-1))).toContain("Wann: Do., 4. März, 15:00");
    const done = await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.yes")));
    const names = { client: "Amina Haddad", volunteer: "Zora Weber" };
    expect(textOf(done.at(-1))).toContain(escapeHtml(de("manager_volunteers.meeting.client_told", names)));
    expect(textOf(done.at(-1))).toContain(escapeHtml(de("manager_volunteers.meeting.volunteer_told", names)));

    // 21:30 is in the quiet hours (21:00 to 08:00): the notices wait for 08:00 (07:00 UTC), for Amina and for Zora.
    await heldUntil(":client", "2027-03-02T07:00:00.000Z");
    await heldUntil(":volunteer", "2027-03-02T07:00:00.000Z");
    const zoraFrom = chat.chatSends(ZORA).length;
    const matchNotices = chat.chatSends(AMINA).length; // the match notice itself also waited
    expect(matchNotices).toBe(aminaFrom);

    clock.set("2027-03-02T07:00:00Z");
    const thursday = { startsAt: "2027-03-04T14:00:00.000Z", place: LIBRARY };
    const proposed = rendered("volunteers.meeting.proposed", { name: "Zora", ...thursday }, "ar");
    const toAmina = await chat.eventually("the meeting notice to Amina", () => chat.chatSends(AMINA).find((call) => textOf(call) === proposed));
    expect(textOf(toAmina)).toMatch(/[\u0600-\u06FF]/);
    expect(textOf(toAmina)).not.toContain("Weber");
    const toZoraText = rendered("volunteers.volunteer.meeting", { firstName: "Amina", ...thursday }, "en");
    const toZora = await chat.eventually("the meeting notice to Zora", () =>
      chat
        .chatSends(ZORA)
        .slice(zoraFrom)
        .find((call) => textOf(call) === toZoraText),
    );
    if (process.env.SHOW_TEXTS) console.log([textOf(toAmina), textOf(toZora)].join("\n"));
    expect(textOf(toZora)).not.toContain("Haddad");

    // Tuesday 10:00: Eva moves it to Friday 17:00 at the town hall, from Amina's card.
    clock.set("2027-03-02T09:00:00Z");
    await chat.say(MANAGER, "/clients Amina");
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("manager_card.button.meeting_move", { volunteer: "Zora" })));
    await chat.say(MANAGER, "5.3. 17 Uhr");
    await chat.say(MANAGER, TOWN_HALL);
    const aminaBeforeMove = chat.chatSends(AMINA).length;
    const zoraBeforeMove = chat.chatSends(ZORA).length;
    await chat.press(MANAGER, chat.buttonByText(MANAGER, de("dialog.button.yes")));
    const friday = { startsAt: "2027-03-05T16:00:00.000Z", place: TOWN_HALL };
    expect(textOf(await chat.nextTo(AMINA, aminaBeforeMove, "the moved notice to Amina"))).toBe(
      rendered("volunteers.meeting.moved", { name: "Zora", ...friday }, "ar"),
    );
    expect(textOf(await chat.nextTo(ZORA, zoraBeforeMove, "the moved notice to Zora"))).toBe(
      rendered("volunteers.volunteer.meeting_moved", { firstName: "Amina", ...friday }, "en"),
    );

    // The reminders for Thursday are cancelled; on Thursday at 17:00, the day before Friday's meeting, the new ones come.
    const [first] = (await app.store.db.outboxMessage.findMany({ where: { dedupeKey: { endsWith: ":1:remind:client" } } })).map((r) => r.status);
    expect(first).toBe("cancelled");
    const aminaBeforeReminder = chat.chatSends(AMINA).length;
    const zoraBeforeReminder = chat.chatSends(ZORA).length;
    clock.set("2027-03-04T16:00:00Z");
    expect(textOf(await chat.nextTo(AMINA, aminaBeforeReminder, "the reminder to Amina"))).toBe(
      rendered("volunteers.meeting.reminder", { name: "Zora", ...friday }, "ar"),
    );
    expect(textOf(await chat.nextTo(ZORA, zoraBeforeReminder, "the reminder to Zora"))).toBe(
      rendered("volunteers.volunteer.meeting_reminder", { firstName: "Amina", ...friday }, "en"),
    );
    // one reminder each, none for Thursday's meeting
    expect(chat.chatSends(AMINA).slice(aminaBeforeReminder)).toHaveLength(1);
    expect(chat.chatSends(ZORA).slice(zoraBeforeReminder)).toHaveLength(1);

    // Zora's /matches shows the meeting as it stands now
    const [matches] = await chat.say(ZORA, "/matches", "en");
    expect(textOf(matches)).toContain("First meeting with Amina: Fri, March 5, 17:00, Rathaus, Zimmer 3.");
  });
});
