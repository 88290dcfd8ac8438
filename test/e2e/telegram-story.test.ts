import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";

import { startTelegramTestApp } from "../support/telegram-app.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";

/**
 * The story of issue 4 through real HTTP: a manager links, creates a client, the client joins in Arabic and
 * consents, the manager books an appointment, the client gets it in Arabic (via the outbox dispatcher) and
 * confirms, the manager is told in German, the client sends /stop and gets nothing more. Also joins in
 * Ukrainian and Tigrinya.
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

let fake: FakeTelegram;
let app: App;
let address: string;
let stopApp: (() => Promise<void>) | undefined;
let nextUpdateId = 700_000;
let nextMessageId = 1;
const now = () => Math.floor(Date.now() / 1000);

const person = (id: number, language: string) => ({ id, is_bot: false, first_name: `User${id}`, language_code: language });
const privateChat = (id: number) => ({ id, type: "private", first_name: `User${id}` });
const languageOf = new Map<number, string>();

async function post(update: unknown): Promise<void> {
  const response = await fetch(`${address}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

/** Text (or a command) typed by a user in their private chat with the bot. */
async function send(userId: number, text: string, languageCode = languageOf.get(userId) ?? "de"): Promise<void> {
  languageOf.set(userId, languageCode);
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] : undefined;
  await post({
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: now(), chat: privateChat(userId), from: person(userId, languageCode), text, ...(entities ? { entities } : {}) },
  });
}

/** A button tapped under the bot's message `messageId`. */
async function tap(userId: number, data: string, messageId = 1): Promise<void> {
  await post({
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq-${nextUpdateId}`,
      from: person(userId, languageOf.get(userId) ?? "de"),
      chat_instance: `ci-${userId}`,
      data,
      message: { message_id: messageId, date: now(), chat: privateChat(userId), from: { id: 1, is_bot: true, first_name: "Lotse" }, text: "…" },
    },
  });
}

const chatSends = (chatId: number): ApiCall[] => fake.sends().filter((call) => call.params.chat_id === chatId);
const textOf = (call: ApiCall | undefined): string => String(call?.params.text ?? call?.params.caption ?? "");

interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}
const buttonsOf = (call: ApiCall | undefined): Button[] =>
  ((call?.params.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

/** Resolves once `check` holds; polls the fake's record (updated by the app's own requests). */
async function eventually<T>(what: string, check: () => T | undefined | null | false, deadlineMs = DISPATCH_DEADLINE_MS): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The next thing sent to `chatId` after `from` earlier sends, waiting for it. */
const nextTo = (chatId: number, from: number, what = `a message to ${chatId}`) => eventually(what, () => chatSends(chatId)[from]);

/** The last message to `chatId` that carries buttons. */
function lastKeyboard(chatId: number): Button[] {
  const withButtons = chatSends(chatId).filter((call) => buttonsOf(call).length > 0);
  return buttonsOf(withButtons.at(-1));
}

function button(chatId: number, match: (button: Button) => boolean, what: string): string {
  const found = lastKeyboard(chatId).find(match);
  if (!found?.callback_data) throw new Error(`no button ${what} for ${chatId}: ${JSON.stringify(lastKeyboard(chatId))}`);
  return found.callback_data;
}
const buttonByData = (chatId: number, pattern: RegExp) => button(chatId, (b) => pattern.test(b.callback_data ?? ""), String(pattern));
const buttonByText = (chatId: number, text: string) => button(chatId, (b) => b.text === text, text);

/** Sends, then returns the replies to `chatId` it caused (handled synchronously within the webhook). */
async function say(userId: number, text: string, languageCode?: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  await send(userId, text, languageCode);
  await nextTo(userId, before);
  return chatSends(userId).slice(before);
}
async function press(userId: number, data: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  await tap(userId, data);
  await nextTo(userId, before);
  return chatSends(userId).slice(before);
}

const rendered = (key: string, language: string, params?: Record<string, string>) => escapeHtml(translator.renderText(key, params, language));

beforeAll(async () => {
  // The story runs far faster than a person types: the manager sends ~30 updates within seconds.
  const started = await startTelegramTestApp({ token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL }, { logger: createLogger("silent"), translator, telegramFloodLimit: { max: 200, windowMs: 10_000 } });
  ({ fake, app, address } = started);
  stopApp = started.stop;
});

afterAll(async () => {
  await stopApp?.();
});

/** /newclient → name → language tapped; returns the invite code from the deep link in the reply. */
async function newClient(name: string, ownName: string): Promise<string> {
  const started = await say(MANAGER, "/newclient");
  expect(textOf(started.at(-1))).toBe(rendered("manager.newclient.name", "de"));
  await say(MANAGER, name);
  const created = await press(MANAGER, buttonByText(MANAGER, ownName));
  const withLink = created.find((call) => /start=/.test(textOf(call)));
  const code = /\?start=([\w-]+)/.exec(textOf(withLink))?.[1];
  if (!code) throw new Error(`no invite link in ${JSON.stringify(created.map(textOf))}`);
  expect(textOf(withLink)).toContain(name);
  expect(created.some((call) => call.method === "sendPhoto")).toBe(true);
  return code;
}

/** The client's join: /start <code> → language → consent → welcome; returns the welcome text. */
async function join(userId: number, code: string, languageCode: string, ownName: string): Promise<string> {
  const picker = await say(userId, `/start ${code}`, languageCode);
  // The language Telegram reports is preselected (marked) and first.
  const [preselected] = buttonsOf(picker.at(-1));
  expect(preselected).toMatchObject({ callback_data: `v1|lng|${languageCode}` });
  expect(preselected?.text).toContain(ownName);
  const consent = await press(userId, buttonByData(userId, new RegExp(`^v1\\|lng\\|${languageCode}$`)));
  expect(buttonsOf(consent.at(-1)).map((b) => b.callback_data)).toEqual(["v1|cns|a", "v1|cns|d"]);
  const welcome = await press(userId, "v1|cns|a");
  return textOf(welcome.at(-1));
}

/** /appointment → client → time → place → kind → yes; returns the manager's confirmation text. */
async function book(clientName: string, when: string, place: string): Promise<string> {
  await say(MANAGER, "/appointment");
  await press(MANAGER, buttonByText(MANAGER, clientName));
  await say(MANAGER, when);
  await say(MANAGER, place);
  await press(MANAGER, buttonByData(MANAGER, /^v1\|fa\|/));
  const done = await press(MANAGER, buttonByData(MANAGER, /^v1\|fa\|[\w-]+\|y$/));
  return textOf(done.at(-1));
}

describe("Telegram story (issue 4)", () => {
  let aminaCode = "";

  it("a manager links with /start <code> and is greeted in German", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Storyheim" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const [reply] = await say(MANAGER, `/start ${invite.code}`, "de");
    expect(textOf(reply)).toBe(rendered("manager.welcome", "de", { name: "Eva Muster" }));
  });

  it("the manager creates a client with /newclient and gets the invite as deep link and QR code", async () => {
    aminaCode = await newClient("Amina Haddad", "العربية");
  });

  it("the client joins in Arabic and consents", async () => {
    const welcome = await join(AMINA, aminaCode, "ar", "العربية");
    expect(welcome).toBe(rendered("client.welcome", "ar"));
    expect(welcome).toMatch(arabic);
  });

  it("clients join in Ukrainian and Tigrinya", async () => {
    const olena = await join(OLENA, await newClient("Olena Koval", "Українська"), "uk", "Українська");
    expect(olena).toBe(rendered("client.welcome", "uk"));
    expect(olena).toMatch(cyrillic);
    const selam = await join(SELAM, await newClient("Selam Tesfay", "ትግርኛ"), "ti", "ትግርኛ");
    expect(selam).toBe(rendered("client.welcome", "ti"));
    expect(selam).toMatch(geez);
  });

  it("the manager books an appointment; the client gets it in Arabic and confirms; the manager is told in German", async () => {
    const managerBefore = chatSends(MANAGER).length;
    const aminaBefore = chatSends(AMINA).length;
    const created = await book("Amina Haddad", "24.12.2027 10:00", "Rathaus, Zimmer 12");
    expect(created).toContain("Rathaus, Zimmer 12");
    // The notice comes from the outbox through the dispatcher.
    const notice = await nextTo(AMINA, aminaBefore, "the appointment notice");
    expect(textOf(notice)).toMatch(arabic);
    expect(textOf(notice)).toContain("Rathaus, Zimmer 12");
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

  it("after /stop the client gets nothing more", async () => {
    const question = await say(AMINA, "/stop");
    expect(buttonsOf(question.at(-1)).map((b) => b.callback_data)).toEqual(["v1|stp|y", "v1|stp|n"]);
    const [done] = await press(AMINA, "v1|stp|y");
    expect(textOf(done)).toBe(rendered("client.stop.done", "ar"));
    const aminaSilentFrom = chatSends(AMINA).length;

    // Another appointment for Amina, then one for Olena: once Olena's notice is dispatched, Amina's would have been too.
    await book("Amina Haddad", "27.12.2027 09:30", "Jobcenter");
    const olenaBefore = chatSends(OLENA).length;
    await book("Olena Koval", "28.12.2027 11:00", "Sprachschule");
    const olenaNotice = await nextTo(OLENA, olenaBefore, "Olena's appointment notice");
    expect(textOf(olenaNotice)).toMatch(cyrillic);
    expect(chatSends(AMINA).slice(aminaSilentFrom)).toEqual([]);
    const amina = await app.store.identities.findByExternal("telegram", String(AMINA));
    expect(amina?.clientId).toBeTruthy();
    expect(await app.store.outbox.listPendingForRecipient("client", amina?.clientId ?? "")).toEqual([]);
  });

  it("made no call Telegram would refuse", () => {
    expect(fake.violations).toEqual([]);
  });
});
