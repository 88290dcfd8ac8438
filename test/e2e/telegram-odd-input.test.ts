import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { helpText } from "../support/help-text.ts";
import { managerChat, newClientInChat } from "../support/new-client-chat.ts";
import { startTelegramTestApp, TelegramDriver, textOf, unlimitedFlood } from "../support/telegram-app.ts";

/** Input chat apps really send, through real HTTP and the real SQLite store: broken emoji, commands for other bots. */

const TOKEN = "123456789:AAFakeTokenForTheLotseOddInputTests_x";
const SECRET = "lotse-webhook-secret-odd-input-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const translator = createTranslator({ localesDir });
const MANAGER = 8601;

let app: App;
let chat: TelegramDriver;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
    { logger: createLogger("silent"), translator, telegramFloodLimit: unlimitedFlood },
  );
  app = started.app;
  chat = new TelegramDriver(started, SECRET);
  stop = started.stop;
});
afterAll(async () => stop?.());

describe("odd input", () => {
  it("a client name with a broken emoji (a lone UTF-16 surrogate) is saved with a replacement character, no apology", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Sonderzeichen" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Petra Neu" });
    await chat.say(MANAGER, `/start ${invite.code}`, "de");
    const { created } = await newClientInChat(managerChat(chat, MANAGER), translator, { name: "Amina \ud83d Haddad", language: "Deutsch", gender: "female" });
    expect(created.map(textOf).join("\n")).toContain("Amina \ufffd Haddad");
    expect(created.map(textOf)).not.toContain(translator.renderText("errors.generic", undefined, "de"));
  });

  it("/agenda@other_bot is no command of Lotse's: the help, not 'please use text'", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Fremdbot" });
    const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Ben Braun" });
    await chat.say(MANAGER + 1, `/start ${invite.code}`, "de");
    const [reply] = await chat.say(MANAGER + 1, "/agenda@other_bot");
    expect(textOf(reply)).toBe(helpText(translator, "manager", "de"));
  });
});
