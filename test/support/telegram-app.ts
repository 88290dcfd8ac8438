import { createApp, type App, type AppOptions } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { escapeHtml } from "../../src/i18n/index.ts";
import { databaseKinds, type TestDatabase } from "./databases.ts";
import { FakeTelegram, type ApiCall } from "./fake-telegram.ts";

export interface TelegramTestApp {
  db: TestDatabase;
  fake: FakeTelegram;
  app: App;
  /** http://127.0.0.1:<port> of the running app. */
  address: string;
  stop(): Promise<void>;
}

/**
 * The whole service in webhook mode on a fresh SQLite database, talking to a fake Bot API on loopback; `env` adds
 * settings (e.g. TEAMS_DEV_UNAUTHENTICATED: Teams on as well, against a fake connector given as the activities'
 * serviceUrl). With a fake `clock` (test/support/fake-clock.ts) reminders and check-ins come due when the test moves
 * it; give generous `delivery.rateLimits` and `telegramFloodLimit` then, since their windows only move with that clock.
 */
export async function startTelegramTestApp(
  settings: { token: string; secret: string; dataKey: string; webhookUrl: string; env?: Record<string, string> },
  options: AppOptions,
): Promise<TelegramTestApp> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  const db = await sqlite.create();
  const fake = new FakeTelegram(settings.token);
  await fake.start();
  const result = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    LOTSE_DATA_KEY: settings.dataKey,
    TELEGRAM_BOT_TOKEN: settings.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: settings.webhookUrl,
    TELEGRAM_WEBHOOK_SECRET: settings.secret,
    ...settings.env,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  const app = await createApp(result.config, options);
  const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  await app.telegramConnected();
  return {
    db,
    fake,
    app,
    address,
    async stop() {
      await app.close();
      await fake.stop();
      await db.drop();
    },
  };
}

/** Rate limits that never make the dispatcher wait for a frozen fake clock. */
export const unlimitedTelegramRates = { telegram: { global: { perSecond: 100_000, burst: 10_000 }, perChat: { perSecond: 100_000, burst: 10_000 } } };
/** A flood limit no test reaches (its window only moves with a fake clock). */
export const unlimitedFlood = { max: 100_000, windowMs: 10_000 };

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

export const textOf = (call: ApiCall | undefined): string => String(call?.params.text ?? call?.params.caption ?? "");
export const buttonsOf = (call: ApiCall | undefined): Button[] =>
  ((call?.params.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

/**
 * Plays people in their private chats with the bot through real HTTP (POST /telegram with the secret) and reads
 * what the app sent from the fake Bot API. Webhook updates are answered before the request returns; messages from
 * the outbox come with the dispatcher's next tick (`nextTo` / `eventually` wait for them).
 */
export class TelegramDriver {
  readonly #fake: FakeTelegram;
  readonly #address: string;
  readonly #secret: string;
  readonly #languages = new Map<number, string>();
  #nextUpdateId: number;
  #nextMessageId = 1;

  constructor(started: { fake: FakeTelegram; address: string }, secret: string, firstUpdateId = 100_000) {
    this.#fake = started.fake;
    this.#address = started.address;
    this.#secret = secret;
    this.#nextUpdateId = firstUpdateId;
  }

  person(id: number) {
    return { id, is_bot: false, first_name: `User${id}`, language_code: this.#languages.get(id) ?? "de" };
  }

  privateChat(id: number) {
    return { id, type: "private", first_name: `User${id}` };
  }

  updateId(): number {
    return this.#nextUpdateId++;
  }

  /** POSTs a raw update; returns the HTTP status. */
  async post(update: unknown, secret: string | null = this.#secret): Promise<number> {
    const response = await fetch(`${this.#address}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  async #postOk(update: unknown): Promise<void> {
    const status = await this.post(update);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  }

  /** A message in the user's private chat; `fields` are the message's content (text, photo, voice, …). */
  async message(userId: number, fields: Record<string, unknown>, languageCode?: string): Promise<void> {
    if (languageCode) this.#languages.set(userId, languageCode);
    await this.#postOk({
      update_id: this.updateId(),
      message: { message_id: this.#nextMessageId++, date: Math.floor(Date.now() / 1000), chat: this.privateChat(userId), from: this.person(userId), ...fields },
    });
  }

  /** Text (or a command) typed by a user. */
  async send(userId: number, text: string, languageCode?: string): Promise<void> {
    const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] : undefined;
    await this.message(userId, { text, ...(entities ? { entities } : {}) }, languageCode);
  }

  /** A button tapped under the bot's message `messageId`. */
  async tap(userId: number, data: string, messageId = 1): Promise<void> {
    const id = this.updateId();
    await this.#postOk({
      update_id: id,
      callback_query: {
        id: `cq-${id}`,
        from: this.person(userId),
        chat_instance: `ci-${userId}`,
        data,
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: this.privateChat(userId),
          from: { id: 1, is_bot: true, first_name: "Lotse" },
          text: "…",
        },
      },
    });
  }

  chatSends(chatId: number): ApiCall[] {
    return this.#fake.sends().filter((call) => call.params.chat_id === chatId);
  }

  /** Resolves once `check` holds; polls the fake's record (updated by the app's own requests). */
  async eventually<T>(what: string, check: () => T | undefined | null | false, deadlineMs = 8000): Promise<T> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const result = check();
      if (result) return result;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The send number `from` (0-based) to `chatId`, waiting for it. */
  nextTo(chatId: number, from: number, what = `a message to ${chatId}`): Promise<ApiCall> {
    return this.eventually(what, () => this.chatSends(chatId)[from]);
  }

  /**
   * A client's appointment notice to `chatId` from send `from` on: its text (with the answer buttons), returned once the
   * calendar file that follows it has come too, so that the file is not taken for the reply to a later step.
   */
  noticeTo(chatId: number, from: number, what = `an appointment notice to ${chatId}`): Promise<ApiCall> {
    return this.eventually(what, () => {
      const sends = this.chatSends(chatId).slice(from);
      const text = sends.findIndex((call) => call.method === "sendMessage");
      const file = sends.slice(text + 1).some((call) => call.method === "sendDocument" && /\.ics$/.test(call.files.document?.fileName ?? ""));
      return text >= 0 && file ? sends[text] : undefined;
    });
  }

  /** Sends, then returns the replies to the user's chat it caused. */
  async say(userId: number, text: string, languageCode?: string): Promise<ApiCall[]> {
    const before = this.chatSends(userId).length;
    await this.send(userId, text, languageCode);
    await this.nextTo(userId, before);
    return this.chatSends(userId).slice(before);
  }

  async press(userId: number, data: string): Promise<ApiCall[]> {
    const before = this.chatSends(userId).length;
    await this.tap(userId, data);
    await this.nextTo(userId, before);
    return this.chatSends(userId).slice(before);
  }

  /** The buttons of the last message to `chatId` that has some. */
  lastKeyboard(chatId: number): Button[] {
    return buttonsOf(
      this.chatSends(chatId)
        .filter((call) => buttonsOf(call).length > 0)
        .at(-1),
    );
  }

  button(chatId: number, match: (button: Button) => boolean, what: string): string {
    const found = this.lastKeyboard(chatId).find(match);
    if (!found?.callback_data) throw new Error(`no button ${what} for ${chatId}: ${JSON.stringify(this.lastKeyboard(chatId))}`);
    return found.callback_data;
  }

  buttonByData(chatId: number, pattern: RegExp): string {
    return this.button(chatId, (b) => pattern.test(b.callback_data ?? ""), String(pattern));
  }

  /**
   * The button that shows `text` (plain, as rendered): with that label, or shortened to fit a phone ("Zusicherung der
   * Miete vor dem…") while its message gives the label in full.
   */
  buttonByText(chatId: number, text: string): string {
    const message = this.chatSends(chatId)
      .filter((call) => buttonsOf(call).length > 0)
      .at(-1);
    const inFull = textOf(message).includes(escapeHtml(text));
    return this.button(chatId, (b) => b.text === text || (inFull && b.text.endsWith("…") && text.startsWith(b.text.slice(0, -1))), text);
  }
}
