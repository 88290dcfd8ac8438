import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, localesDir, type App } from "../../src/app/app.ts";
import { createLogger } from "../../src/app/logger.ts";
import { createTelegramBot } from "../../src/bots/telegram/telegram-bot.ts";
import { createTelegramSender } from "../../src/bots/telegram/telegram-sender.ts";
import { operator } from "../../src/core/actor.ts";
import type { ChatReply } from "../../src/core/chat/reply.ts";
import { TELEGRAM_BOT_USERNAME_SETTING } from "../../src/core/invites/invite-link.ts";
import { addManager } from "../../src/core/setup/add-manager.ts";
import { addTenant } from "../../src/core/setup/add-tenant.ts";
import type { Recipient } from "../../src/delivery/ports.ts";
import { SendError } from "../../src/delivery/ports.ts";
import { createTranslator, escapeHtml } from "../../src/i18n/index.ts";

import { readConfig } from "../../src/app/config.ts";
import { databaseKinds } from "../support/databases.ts";
import { startTelegramTestApp } from "../support/telegram-app.ts";
import { FAKE_BOT_ID, FAKE_BOT_USERNAME, FakeTelegram, fakeBotInfo } from "../support/fake-telegram.ts";

const TOKEN = "123456789:AAFakeTokenForTheLotseTransportTests_x";
const SECRET = "lotse-webhook-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const WEBHOOK_URL = "https://lotse.example.org/telegram";
const rawKey = /^[a-z_]+(\.[a-z0-9_]+)+$/;

const translator = createTranslator({ localesDir });

let fake: FakeTelegram;
let app: App;
let address: string;
let stopApp: (() => Promise<void>) | undefined;
const logLines: string[] = [];

let nextUpdateId = 500_000;
let nextMessageId = 1;
const now = () => Math.floor(Date.now() / 1000);

const person = (id: number, language = "de") => ({ id, is_bot: false, first_name: "Amina", language_code: language });
const privateChat = (id: number) => ({ id, type: "private", first_name: "Amina" });

function message(userId: number, fields: Record<string, unknown>, language = "de") {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: now(), chat: privateChat(userId), from: person(userId, language), ...fields },
  };
}
const textMessage = (userId: number, text: string, language = "de") => message(userId, { text }, language);

function post(body: unknown, secret: string | null = SECRET, raw = false): Promise<Response> {
  return fetch(`${address}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const started = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: WEBHOOK_URL },
    { logger: createLogger("debug", sink), translator },
  );
  ({ fake, app, address } = started);
  stopApp = started.stop;
});

afterAll(async () => {
  await stopApp?.();
});

describe("Telegram transport: start-up", () => {
  it("asks getMe, records the username for invite links and sets the webhook with the secret", async () => {
    expect(fake.callsTo("getMe")).toHaveLength(1);
    const [setWebhook] = fake.callsTo("setWebhook");
    expect(setWebhook?.params).toMatchObject({
      url: WEBHOOK_URL,
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query", "my_chat_member"],
    });
    expect(await app.store.settings.get(TELEGRAM_BOT_USERNAME_SETTING)).toBe(FAKE_BOT_USERNAME);
    expect(fake.violations).toEqual([]);
  });
});

describe("Telegram transport: webhook", () => {
  beforeEach(() => fake.reset());

  it("refuses a missing or forged secret with 401 before anything runs", async () => {
    const update = textMessage(9001, "/start");
    expect((await post(update, null)).status).toBe(401);
    expect((await post(update, "wrong-secret-wrong-secret")).status).toBe(401);
    expect((await post(update, `${SECRET}x`)).status).toBe(401);
    // Not even the body is parsed without the secret.
    expect((await post("{not json", "forged", true)).status).toBe(401);
    expect(fake.calls).toEqual([]);
    // The refused update was not marked as processed: the real delivery of it still gets an answer.
    expect((await post(update)).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
  });

  it("answers malformed JSON and bodies that are no update with 400", async () => {
    expect((await post('{"update_id": 1,', SECRET, true)).status).toBe(400);
    expect((await post([1, 2, 3])).status).toBe(400);
    expect((await post({ message: { text: "hi" } })).status).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it("answers a stranger's /start with one message in HTML, no raw key, no invalid call", async () => {
    const response = await post(textMessage(9002, "/start", "ar"));
    expect(response.status).toBe(200);
    const sends = fake.sends();
    expect(sends).toHaveLength(1);
    const [call] = sends;
    expect(call?.method).toBe("sendMessage");
    expect(call?.params.chat_id).toBe(9002);
    expect(call?.params.parse_mode).toBe("HTML");
    const text = String(call?.params.text ?? "");
    expect(text.trim()).not.toBe("");
    expect(text).not.toMatch(rawKey);
    expect(fake.violations).toEqual([]);
    // A stranger is not stored.
    expect(await app.store.identities.findByExternal("telegram", "9002")).toBeNull();
  });

  it("handles a redelivered update once", async () => {
    const update = textMessage(9003, "/start");
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
  });

  it("an update a crashed process had claimed but never finished runs again when Telegram delivers it again", async () => {
    const update = textMessage(9004, "/start");
    // What a process killed mid-update leaves behind: the update claimed by its boot, never completed.
    await app.store.processedUpdates.claimUpdate("telegram", `${FAKE_BOT_ID}:${update.update_id}`, new Date(), { bootId: "killed-process", leaseMs: 60_000 });
    expect((await post(update)).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
    // Handled now: a further redelivery is ignored.
    expect((await post(update)).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
  });

  it("never answers in groups and leaves a group it was added to", async () => {
    const groupMessage = {
      update_id: nextUpdateId++,
      message: { message_id: nextMessageId++, date: now(), chat: { id: -100200300, type: "supergroup", title: "Team" }, from: person(9004), text: "/start" },
    };
    expect((await post(groupMessage)).status).toBe(200);
    const fromBot = {
      update_id: nextUpdateId++,
      message: { message_id: nextMessageId++, date: now(), chat: privateChat(9005), from: { id: 9005, is_bot: true, first_name: "Other bot" }, text: "/start" },
    };
    expect((await post(fromBot)).status).toBe(200);
    expect(fake.calls).toEqual([]);

    const added = {
      update_id: nextUpdateId++,
      my_chat_member: {
        chat: { id: -100200300, type: "supergroup", title: "Team" },
        from: person(9004),
        date: now(),
        old_chat_member: { user: { id: FAKE_BOT_ID, is_bot: true, first_name: "Lotse" }, status: "left" },
        new_chat_member: { user: { id: FAKE_BOT_ID, is_bot: true, first_name: "Lotse" }, status: "member" },
      },
    };
    expect((await post(added)).status).toBe(200);
    expect(fake.callsTo("leaveChat").map((call) => call.params.chat_id)).toEqual([-100200300]);
    expect(fake.sends()).toEqual([]);
  });

  it("survives a mixed stream of unusual updates: all 200, no invalid call, still answering afterwards", async () => {
    const user = 9006;
    const stream: unknown[] = [
      {
        update_id: nextUpdateId++,
        edited_message: { message_id: 1, date: now(), edit_date: now(), chat: privateChat(user), from: person(user), text: "edited" },
      },
      message(user, { photo: [{ file_id: "a", file_unique_id: "a", width: 90, height: 90 }], caption: "<b>look</b> & see" }),
      message(user, { sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }),
      message(user, { voice: { file_id: "v", file_unique_id: "v", duration: 3 } }),
      message(user, { text: "/a-b-c-d 🙂 <script>alert(1)</script> & co" }),
      message(user, { text: "/start@someone_else_bot" }),
      message(user, { text: "x".repeat(4096) }),
      {
        update_id: nextUpdateId++,
        callback_query: {
          id: "cq-1",
          from: person(user),
          chat_instance: "ci",
          data: "v9|zzz|garbage<>&",
          message: { message_id: 77, date: now(), chat: privateChat(user), text: "old" },
        },
      },
      {
        update_id: nextUpdateId++,
        callback_query: {
          id: "cq-2",
          from: person(user),
          chat_instance: "ci",
          data: "x".repeat(300),
          message: { message_id: 78, date: 0, chat: privateChat(user) },
        },
      },
      { update_id: nextUpdateId++, callback_query: { id: "cq-3", from: person(user), chat_instance: "ci", game_short_name: "game" } },
      { update_id: nextUpdateId++, some_future_update: { foo: [1, 2, 3] } },
      { ...textMessage(user, "hello"), future_field: { nested: true } },
      { update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: now(), chat: privateChat(user), text: "no sender" } },
      {
        update_id: nextUpdateId++,
        message: { message_id: nextMessageId++, date: now(), chat: { id: -5, type: "channel", title: "News" }, text: "channel post" },
      },
      { update_id: nextUpdateId++, channel_post: { message_id: 1, date: now(), chat: { id: -5, type: "channel", title: "News" }, text: "post" } },
      { update_id: nextUpdateId++, message: null },
      { update_id: nextUpdateId++, callback_query: { id: "cq-4", from: "nobody", data: "x" } },
      message(user, { document: { file_id: "d", file_unique_id: "d", file_name: "<pass>.pdf" } }),
      message(user, { video_note: { file_id: "n", file_unique_id: "n", length: 240, duration: 4 } }),
      message(user, { location: { latitude: 48.7, longitude: 9.1 } }),
      message(user, { contact: { phone_number: "+49 170 0000000", first_name: "Someone" } }),
      {
        update_id: nextUpdateId++,
        message: { message_id: nextMessageId++, date: now(), chat: { id: -100900, type: "group", title: "Helferkreis" }, from: person(user), text: "/help" },
      },
      {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: now(),
          chat: { id: -100900, type: "group", title: "Helferkreis" },
          from: person(user),
          photo: [{ file_id: "g", file_unique_id: "g", width: 1, height: 1 }],
        },
      },
      { update_id: nextUpdateId++, edited_message: { message_id: 2, date: now(), edit_date: now(), chat: privateChat(user), from: person(user), photo: [] } },
      {
        update_id: nextUpdateId++,
        callback_query: {
          id: "cq-5",
          from: person(user),
          chat_instance: "ci",
          data: "",
          message: { message_id: 79, date: now(), chat: privateChat(user), text: "old" },
        },
      },
      {
        update_id: nextUpdateId++,
        message_reaction: {
          chat: privateChat(user),
          message_id: 3,
          date: now(),
          user: person(user),
          old_reaction: [],
          new_reaction: [{ type: "emoji", emoji: "👍" }],
        },
      },
      { update_id: nextUpdateId++, inline_query: { id: "iq", from: person(user), query: "x", offset: "" } },
      { update_id: nextUpdateId++, chat_join_request: { chat: { id: -100900, type: "group" }, from: person(user), user_chat_id: user, date: now() } },
    ];
    for (const update of stream) {
      const response = await post(update);
      expect(response.status).toBe(200);
    }
    expect(fake.violations).toEqual([]);
    // Every callback query in a private chat with a person was answered.
    expect(
      fake
        .callsTo("answerCallbackQuery")
        .map((call) => call.params.callback_query_id)
        .sort(),
    ).toEqual(["cq-1", "cq-2", "cq-5"]);
    // Sticker, video note, location and contact: each answered once with "please use text or the buttons". Photo,
    // voice and document are files Lotse reads (a client's go to their manager): this stranger gets the introduction,
    // as for a command for another bot, which is text like any other.
    const unsupported = escapeHtml(translator.renderText("commands.unsupported", undefined, "de"));
    expect(fake.sends().filter((call) => call.params.text === unsupported)).toHaveLength(4);
    for (const call of fake.sends()) {
      expect(call.params.chat_id).toBe(user);
      expect(String(call.params.text ?? call.params.caption ?? "")).not.toMatch(rawKey);
    }
    fake.reset();
    expect((await post(textMessage(9007, "/start"))).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(1);
  });

  it("drops updates over the per-user flood limit (20 per 10 s)", async () => {
    for (let i = 0; i < 25; i++) expect((await post(textMessage(9008, "/start"))).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(20);
    expect((await post(textMessage(9009, "/start"))).status).toBe(200);
    expect(fake.callsTo("sendMessage")).toHaveLength(21);
  });

  it("links a manager with /start <code> and greets them in German", async () => {
    const tenant = await addTenant(app.deps, operator, { name: "Landkreis Testheim" });
    const { manager, invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    expect((await post(textMessage(9010, `/start ${invite.code}`, "de"))).status).toBe(200);
    const [reply] = await fake.waitForCalls(1, "sendMessage");
    expect(reply?.params.chat_id).toBe(9010);
    expect(reply?.params.text).toBe(escapeHtml(translator.renderText("manager.welcome", { name: manager.name }, "de")));
    const identity = await app.store.identities.findByExternal("telegram", "9010");
    expect(identity).toMatchObject({ managerId: manager.id, conversationRef: JSON.stringify({ chatId: 9010 }), active: true });
    expect(fake.violations).toEqual([]);
    // Logs carry neither the invite code nor the name nor the secrets.
    const logs = logLines.join("\n");
    for (const secret of [invite.code, manager.name, SECRET, TOKEN]) expect(logs).not.toContain(secret);
  });
});

describe("Telegram transport: rendering replies", () => {
  beforeEach(() => fake.reset());

  function botWith(reply: ChatReply | (() => never)) {
    return createTelegramBot({
      token: TOKEN,
      apiRoot: fake.url,
      deps: app.deps,
      translator,
      logger: createLogger("silent"),
      botInfo: fakeBotInfo("Lotse"),
      handle: async () => (typeof reply === "function" ? reply() : reply),
    });
  }

  it("splits long text, escapes HTML, builds keyboards, edits the tapped message, sends QR codes and documents", async () => {
    const longName = `<Ali & "Sons"> ${"word ".repeat(1200)}`;
    const bot = botWith({
      language: "en",
      role: "manager",
      outbound: [
        {
          parts: [{ key: "manager.welcome", params: { name: longName } }],
          buttons: [
            [
              { labelKey: "dialog.button.yes", data: "v1|yes" },
              { labelKey: "dialog.button.no", url: "https://example.org/" },
            ],
          ],
        },
        { parts: [{ key: "dialog.cancelled" }], edit: true },
        {
          parts: [{ key: "manager.welcome", params: { name: "Eva" } }],
          attachment: { kind: "qr", payload: "https://t.me/lotse_test_bot?start=ABCD", unsentKey: "manager.newclient.qr_unsent" },
        },
        {
          parts: [{ key: "dialog.cancelled" }],
          attachment: {
            kind: "document",
            fileName: "data.json",
            mimeType: "application/json",
            base64: Buffer.from("{}").toString("base64"),
            unsentKey: "client.mydata.unsent",
          },
        },
        { to: { kind: "client", id: "someone" }, parts: [{ key: "dialog.cancelled" }] },
      ],
    });
    await bot.handleUpdate({
      update_id: nextUpdateId++,
      callback_query: {
        id: "cq-render",
        from: person(9100),
        chat_instance: "ci",
        data: "v1|x",
        message: { message_id: 55, date: now(), chat: privateChat(9100), text: "old" },
      },
    } as never);
    expect(fake.violations).toEqual([]);
    const messages = fake.callsTo("sendMessage");
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.every((call) => String(call.params.text).length <= 4096)).toBe(true);
    expect(String(messages[0]?.params.text)).toContain("&lt;Ali &amp; &quot;Sons&quot;&gt;");
    // The keyboard goes with the last part only.
    expect(messages.slice(0, -1).every((call) => call.params.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)?.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Yes", callback_data: "v1|yes" },
          { text: "No", url: "https://example.org/" },
        ],
      ],
    });
    expect(fake.callsTo("editMessageText")[0]?.params).toMatchObject({ chat_id: 9100, message_id: 55 });
    const [photo] = fake.callsTo("sendPhoto");
    expect(photo?.files.photo?.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(String(photo?.params.caption)).toContain("Eva");
    expect(fake.callsTo("sendDocument")[0]?.files.document?.fileName).toBe("data.json");
    expect(fake.callsTo("answerCallbackQuery")).toHaveLength(1);
    // Nothing went to anybody else.
    expect(fake.sends().every((call) => call.params.chat_id === 9100)).toBe(true);
  });

  it("a file that cannot be sent degrades to text saying what still works; no apology after a success", async () => {
    const bot = botWith({
      language: "ar",
      role: "client",
      outbound: [
        {
          parts: [{ key: "manager.welcome", params: { name: "Eva" } }],
          attachment: { kind: "qr", payload: "https://t.me/lotse_test_bot?start=ABCD", unsentKey: "manager.newclient.qr_unsent" },
        },
        {
          parts: [{ key: "client.mydata.file" }],
          attachment: {
            kind: "document",
            fileName: "data.json",
            mimeType: "application/json",
            base64: Buffer.from("{}").toString("base64"),
            unsentKey: "client.mydata.unsent",
          },
        },
      ],
    });
    fake.failNext("sendPhoto", { error_code: 500, description: "Internal Server Error" });
    fake.failNext("sendDocument", { drop: true });
    await bot.handleUpdate(textMessage(9102, "/mydata", "ar") as never);
    const texts = fake.callsTo("sendMessage").map((call) => String(call.params.text));
    expect(texts).toEqual([
      `${escapeHtml(translator.renderText("manager.welcome", { name: "Eva" }, "ar"))}\n\n${escapeHtml(translator.renderText("manager.newclient.qr_unsent", undefined, "ar"))}`,
      `${escapeHtml(translator.renderText("client.mydata.file", undefined, "ar"))}\n\n${escapeHtml(translator.renderText("client.mydata.unsent", undefined, "ar"))}`,
    ]);
    expect(texts.join("\n")).not.toContain(escapeHtml(translator.renderText("errors.generic", undefined, "ar")));
    expect(fake.violations).toEqual([]);
  });

  it("logs a failing handler and apologises in the person's language", async () => {
    const bot = botWith(() => {
      throw new Error("boom with personal data: Amina");
    });
    await bot.handleUpdate(textMessage(9101, "hello", "uk") as never);
    const [apology] = fake.callsTo("sendMessage");
    expect(apology?.params.text).toBe(escapeHtml(translator.renderText("errors.generic", undefined, "uk")));
    expect(fake.violations).toEqual([]);
  });
});

describe("Telegram transport: channel sender", () => {
  beforeEach(() => fake.reset());

  const recipient = (conversationRef: string | null, externalId = "9200"): Recipient => ({
    kind: "client",
    id: "c1",
    name: "Amina",
    language: "ar",
    timezone: "Europe/Berlin",
    identity: {
      id: "i1",
      channel: "telegram",
      externalId,
      conversationRef,
      managerId: null,
      clientId: "c1",
      locale: "ar",
      active: true,
      linkedAt: new Date(),
      deactivatedAt: null,
    },
  });

  it("sends to the chat of the identity's conversationRef, with buttons", async () => {
    const sender = createTelegramSender({ token: TOKEN, apiRoot: fake.url });
    const sent = await sender.send(recipient(JSON.stringify({ chatId: 9201 })), {
      text: "Termin <morgen> & mehr",
      buttons: [[{ label: "OK", data: "v1|ok" }]],
    });
    const [call] = fake.callsTo("sendMessage");
    expect(call?.params).toMatchObject({
      chat_id: 9201,
      text: "Termin &lt;morgen&gt; &amp; mehr",
      reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "v1|ok" }]] },
    });
    expect(sent.providerMessageId).toMatch(/^9201:\d+$/);
    await sender.send(recipient(null), { text: "fallback", buttons: [] });
    expect(fake.callsTo("sendMessage")[1]?.params.chat_id).toBe(9200);
    expect(fake.violations).toEqual([]);
  });

  it("maps Bot API failures to the dispatcher's kinds", async () => {
    const sender = createTelegramSender({ token: TOKEN, apiRoot: fake.url });
    const to = recipient(JSON.stringify({ chatId: 9202 }));
    fake.failNext(
      "sendMessage",
      { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } },
      { error_code: 403, description: "Forbidden: bot was blocked by the user" },
      { error_code: 502, description: "Bad Gateway" },
      { error_code: 400, description: "Bad Request: message is too long" },
      { error_code: 400, description: "Bad Request: chat not found" },
    );
    const failure = async () =>
      sender.send(to, { text: "hi", buttons: [] }).then(
        () => null,
        (error: unknown) => error as SendError,
      );
    const rateLimited = await failure();
    expect(rateLimited).toBeInstanceOf(SendError);
    expect({ kind: rateLimited?.kind, retryAfterMs: rateLimited?.retryAfterMs }).toEqual({ kind: "rate_limited", retryAfterMs: 7000 });
    expect((await failure())?.kind).toBe("blocked");
    expect((await failure())?.kind).toBe("transient");
    expect((await failure())?.kind).toBe("permanent");
    expect((await failure())?.kind).toBe("blocked");
    const unreachable = createTelegramSender({ token: TOKEN, apiRoot: "http://127.0.0.1:1" });
    const networkError = await unreachable.send(to, { text: "hi", buttons: [] }).then(
      () => null,
      (error: unknown) => error as SendError,
    );
    expect(networkError?.kind).toBe("transient");
  });
});

describe("Telegram transport: long polling (no webhook URL)", () => {
  it("receives updates through getUpdates, answers them, and stops polling on shutdown", async () => {
    const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
    if (!sqlite) throw new Error("no SQLite test database");
    const pollingDb = await sqlite.create();
    const pollingFake = new FakeTelegram(TOKEN);
    await pollingFake.start();
    let pollingApp: App | null = null;
    try {
      const result = readConfig({
        NODE_ENV: "test",
        DATABASE_URL: pollingDb.url,
        LOTSE_DATA_KEY: DATA_KEY,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: pollingFake.url,
      });
      if (!result.ok) throw new Error(result.problems.join("; "));
      pollingApp = await createApp(result.config, { logger: createLogger("silent"), translator });
      const base = await pollingApp.server.listen({ port: 0, host: "127.0.0.1" });
      await pollingApp.telegramConnected();
      // Without a webhook nobody may post updates.
      const posted = await fetch(`${base}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(textMessage(9300, "/start")),
      });
      expect(posted.status).toBe(404);
      pollingFake.queueUpdate(textMessage(9301, "/start"));
      const [reply] = await pollingFake.waitForCalls(1, "sendMessage");
      expect(reply?.params.chat_id).toBe(9301);
      expect(pollingFake.callsTo("setWebhook")).toEqual([]);
      await pollingApp.close();
      pollingApp = null;
      const polls = pollingFake.callsTo("getUpdates").length;
      pollingFake.queueUpdate(textMessage(9302, "/start"));
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(pollingFake.callsTo("getUpdates")).toHaveLength(polls);
      expect(pollingFake.callsTo("sendMessage")).toHaveLength(1);
      expect(pollingFake.violations).toEqual([]);
    } finally {
      await pollingApp?.close();
      await pollingFake.stop();
      await pollingDb.drop();
    }
  });
});
