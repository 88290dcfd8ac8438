import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { createClient } from "../../src/core/cases/create-client.ts";
import { addGoal } from "../../src/core/plans/add-goal.ts";
import { addStep } from "../../src/core/plans/add-step.ts";
import { createPlan } from "../../src/core/plans/create-plan.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { isInQuietHours } from "../../src/core/reminders/quiet-hours.ts";
import { defaultReminderSettings } from "../../src/core/reminders/settings.ts";
import { createTranslator, escapeHtml, formatInstant, isolate } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { staffActor } from "../support/seed.ts";
import { joinedNotice, noRefusedCallsThenStop } from "../support/telegram-given.ts";
import { buttonsOf, startTelegramTestApp, textOf, TelegramDriver, unlimitedFlood, unlimitedTelegramRates } from "../support/telegram-app.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { inviteCodeOf, managerChat, newClientInChat } from "../support/new-client-chat.ts";

/**
 * The Telegram story through real HTTP: a manager links, creates a client, the client joins in Arabic and
 * consents, the manager books an appointment, the client gets it in Arabic (via the outbox dispatcher, names and
 * times isolated for right-to-left) and confirms, the manager is told in German, the manager adds a catalogue step
 * with weekly check-ins, the client answers the check-in "I need help", the manager is told at once, the client
 * sends /stop and gets nothing more. Issue 6: clients in Ukrainian and Tigrinya join, get their appointment notice
 * and the reminder in their language.
 *
 * The app runs on a fake clock (Monday 1 March 2027, 10:00 in Berlin: office hours, outside the quiet hours); the
 * dispatcher ticks every second and sends what the clock has made due.
 *
 * Every test runs alone: each gets a fresh app and clock and brings the world to the point of its step with the
 * "given" helpers below (the manager linked, clients joined, a plan, an appointment), through the chat where that is
 * quick and through the core where the step itself is not what is tested.
 */

const TOKEN = "123456789:AAFakeTokenForTheLotseStoryTests_xyz";
const SECRET = "lotse-story-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-story-key-0123456789ab").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
/** Dispatcher ticks every second; a few ticks of slack. */
const DISPATCH_DEADLINE_MS = 8000;

const MANAGER = 8101;
const AMINA = 8201;
const OLENA = 8202;
const SELAM = 8203;

const arabic = /[\u0600-\u06FF]/;
const cyrillic = /[\u0400-\u04FF]/;
const geez = /[\u1200-\u137F]/;

const translator = createTranslator({ localesDir });
const ZONE = "Europe/Berlin";
const START = "2027-03-01T09:00:00Z";
const dayMs = 24 * 60 * 60 * 1000;

let clock: FakeClock;
let fake: FakeTelegram;
let app: App;
let chat: TelegramDriver;
let stopApp: (() => Promise<void>) | undefined;

// The people's chats, played through the webhook (test/support/telegram-app.ts).
const chatSends = (chatId: number): ApiCall[] => chat.chatSends(chatId);
const eventually = <T>(what: string, check: () => T | undefined | null | false): Promise<T> => chat.eventually(what, check, DISPATCH_DEADLINE_MS);
const nextTo = (chatId: number, from: number, what?: string) => chat.nextTo(chatId, from, what);
const buttonByData = (chatId: number, pattern: RegExp) => chat.buttonByData(chatId, pattern);
const buttonByText = (chatId: number, text: string) => chat.buttonByText(chatId, text);
const say = (userId: number, text: string, languageCode?: string) => chat.say(userId, text, languageCode);
const press = (userId: number, data: string) => chat.press(userId, data);

const rendered = (key: string, language: string, params?: Record<string, string>) => escapeHtml(translator.renderText(key, params, language));

beforeEach(async () => {
  clock = new FakeClock(START);
  // The story runs far faster than a person types, and the flood and rate limits' windows only move with the clock.
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("silent"), translator, clock, telegramFloodLimit: unlimitedFlood, delivery: { rateLimits: unlimitedTelegramRates } },
  );
  ({ fake, app } = started);
  chat = new TelegramDriver(started, SECRET, 700_000);
  stopApp = started.stop;
});

afterEach(async () => {
  const stop = stopApp;
  stopApp = undefined;
  await noRefusedCallsThenStop(fake, stop);
});

/**
 * /newclient → name → language and gender tapped, a new household (asked once the caseload has a client), yes for
 * an own phone, the start date skipped; returns the invite code from the deep link in the reply.
 */
async function newClient(name: string, ownName: string): Promise<string> {
  const { created } = await newClientInChat(managerChat(chat, MANAGER), translator, { name, language: ownName, gender: "female" });
  const withLink = created.find((call) => /start=/.test(textOf(call)));
  const code = inviteCodeOf(created);
  if (!code) throw new Error(`no invite link in ${JSON.stringify(created.map(textOf))}`);
  expect(textOf(withLink)).toContain(name);
  expect(created.some((call) => call.method === "sendPhoto")).toBe(true);
  return code;
}

/** The client's join: /start <code> → language → consent → welcome; returns the welcome text. */
async function join(userId: number, code: string, languageCode: string, ownName: string): Promise<string> {
  const managerBefore = chatSends(MANAGER).length;
  const picker = await say(userId, `/start ${code}`, languageCode);
  // The language Telegram reports is preselected (marked) and first.
  const [preselected] = buttonsOf(picker.at(-1));
  expect(preselected).toMatchObject({ callback_data: `v1|lng|${languageCode}` });
  expect(preselected?.text).toContain(ownName);
  const consent = await press(userId, buttonByData(userId, new RegExp(`^v1\\|lng\\|${languageCode}$`)));
  expect(buttonsOf(consent.at(-1)).map((b) => b.callback_data)).toEqual(["v1|cns|a", "v1|cns|d"]);
  await press(userId, "v1|cns|a");
  const welcome = await press(userId, "v1|cck|a");
  // The manager hears that the client joined (a message of its own): waited for, so it does not land in a later step.
  await joinedNotice(chat, translator, MANAGER, managerBefore);
  return textOf(welcome.at(-1));
}

/** /appointment → client → time → place → kind → yes; returns the manager's confirmation text. */
async function book(clientName: string, when: string, place: string): Promise<string> {
  await say(MANAGER, "/appointment");
  await press(MANAGER, buttonByText(MANAGER, clientName));
  await say(MANAGER, when);
  await say(MANAGER, place);
  await press(MANAGER, buttonByData(MANAGER, /^v1\|fa\|/));
  // The duration: skipped, an hour.
  await press(MANAGER, buttonByData(MANAGER, /^v1\|fs\|/));
  const done = await press(MANAGER, buttonByData(MANAGER, /^v1\|fa\|[\w-]+\|y$/));
  return textOf(done.at(-1));
}

// ---- Given: the world a step needs, built by the test itself -------------------------------------------------------

/** The tenant with Eva Muster, linked in her chat with /start <code>. */
async function givenManager(): Promise<Manager> {
  const tenant = await addTenant(app.deps, operator, { name: "Landkreis Storyheim" });
  const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
  await say(MANAGER, `/start ${invite.code}`, "de");
  return manager;
}

/** A client of Eva's (created in the core: not the step under test) who joins in the chat in their language. */
async function givenJoined(manager: Manager, userId: number, name: string, language: string, ownName: string): Promise<string> {
  const { client, invite } = await createClient(app.deps, staffActor(manager), { name, language, gender: "female" });
  await join(userId, invite.code, language, ownName);
  return client.id;
}
const givenAmina = (manager: Manager) => givenJoined(manager, AMINA, "Amina Haddad", "ar", "العربية");
const givenOlena = (manager: Manager) => givenJoined(manager, OLENA, "Olena Koval", "uk", "Українська");
const givenSelam = (manager: Manager) => givenJoined(manager, SELAM, "Selam Tesfay", "ti", "ትግርኛ");

/** Amina's plan as the manager builds it in the chat: a housing goal with the catalogue step, weekly check-ins. */
async function givenAminaPlan(manager: Manager, aminaId: string): Promise<void> {
  const actor = staffActor(manager);
  const plan = await createPlan(app.deps, actor, { clientId: aminaId });
  const goal = await addGoal(app.deps, actor, { planId: plan.id, area: "housing", catalogueKey: "own_flat" });
  await addStep(app.deps, actor, { goalId: goal.id, catalogueKey: "get_rent_approval", cadenceDays: 7 });
}

/** An appointment booked in the chat, its notice delivered to the client. */
async function givenBooked(userId: number, clientName: string, when: string, place: string): Promise<void> {
  const before = chatSends(userId).length;
  await book(clientName, when, place);
  await chat.noticeTo(userId, before, `${clientName}'s appointment notice`);
}

describe("Telegram story", () => {
  it("a manager links with /start <code> and is greeted in German", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Storyheim" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const [reply] = await say(MANAGER, `/start ${invite.code}`, "de");
    expect(textOf(reply)).toBe(rendered("manager.welcome", "de", { name: "Eva Muster" }));
  });

  it("the manager creates a client with /newclient and gets the invite as deep link and QR code", async () => {
    await givenManager();
    await newClient("Amina Haddad", "العربية");
  });

  it("the client joins in Arabic and consents", async () => {
    await givenManager();
    const aminaCode = await newClient("Amina Haddad", "العربية");
    const welcome = await join(AMINA, aminaCode, "ar", "العربية");
    expect(welcome).toBe(rendered("client.welcome", "ar"));
    expect(welcome).toMatch(arabic);
  });

  it("clients join in Ukrainian and Tigrinya", async () => {
    await givenManager();
    const olena = await join(OLENA, await newClient("Olena Koval", "Українська"), "uk", "Українська");
    expect(olena).toBe(rendered("client.welcome", "uk"));
    expect(olena).toMatch(cyrillic);
    const selam = await join(SELAM, await newClient("Selam Tesfay", "ትግርኛ"), "ti", "ትግርኛ");
    expect(selam).toBe(rendered("client.welcome", "ti"));
    expect(selam).toMatch(geez);
  });

  it("the manager books an appointment; the client gets it in Arabic and confirms; the manager is told in German", async () => {
    await givenAmina(await givenManager());
    const managerBefore = chatSends(MANAGER).length;
    const aminaBefore = chatSends(AMINA).length;
    const created = await book("Amina Haddad", "24.12.2027 10:00", "Rathaus, Zimmer 12");
    expect(created).toContain("Rathaus, Zimmer 12");
    // The notice comes from the outbox through the dispatcher.
    const notice = await chat.noticeTo(AMINA, aminaBefore, "the appointment notice");
    expect(textOf(notice)).toMatch(arabic);
    expect(textOf(notice)).toContain("Rathaus, Zimmer 12");
    // Right to left: the place, the manager's name and the time keep their direction inside the Arabic text.
    const arabicText = textOf(notice);
    expect(arabicText).toContain(isolate(escapeHtml("Rathaus, Zimmer 12")));
    expect(arabicText).toContain(isolate("Eva Muster"));
    const time = formatInstant("2027-12-24T09:00:00.000Z", "time", { language: "ar", zone: ZONE }) ?? "";
    expect(arabicText).toMatch(new RegExp(`\u2068[^\u2068\u2069]*${time}[^\u2068\u2069]*\u2069`));
    const answers = buttonsOf(notice);
    expect(answers.map((b) => b.callback_data?.split("|")[3])).toEqual(["c", "x", "o"]);
    expect(answers.every((b) => arabic.test(b.text))).toBe(true);
    const managerAfterBooking = chatSends(MANAGER).length;
    expect(managerAfterBooking).toBeGreaterThan(managerBefore);

    const confirm = answers[0]?.callback_data ?? "";
    const [ack] = await press(AMINA, confirm);
    expect(textOf(ack)).toBe(rendered("client.appointment.answer.confirm", "ar"));
    const told = await nextTo(MANAGER, managerAfterBooking, "the manager's notice of the confirmation");
    expect(textOf(told)).toContain("Amina Haddad");
    expect(textOf(told)).toMatch(/bestätigt/i);
  });

  it("the manager adds a catalogue step with weekly check-ins to Amina's plan through the chat", async () => {
    await givenAmina(await givenManager());
    const label = (key: string) => translator.renderText(key, undefined, "de");
    const none = await say(MANAGER, "/plan Amina");
    expect(textOf(none.at(-1))).toContain("Amina Haddad");
    await press(MANAGER, buttonByText(MANAGER, label("manager.plan.create_button")));
    await press(MANAGER, buttonByText(MANAGER, label("areas.housing")));
    await press(MANAGER, buttonByText(MANAGER, label("goals.own_flat")));
    await press(MANAGER, buttonByText(MANAGER, label("catalogue.get_rent_approval.title")));
    const added = await press(MANAGER, buttonByText(MANAGER, label("dialog.button.skip")));
    expect(added.map(textOf).join("\n")).toContain(escapeHtml(label("catalogue.get_rent_approval.title")));
  });

  it("a week later Amina gets the check-in in Arabic, answers 'I need help', and the manager is told at once", async () => {
    const manager = await givenManager();
    await givenAminaPlan(manager, await givenAmina(manager));
    const aminaBefore = chatSends(AMINA).length;
    clock.advance(7 * dayMs);
    // Monday 10:00 in Berlin: neither the check-in nor the escalation waits for the end of the quiet hours.
    expect(isInQuietHours(clock.now(), ZONE, defaultReminderSettings.quietHours)).toBe(false);
    const checkIn = await nextTo(AMINA, aminaBefore, "the check-in");
    expect(textOf(checkIn)).toMatch(arabic);
    expect(textOf(checkIn)).toContain(escapeHtml(translator.renderText("catalogue.get_rent_approval.title", undefined, "ar")));
    const needHelp = buttonsOf(checkIn).find((b) => b.text === translator.renderText("actions.checkin.need_help", undefined, "ar"));
    expect(needHelp?.callback_data).toMatch(/^v1\|pci\|[\w-]+\|h$/);
    const managerBefore = chatSends(MANAGER).length;
    const [thanks] = await press(AMINA, needHelp?.callback_data ?? "");
    expect(textOf(thanks)).toBe(rendered("client.checkin.answer.need_help", "ar"));
    // "At once": the next dispatcher tick, without the clock moving.
    // The German escalation text between the client's name and the step.
    const helpNotice = escapeHtml(
      /^X(.*)Y/s.exec(translator.renderText("manager.escalation.need_help", { clientName: "X", stepKey: "Y", askedAt: "Z" }, "de"))?.[1] ?? "?",
    );
    const told = await eventually("the manager's escalation", () =>
      chatSends(MANAGER)
        .slice(managerBefore)
        .find((call) => textOf(call).includes("Amina Haddad") && textOf(call).includes(helpNotice)),
    );
    expect(textOf(told)).not.toMatch(arabic);
  });

  it("after /stop the client gets nothing more", async () => {
    const manager = await givenManager();
    await givenAmina(manager);
    await givenOlena(manager);
    const question = await say(AMINA, "/stop");
    expect(buttonsOf(question.at(-1)).map((b) => b.callback_data)).toEqual(["v1|stp|c", "v1|stp|y", "v1|stp|n"]);
    const [done] = await press(AMINA, "v1|stp|y");
    expect(textOf(done)).toBe(rendered("client.stop.done", "ar"));
    const aminaSilentFrom = chatSends(AMINA).length;

    // Another appointment for Amina, then one for Olena: once Olena's notice is dispatched, Amina's would have been too.
    await book("Amina Haddad", "27.12.2027 09:30", "Jobcenter");
    const olenaBefore = chatSends(OLENA).length;
    await book("Olena Koval", "28.12.2027 11:00", "Sprachschule");
    const olenaNotice = await chat.noticeTo(OLENA, olenaBefore, "Olena's appointment notice");
    expect(textOf(olenaNotice)).toMatch(cyrillic);
    expect(chatSends(AMINA).slice(aminaSilentFrom)).toEqual([]);
    const amina = await app.store.identities.findByExternal("telegram", String(AMINA));
    expect(amina?.clientId).toBeTruthy();
    expect(await app.store.outbox.listPendingForRecipient("client", amina?.clientId ?? "")).toEqual([]);
  });

  it("Ukrainian and Tigrinya clients get their appointment notice and the reminder in their language", async () => {
    const manager = await givenManager();
    await givenOlena(manager);
    await givenSelam(manager);
    await givenBooked(OLENA, "Olena Koval", "28.12.2027 11:00", "Sprachschule");
    // Olena has her appointment (28.12.2027 11:00); now one for Selam.
    const selamBefore = chatSends(SELAM).length;
    await book("Selam Tesfay", "29.12.2027 10:00", "Landratsamt");
    const selamNotice = await chat.noticeTo(SELAM, selamBefore, "Selam's appointment notice");
    expect(textOf(selamNotice)).toMatch(geez);
    expect(textOf(selamNotice)).toContain("Landratsamt");
    expect(buttonsOf(selamNotice).every((b) => geez.test(b.text))).toBe(true);

    const reminderPrefix = (language: string) => escapeHtml(translator.renderText("client.appointment.reminder", {}, language).split("…")[0] ?? "");
    const olenaBefore = chatSends(OLENA).length;
    const selamBeforeReminder = chatSends(SELAM).length;
    // The day before, 11:30 in Berlin: both 24-hour reminders are due.
    clock.set("2027-12-28T10:30:00Z");
    const olenaReminder = await nextTo(OLENA, olenaBefore, "Olena's reminder");
    expect(textOf(olenaReminder).startsWith(reminderPrefix("uk"))).toBe(true);
    expect(textOf(olenaReminder)).toMatch(cyrillic);
    expect(textOf(olenaReminder)).toContain("Sprachschule");
    const selamReminder = await nextTo(SELAM, selamBeforeReminder, "Selam's reminder");
    expect(textOf(selamReminder).startsWith(reminderPrefix("ti"))).toBe(true);
    expect(textOf(selamReminder)).toMatch(geez);
    expect(textOf(selamReminder)).toContain("Landratsamt");
    expect(textOf(selamReminder)).toContain(formatInstant("2027-12-29T09:00:00.000Z", "time", { language: "ti", zone: ZONE }));
  });
});
