import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import telegramTestApi from "telegram-test-api";
import type { TelegramServer as TelegramServerClass } from "telegram-test-api/lib/telegramServer.js";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { helpText } from "../support/help-text.ts";

/**
 * Lotse in long-polling mode against telegram-test-api, a Bot API emulator from npm that the project did not write:
 * its getMe, getUpdates, sendMessage and callback queries, and its refusal of methods it does not know (setMyCommands,
 * sendPhoto), which Lotse must survive. Our own fake (fake-telegram.ts) agrees with our own assumptions; this one
 * does not have to.
 */

const TOKEN = "424242:AAThirdPartyEmulatorToken_0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const translator = createTranslator({ localesDir });
const de = (key: string, params?: Record<string, string | number>) => translator.renderText(key, params, "de");

// The package is CommonJS with `module.exports = TelegramServer`; its types describe an ES default export.
const TelegramServer = telegramTestApi as unknown as typeof TelegramServerClass;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let server: TelegramServerClass;
let db: TestDatabase;
let app: App;

/** A person in their private chat with the bot, as the emulator's client plays them. */
function person(id: number) {
  const client = server.getClient(TOKEN, { userId: id, chatId: id, firstName: `User${id}`, timeout: 10_000, interval: 20 });
  return {
    /** Types a command or text and returns the bot's next messages to this chat. */
    async say(text: string): Promise<{ text: string; buttons: { text: string; callback_data?: string }[] }[]> {
      if (text.startsWith("/")) await client.sendCommand(client.makeCommand(text));
      else await client.sendMessage(client.makeMessage(text));
      return replies();
    },
    async tap(data: string, count = 1) {
      await client.sendCallback(client.makeCallbackQuery(data));
      return replies(count);
    },
  };
  /** The bot's messages to this chat until it has sent `count` (the emulator's client polls for them). */
  async function replies(count = 1) {
    const received: { text: string; buttons: { text: string; callback_data?: string }[] }[] = [];
    while (received.length < count) {
      const { result } = await client.getUpdates();
      for (const update of result) {
        const markup = update.message.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
        received.push({ text: String(update.message.text), buttons: (markup?.inline_keyboard ?? []).flat() });
      }
    }
    return received;
  }
}

/** The callback data of a message's button with this label. */
function buttonLabelled(message: { buttons: { text: string; callback_data?: string }[] } | undefined, label: string): string {
  const data = message?.buttons.find((button) => button.text === label)?.callback_data;
  if (!data) throw new Error(`no button ${label} in ${JSON.stringify(message)}`);
  return data;
}

beforeAll(async () => {
  const port = await freePort();
  server = new TelegramServer({ port, host: "127.0.0.1" });
  await server.start();
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  db = await sqlite.create();
  const config = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    LOTSE_DATA_KEY: DATA_KEY,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: server.config.apiURL,
  });
  if (!config.ok) throw new Error(config.problems.join("; "));
  app = await createApp(config.config, { logger: createLogger("silent"), translator });
  await app.server.listen({ port: 0, host: "127.0.0.1" });
  await app.telegramConnected();
});

afterAll(async () => {
  await app?.close();
  await server?.stop();
  await db?.drop();
});

describe("Lotse against telegram-test-api (third-party Bot API emulator, long polling)", () => {
  it("a stranger's /start gets the introduction", async () => {
    const [intro] = await person(7001).say("/start");
    expect(intro?.text).toBe(de("client.stranger.intro"));
  });

  it("a manager links, reads the help and creates a client (the QR image the emulator refuses degrades to text); the client joins by taps", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Emulator" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const eva = person(7002);
    const [welcome] = await eva.say(`/start ${invite.code}`);
    expect(welcome?.text).toBe(de("manager.welcome", { name: "Eva Muster" }));
    const [help] = await eva.say("/help");
    expect(help?.text).toBe(helpText(translator, "manager", "de"));

    const [askName] = await eva.say("/newclient");
    expect(askName?.text).toBe(de("manager.newclient.name"));
    const [askLanguage] = await eva.say("Olena Koval");
    const ukrainian = askLanguage?.buttons.find((button) => button.text === "Українська");
    expect(ukrainian?.callback_data).toMatch(/^v1\|/);
    // Then gender, own phone and the start date, each by a tap (the caseload is empty and the tenant has no
    // municipalities: a new household without one, not asked).
    const [askGender] = await eva.tap(ukrainian?.callback_data ?? "");
    expect(askGender?.text).toBe(de("manager.newclient.gender"));
    const [askPhone] = await eva.tap(buttonLabelled(askGender, de("manager.newclient.gender_female")));
    expect(askPhone?.text).toBe(de("manager.newclient.own_phone"));
    const [askStart] = await eva.tap(buttonLabelled(askPhone, de("dialog.button.yes")));
    expect(askStart?.text).toBe(de("manager.newclient.started_on"));
    // The invite with its link, then (instead of the QR image) the text saying the link and code work.
    const created = await eva.tap(buttonLabelled(askStart, de("dialog.button.skip")), 2);
    const texts = created.map((message) => message.text);
    expect(texts.some((text) => text.includes("Olena Koval") && text.includes("start="))).toBe(true);
    // sendPhoto is not in the emulator: the manager is told the link and the code work just the same, no apology.
    expect(texts.some((text) => text.includes(de("manager.newclient.qr_unsent")))).toBe(true);
    expect(texts).not.toContain(de("errors.generic"));

    // Olena joins with the link's code and answers with taps: language, then consent.
    const code = /start=([\w-]+)/.exec(texts.find((text) => text.includes("start=")) ?? "")?.[1] ?? "";
    const olena = person(7003);
    const [pickLanguage] = await olena.say(`/start ${code}`);
    const languageButton = pickLanguage?.buttons.find((button) => button.text.endsWith("Українська"));
    const [consent] = await olena.tap(languageButton?.callback_data ?? "");
    expect(consent?.buttons.length).toBeGreaterThan(0);
    const agree = consent?.buttons[0]?.callback_data ?? "";
    // Messages agreed: plan check-ins are asked apart.
    const [checkIns] = await olena.tap(agree);
    expect(checkIns?.text).toBe(translator.renderText("consent.plan_checkins.v1", undefined, "uk"));
    const [welcome2] = await olena.tap(checkIns?.buttons[0]?.callback_data ?? "");
    expect(welcome2?.text).toBe(translator.renderText("client.welcome", undefined, "uk"));
  });
});
