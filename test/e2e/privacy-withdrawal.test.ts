import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir, type App, type AppOptions } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { FakeClock } from "../support/fake-clock.ts";
import type { ApiCall, FakeTelegram } from "../support/fake-telegram.ts";
import { inviteCodeOf, newClientInChat } from "../support/new-client-chat.ts";
import { buttonsOf, startTelegramTestApp } from "../support/telegram-app.ts";

/**
 * Issue 9 through real HTTP: a client with pending appointment reminders sends /stop and confirms; every pending
 * message is cancelled at once (the outbox rows), and when the clock passes the reminders nothing arrives, while
 * another client's reminders at the same time do.
 */

const TOKEN = "123456789:AAFakeTokenForLotsePrivacyWithdraw";
const SECRET = "lotse-withdraw-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-withdraw-key-012345678").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const DEADLINE_MS = 10_000;

const MANAGER = 9101;
const AMINA = 9201;
const OLENA = 9202;

const translator = createTranslator({ localesDir });
const clock = new FakeClock("2027-03-01T08:00:00Z");
let fake: FakeTelegram;
let app: App;
let address: string;
let stopApp: (() => Promise<void>) | undefined;
let nextUpdateId = 900_000;
let nextMessageId = 1;
const languageOf = new Map<number, string>();

const person = (id: number) => ({ id, is_bot: false, first_name: `User${id}`, language_code: languageOf.get(id) ?? "de" });
const privateChat = (id: number) => ({ id, type: "private", first_name: `User${id}` });

async function post(update: unknown): Promise<void> {
  const response = await fetch(`${address}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
}

const chatSends = (chatId: number): ApiCall[] => fake.sends().filter((call) => call.params.chat_id === chatId);

async function eventually<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function say(userId: number, text: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] : undefined;
  await post({
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(userId),
      from: person(userId),
      text,
      ...(entities ? { entities } : {}),
    },
  });
  await eventually(`a reply to ${userId}`, () => chatSends(userId)[before]);
  return chatSends(userId).slice(before);
}

async function press(userId: number, data: string): Promise<ApiCall[]> {
  const before = chatSends(userId).length;
  await post({
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq-${nextUpdateId}`,
      from: person(userId),
      chat_instance: `ci-${userId}`,
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: privateChat(userId), from: { id: 1, is_bot: true, first_name: "Lotse" }, text: "…" },
    },
  });
  await eventually(`a reply to ${userId}`, () => chatSends(userId)[before]);
  return chatSends(userId).slice(before);
}

function button(chatId: number, match: (b: { text: string; callback_data?: string }) => boolean): string {
  const withButtons = chatSends(chatId).filter((call) => buttonsOf(call).length > 0);
  const found = buttonsOf(withButtons.at(-1)).find(match);
  if (!found?.callback_data) throw new Error(`no such button for ${chatId}`);
  return found.callback_data;
}

async function newClient(name: string, ownName: string): Promise<string> {
  const chat = { say: (text: string) => say(MANAGER, text), tap: (data: string) => press(MANAGER, data) };
  const code = inviteCodeOf((await newClientInChat(chat, translator, { name, language: ownName, gender: "female" })).created);
  if (!code) throw new Error("no invite link");
  return code;
}

async function join(userId: number, code: string, language: string): Promise<void> {
  languageOf.set(userId, language);
  await say(userId, `/start ${code}`);
  await press(userId, `v1|lng|${language}`);
  await press(userId, "v1|cns|a");
  await press(userId, "v1|cck|a");
}

async function book(clientName: string, when: string, place: string): Promise<void> {
  await say(MANAGER, "/appointment");
  await press(
    MANAGER,
    button(MANAGER, (b) => b.text === clientName),
  );
  await say(MANAGER, when);
  await say(MANAGER, place);
  await press(
    MANAGER,
    button(MANAGER, (b) => /^v1\|fa\|/.test(b.callback_data ?? "")),
  );
  // The duration skipped: an hour.
  await press(
    MANAGER,
    button(MANAGER, (b) => /^v1\|fs\|/.test(b.callback_data ?? "")),
  );
  await press(
    MANAGER,
    button(MANAGER, (b) => /^v1\|fa\|[\w-]+\|y$/.test(b.callback_data ?? "")),
  );
}

const clientIdOf = async (userId: number) => (await app.store.identities.findByExternal("telegram", String(userId)))?.clientId ?? "";

beforeAll(async () => {
  const options: AppOptions = {
    logger: createLogger("silent"),
    clock,
    translator,
    telegramFloodLimit: { max: 200, windowMs: 10_000 },
  };
  const started = await startTelegramTestApp({ token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL }, options);
  ({ fake, app, address } = started);
  stopApp = started.stop;
});

afterAll(async () => {
  await stopApp?.();
});

describe("withdrawing consent stops every pending message at once (Telegram, real HTTP)", () => {
  it("the story", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Stille" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    await say(MANAGER, `/start ${invite.code}`);
    await join(AMINA, await newClient("Amina Haddad", "العربية"), "ar");
    await join(OLENA, await newClient("Olena Koval", "Українська"), "uk");

    // Both get an appointment on 10 March; the notices arrive now, the reminders wait in the outbox.
    const aminaBefore = chatSends(AMINA).length;
    const olenaBefore = chatSends(OLENA).length;
    await book("Amina Haddad", "10.03.2027 10:00", "Rathaus, Zimmer 12");
    await book("Olena Koval", "10.03.2027 10:30", "Sprachschule");
    await eventually("Amina's notice", () => chatSends(AMINA)[aminaBefore]);
    await eventually("Olena's notice", () => chatSends(OLENA)[olenaBefore]);
    const amina = await clientIdOf(AMINA);
    const olena = await clientIdOf(OLENA);
    const pendingForAmina = await app.store.outbox.listPendingForRecipient("client", amina);
    expect(pendingForAmina.length).toBeGreaterThan(0);
    expect((await app.store.outbox.listPendingForRecipient("client", olena)).length).toBe(pendingForAmina.length);

    // /stop, confirmed: at once, nothing is pending for Amina any more; the rows are cancelled, not deleted.
    const question = await say(AMINA, "/stop");
    expect(buttonsOf(question.at(-1)).map((b) => b.callback_data)).toEqual(["v1|stp|c", "v1|stp|y", "v1|stp|n"]);
    await press(AMINA, "v1|stp|y");
    expect(await app.store.outbox.listPendingForRecipient("client", amina)).toEqual([]);
    const rows = await app.store.db.outboxMessage.findMany({ where: { id: { in: pendingForAmina.map((m) => m.id) } } });
    expect(rows.map((r) => r.status)).toEqual(pendingForAmina.map(() => "cancelled"));
    const silentFrom = chatSends(AMINA).length;

    // The clock passes every reminder: Olena gets hers, Amina nothing.
    const olenaBeforeReminders = chatSends(OLENA).length;
    clock.set("2027-03-10T11:00:00Z");
    await eventually("Olena's reminders", () => chatSends(OLENA).length >= olenaBeforeReminders + pendingForAmina.length);
    expect(chatSends(AMINA).slice(silentFrom)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});
