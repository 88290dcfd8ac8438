import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { operator } from "../../src/core/actor.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { startTelegramTestApp, TelegramDriver, textOf, unlimitedFlood, type TelegramTestApp } from "../support/telegram-app.ts";

/** What people and operators see while the Bot API drops connections or cannot be reached at all. */

const TOKEN = "123456789:AAFakeTokenForTheLotseOutageTests_xyz";
const SECRET = "lotse-webhook-secret-outage-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const translator = createTranslator({ localesDir });

function logSink(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
}

const cleanups: (() => Promise<void>)[] = [];

/** A fresh SQLite database and a fake Bot API (both removed after the test), and the webhook-mode configuration. */
async function webhookSetup() {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  const db: TestDatabase = await sqlite.create();
  cleanups.push(() => db.drop());
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  cleanups.push(() => fake.stop());
  const result = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    LOTSE_DATA_KEY: DATA_KEY,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return { fake, config: result };
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("Telegram outage", () => {
  it("with the Bot API unreachable at start the service runs: /healthz answers, the log says why, updates get 503 until Telegram is back", async () => {
    const { fake, config } = await webhookSetup();
    let release: () => void = () => undefined;
    fake.failNext("getMe", { drop: true }, { hold: new Promise<void>((resolve) => (release = resolve)) });
    const lines: string[] = [];
    const app: App = await createApp(config.config, { logger: createLogger("info", logSink(lines)), translator, telegramConnectRetryMs: 20 });
    cleanups.push(() => app.close());
    const address = await app.server.listen({ port: 0, host: "127.0.0.1" });

    await fake.waitForCalls(2, "getMe");
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    expect(lines.some((line) => line.includes("telegram: cannot reach the Bot API"))).toBe(true);
    expect(lines.join("\n")).not.toContain(TOKEN);
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 5, type: "private" }, from: { id: 5, is_bot: false, first_name: "A" }, text: "/help" },
    };
    const early = await fetch(`${address}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    expect(early.status).toBe(503);
    expect(fake.callsTo("setWebhook")).toHaveLength(0);

    release();
    await app.telegramConnected();
    await fake.waitForCalls(1, "setWebhook");
    const later = await fetch(`${address}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(update),
    });
    expect(later.status).toBe(200);
    expect(fake.sends().map((call) => call.params.chat_id)).toContain(5);
  });

  it("dropped sockets while one person is answered: no retries inside the update, the next person is answered at once", async () => {
    const started: TelegramTestApp = await startTelegramTestApp(
      { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
      { logger: createLogger("silent"), translator, telegramFloodLimit: unlimitedFlood },
    );
    cleanups.push(() => started.stop());
    const chat = new TelegramDriver(started, SECRET);
    started.fake.reset();
    started.fake.failNext("sendMessage", { drop: true }, { drop: true }, { drop: true }, { drop: true });

    await chat.send(8801, "/help");
    // The reply is tried once (autoRetry would have retried the dropped socket for minutes) and, since the core did
    // its part, no apology follows: the failure is logged.
    expect(started.fake.callsTo("sendMessage")).toHaveLength(1);

    started.fake.reset();
    await chat.send(8802, "/help");
    const [answer] = started.fake.sends();
    expect(answer?.params.chat_id).toBe(8802);
    expect(textOf(answer)).not.toBe("");
  });

  it("a chat's commands menu that could not be set is not tried again after every reply", async () => {
    const started: TelegramTestApp = await startTelegramTestApp(
      { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://lotse.example.org/telegram" },
      { logger: createLogger("silent"), translator, telegramFloodLimit: unlimitedFlood },
    );
    cleanups.push(() => started.stop());
    const chat = new TelegramDriver(started, SECRET);
    const tenant = await addTenant(started.app.deps, operator, { name: "Landkreis Menü" });
    const { invite } = await addManager(started.app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    started.fake.reset();
    started.fake.failNext("setMyCommands", { error_code: 500, description: "Internal Server Error" });
    await chat.send(8803, `/start ${invite.code}`);
    await chat.send(8803, "/help");
    await chat.send(8803, "/help");
    const forThisChat = started.fake.callsTo("setMyCommands").filter((call) => JSON.stringify(call.params.scope).includes("8803"));
    expect(forThisChat).toHaveLength(1);
  });

  it("sets the webhook only once the server listens (Telegram posts at once)", async () => {
    const { fake, config } = await webhookSetup();
    const app = await createApp(config.config, { logger: createLogger("silent"), translator });
    cleanups.push(() => app.close());
    await fake.waitForCalls(1, "setMyCommands");
    expect(fake.callsTo("setWebhook")).toHaveLength(0);
    await app.server.listen({ port: 0, host: "127.0.0.1" });
    await app.telegramConnected();
    expect(fake.callsTo("setWebhook")).toHaveLength(1);
  });
});
