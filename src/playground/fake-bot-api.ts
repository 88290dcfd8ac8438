import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { Clock } from "../core/ports/clock.ts";
import { parseBotApiRequest, type UploadedFile } from "./bot-api-request.ts";
import { sanitizeTelegramHtml } from "./telegram-html.ts";

/**
 * The playground's Telegram: a small Bot API on 127.0.0.1 (random port) inside the Lotse process. The real grammY
 * bot long-polls it for updates and sends its answers to it; it keeps every private chat's history for the page.
 * Updates come from the page (typing, button taps) with the phone's user and language.
 */

export const PLAYGROUND_BOT_ID = 7_000_000_777;
export const PLAYGROUND_BOT_USERNAME = "lotse_playground_bot";

export interface PlaygroundButton {
  text: string;
  data?: string;
  url?: string;
}

export interface ChatMessage {
  /** message_id within its chat. */
  id: number;
  from: "bot" | "user";
  /** Sanitised Telegram HTML (a text message's text or a photo's or document's caption). */
  html: string;
  buttons: PlaygroundButton[][];
  photo?: string;
  document?: { fileId: string; fileName: string };
  /** On the playground clock. */
  date: string;
  edited: boolean;
}

export interface PhoneUser {
  id: number;
  firstName: string;
  languageCode: string;
}

export interface StoredFile extends UploadedFile {
  id: string;
}

const buttonSchema = z.object({ text: z.string(), callback_data: z.string().optional(), url: z.string().optional() });
const markupSchema = z.object({ inline_keyboard: z.array(z.array(buttonSchema)) }).optional();
const chatIdSchema = z.coerce.number().int();
const sendMessageSchema = z.object({ chat_id: chatIdSchema, text: z.string().min(1).max(4096), parse_mode: z.string().optional(), reply_markup: markupSchema });
const sendFileSchema = z.object({
  chat_id: chatIdSchema,
  caption: z.string().max(1024).optional(),
  parse_mode: z.string().optional(),
  reply_markup: markupSchema,
});
const sendVenueSchema = z.object({
  chat_id: chatIdSchema,
  latitude: z.coerce.number().min(-90).max(90),
  longitude: z.coerce.number().min(-180).max(180),
  title: z.string().min(1),
  address: z.string().min(1),
});
const editTextSchema = z.object({
  chat_id: chatIdSchema,
  message_id: z.coerce.number().int(),
  text: z.string().min(1).max(4096),
  parse_mode: z.string().optional(),
  reply_markup: markupSchema,
});
const editMarkupSchema = z.object({ chat_id: chatIdSchema, message_id: z.coerce.number().int(), reply_markup: markupSchema });
const answerSchema = z.object({ callback_query_id: z.string(), text: z.string().max(200).optional() });
const getUpdatesSchema = z.object({ offset: z.coerce.number().int().optional(), timeout: z.coerce.number().int().min(0).optional() });

class BadRequest extends Error {}

/** A long session keeps the newest messages of each chat. */
const MAX_MESSAGES_PER_CHAT = 500;

/** Telegram shows text without parse_mode literally; with HTML, only its tags. */
const displayHtml = (text: string, parseMode: string | undefined): string =>
  parseMode === "HTML" ? sanitizeTelegramHtml(text) : sanitizeTelegramHtml(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));

function keyboardOf(markup: z.output<typeof markupSchema>): PlaygroundButton[][] {
  return (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) => ({ text: button.text, ...(button.callback_data ? { data: button.callback_data } : {}), ...(button.url ? { url: button.url } : {}) })),
  );
}

function parse<T extends z.ZodType>(schema: T, params: Record<string, unknown>): z.output<T> {
  const result = schema.safeParse(params);
  if (!result.success) throw new BadRequest(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  return result.data;
}

export class FakeBotApi {
  readonly token: string;
  #clock: Clock;
  #server: Server | null = null;
  #url = "";
  #chats = new Map<number, ChatMessage[]>();
  #toasts = new Map<number, string>();
  /** Callback query id → the chat it came from (for the answer's toast). */
  #callbackChats = new Map<string, number>();
  #files = new Map<string, StoredFile>();
  #queued: { update_id: number }[] = [];
  #pollers = new Set<() => void>();
  #nextUpdateId = 1;
  #nextCallbackId = 1;
  #nextFileId = 1;
  #version = 0;

  constructor(token: string, clock: Clock) {
    this.token = token;
    this.#clock = clock;
  }

  /** The apiRoot for grammY. */
  get url(): string {
    return this.#url;
  }

  /** Grows with every change the page should show. */
  get version(): number {
    return this.#version;
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        const status = error instanceof BadRequest || error instanceof SyntaxError ? 400 : 500;
        if (!response.headersSent)
          this.#json(response, status, {
            ok: false,
            error_code: status,
            description: `${status === 400 ? "Bad Request" : "Internal Server Error"}: ${(error as Error).message}`,
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  async stop(): Promise<void> {
    for (const poller of [...this.#pollers]) poller();
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  history(chatId: number): ChatMessage[] {
    return this.#chats.get(chatId) ?? [];
  }

  /** The last callback answer with text shown in the chat (Telegram's toast). */
  toast(chatId: number): string | null {
    return this.#toasts.get(chatId) ?? null;
  }

  file(id: string): StoredFile | null {
    return this.#files.get(id) ?? null;
  }

  /** The person typed `text` in their private chat with the bot. */
  userSends(user: PhoneUser, text: string): void {
    const message = this.#append(user.id, { from: "user", html: displayHtml(text, undefined), buttons: [] });
    const command = /^\/\w+/.exec(text);
    this.#queue({
      message: {
        message_id: message.id,
        date: this.#unixNow(),
        chat: this.#chatOf(user),
        from: this.#userOf(user),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      },
    });
  }

  /** The person tapped a button under the bot's message `messageId`; false when the chat has no such message. */
  userTaps(user: PhoneUser, messageId: number, data: string): boolean {
    const message = this.history(user.id).find((candidate) => candidate.id === messageId && candidate.from === "bot");
    if (!message) return false;
    this.#toasts.delete(user.id);
    const id = `playground-${this.#nextCallbackId++}`;
    this.#callbackChats.set(id, user.id);
    this.#queue({
      callback_query: {
        id,
        from: this.#userOf(user),
        chat_instance: `playground-${user.id}`,
        data,
        message: { message_id: message.id, date: this.#unixNow(), chat: this.#chatOf(user), from: this.#botUser(), text: "…" },
      },
    });
    return true;
  }

  #unixNow(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }

  #userOf(user: PhoneUser) {
    return { id: user.id, is_bot: false, first_name: user.firstName, language_code: user.languageCode };
  }

  #chatOf(user: PhoneUser) {
    return { id: user.id, type: "private", first_name: user.firstName };
  }

  #botUser() {
    return { id: PLAYGROUND_BOT_ID, is_bot: true, first_name: "Lotse", username: PLAYGROUND_BOT_USERNAME };
  }

  #changed(): void {
    this.#version += 1;
  }

  #queue(update: Record<string, unknown>): void {
    this.#queued.push({ update_id: this.#nextUpdateId++, ...update });
    for (const poller of [...this.#pollers]) poller();
    this.#changed();
  }

  #append(chatId: number, message: Omit<ChatMessage, "id" | "date" | "edited">): ChatMessage {
    const chat = this.#chats.get(chatId) ?? [];
    const stored: ChatMessage = { ...message, id: (chat.at(-1)?.id ?? 0) + 1, date: this.#clock.now().toISOString(), edited: false };
    chat.push(stored);
    if (chat.length > MAX_MESSAGES_PER_CHAT) chat.splice(0, chat.length - MAX_MESSAGES_PER_CHAT);
    this.#chats.set(chatId, chat);
    this.#changed();
    return stored;
  }

  #storeFile(file: UploadedFile | undefined, fallbackName: string): StoredFile {
    if (!file) throw new BadRequest("file missing (only uploads are supported)");
    const stored: StoredFile = { ...file, fileName: file.fileName || fallbackName, id: `file-${this.#nextFileId++}` };
    this.#files.set(stored.id, stored);
    return stored;
  }

  #botMessage(chatId: number, message: ChatMessage, extra: Record<string, unknown> = {}) {
    return { message_id: message.id, date: this.#unixNow(), chat: { id: chatId, type: "private" }, from: this.#botUser(), ...extra };
  }

  #json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  }

  #edit(chatId: number, messageId: number, change: (message: ChatMessage) => ChatMessage): ChatMessage {
    const chat = this.#chats.get(chatId) ?? [];
    const index = chat.findIndex((message) => message.id === messageId && message.from === "bot");
    const current = chat[index];
    if (!current) throw new BadRequest("message to edit not found");
    const next = change(current);
    if (next.html === current.html && JSON.stringify(next.buttons) === JSON.stringify(current.buttons)) {
      throw new BadRequest("message is not modified");
    }
    chat[index] = { ...next, edited: true };
    this.#changed();
    return chat[index];
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url ?? "/", "http://playground").pathname);
    if (!match || match[1] !== this.token) return this.#json(response, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2] ?? "";
    const { params, files } = await parseBotApiRequest(request);
    const ok = (result: unknown) => this.#json(response, 200, { ok: true, result });
    switch (method) {
      case "getMe":
        return ok({
          ...this.#botUser(),
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
          can_connect_to_business: false,
          has_main_web_app: false,
        });
      case "getUpdates":
        return this.#getUpdates(parse(getUpdatesSchema, params), response);
      case "sendMessage": {
        const input = parse(sendMessageSchema, params);
        const message = this.#append(input.chat_id, { from: "bot", html: displayHtml(input.text, input.parse_mode), buttons: keyboardOf(input.reply_markup) });
        return ok(this.#botMessage(input.chat_id, message, { text: input.text }));
      }
      case "sendPhoto":
      case "sendDocument": {
        const input = parse(sendFileSchema, params);
        const isPhoto = method === "sendPhoto";
        const file = this.#storeFile(files[isPhoto ? "photo" : "document"], isPhoto ? "photo.png" : "document");
        const message = this.#append(input.chat_id, {
          from: "bot",
          html: input.caption ? displayHtml(input.caption, input.parse_mode) : "",
          buttons: keyboardOf(input.reply_markup),
          ...(isPhoto ? { photo: file.id } : { document: { fileId: file.id, fileName: file.fileName } }),
        });
        const media = isPhoto
          ? { photo: [{ file_id: file.id, file_unique_id: file.id, width: 512, height: 512 }] }
          : { document: { file_id: file.id, file_unique_id: file.id, file_name: file.fileName } };
        return ok(this.#botMessage(input.chat_id, message, { ...media, ...(input.caption ? { caption: input.caption } : {}) }));
      }
      case "sendVenue": {
        // An appointment's map location: shown as a pin with the title and address (the page draws no map).
        const input = parse(sendVenueSchema, params);
        const message = this.#append(input.chat_id, { from: "bot", html: displayHtml(`📍 ${input.title}\n${input.address}`, undefined), buttons: [] });
        const venue = { location: { latitude: input.latitude, longitude: input.longitude }, title: input.title, address: input.address };
        return ok(this.#botMessage(input.chat_id, message, { venue }));
      }
      case "editMessageText": {
        const input = parse(editTextSchema, params);
        // Telegram drops the keyboard of an edited message unless the edit brings one.
        const message = this.#edit(input.chat_id, input.message_id, (current) => ({
          ...current,
          html: displayHtml(input.text, input.parse_mode),
          buttons: keyboardOf(input.reply_markup),
        }));
        return ok(this.#botMessage(input.chat_id, message, { text: input.text, edit_date: this.#unixNow() }));
      }
      case "editMessageReplyMarkup": {
        const input = parse(editMarkupSchema, params);
        const message = this.#edit(input.chat_id, input.message_id, (current) => ({ ...current, buttons: keyboardOf(input.reply_markup) }));
        return ok(this.#botMessage(input.chat_id, message, { edit_date: this.#unixNow() }));
      }
      case "answerCallbackQuery": {
        const input = parse(answerSchema, params);
        const chatId = this.#callbackChats.get(input.callback_query_id);
        if (input.text && chatId !== undefined) {
          this.#toasts.set(chatId, input.text);
          this.#changed();
        }
        return ok(true);
      }
      case "setMyCommands":
      case "deleteMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "leaveChat":
        return ok(true);
      default:
        return this.#json(response, 404, { ok: false, error_code: 404, description: `Not Found: ${method} is not part of the playground` });
    }
  }

  /** Long polling: answers at once when updates wait, else holds the request up to `timeout` seconds. */
  async #getUpdates(input: z.output<typeof getUpdatesSchema>, response: ServerResponse): Promise<void> {
    const offset = input.offset ?? 0;
    this.#queued = this.#queued.filter((update) => update.update_id >= offset);
    const timeout = Math.min(input.timeout ?? 0, 50);
    if (this.#queued.length === 0 && timeout > 0 && this.#server) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#pollers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        this.#pollers.add(done);
        response.once("close", done);
      });
    }
    if (response.writableEnded || response.destroyed) return;
    this.#json(response, 200, { ok: true, result: this.#queued.slice(0, 100) });
  }
}
