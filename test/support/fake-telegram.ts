import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { UserFromGetMe } from "grammy/types";
import type { AddressInfo } from "node:net";
import { keyboardWidthProblems } from "../../src/i18n/button-rows.ts";
import { parseBotApiRequest as parseRequest, type UploadedFile } from "../../src/playground/bot-api-request.ts";

export type { UploadedFile };

/**
 * A fake Telegram Bot API on 127.0.0.1 (random port): answers the methods Lotse uses like Telegram does, records
 * every call with its parsed parameters (JSON and multipart), and refuses what Telegram would refuse (text over
 * 4,096, caption over 1,024, callback_data over 64 bytes, empty text, broken HTML): a 400, recorded as a violation.
 * A keyboard row whose labels a phone would cut (the width budget of src/i18n/button-rows.ts) is refused the same way,
 * so every e2e test that sends one fails.
 * Files added with `addFile` are served like Telegram does: getFile gives their path, the file URL their bytes.
 */

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** Files of a multipart request, by field name. */
  files: Record<string, UploadedFile>;
}

export interface Violation {
  method: string;
  problem: string;
}

export type ScriptedFailure =
  | { error_code: number; description: string; parameters?: { retry_after?: number } }
  /** The connection is cut without an answer (a dropped socket, a network blip). */
  | { drop: true }
  /** No answer at all until the fake stops (a hanging Bot API). */
  | { hang: true }
  /** The answer waits until `until` resolves (a slow Bot API the test releases). */
  | { hold: Promise<void> };

export const FAKE_BOT_USERNAME = "lotse_test_bot";
export const FAKE_BOT_ID = 7_000_000_001;

/** What getMe tells about the fake's bot; given to a grammY bot as `botInfo`, it makes no getMe call of its own. */
export const fakeBotInfo = (firstName = "Lotse"): UserFromGetMe => ({
  id: FAKE_BOT_ID,
  is_bot: true,
  first_name: firstName,
  username: FAKE_BOT_USERNAME,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
});

const allowedTags = /^<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|span|a|tg-emoji)(\s[^<>]*)?>/;
const entity = /^&(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);/;

/** Telegram's HTML parse mode: only its tags, `&` only as an entity. Unescaped user text fails here. */
function htmlProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "<" && !allowedTags.test(text.slice(i))) return "unsupported tag or unescaped <";
    if (char === "&" && !entity.test(text.slice(i))) return "unescaped &";
    if (char === ">") {
      const before = text.slice(0, i);
      if (before.lastIndexOf("<") <= before.lastIndexOf(">")) return "unescaped >";
    }
  }
  return null;
}

function keyboardProblems(markup: unknown): string[] {
  if (markup === undefined) return [];
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return ["reply_markup without inline_keyboard"];
  const problems: string[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length === 0) problems.push("empty keyboard row");
    for (const button of Array.isArray(row) ? row : []) {
      const { text, callback_data: data, url } = button as { text?: unknown; callback_data?: unknown; url?: unknown };
      if (typeof text !== "string" || text.length === 0) problems.push("button without text");
      if (data === undefined && url === undefined) problems.push("button without callback_data or url");
      if (data !== undefined && (typeof data !== "string" || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) {
        problems.push("callback_data must be 1-64 bytes");
      }
    }
  }
  const labels = rows.map((row) => (Array.isArray(row) ? row : []).map((button) => String((button as { text?: unknown }).text ?? "")));
  problems.push(...keyboardWidthProblems(labels));
  return problems;
}

function validate(method: string, params: Record<string, unknown>, files: Record<string, UploadedFile>): string[] {
  const problems: string[] = [];
  const html = params.parse_mode === "HTML";
  if (["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendVenue", "leaveChat"].includes(method)) {
    if (typeof params.chat_id !== "number" && !(typeof params.chat_id === "string" && /^-?\d+$|^@\w+$/.test(params.chat_id))) {
      problems.push("chat_id missing");
    }
  }
  if (method === "sendMessage" || method === "editMessageText") {
    const text = params.text;
    if (typeof text !== "string" || text.trim().length === 0) problems.push("text is empty");
    else if (text.length > 4096) problems.push(`text is ${text.length} characters (max 4096)`);
    else if (html) {
      const problem = htmlProblem(text);
      if (problem) problems.push(`HTML: ${problem}`);
    }
  }
  if (method === "editMessageText" && typeof params.message_id !== "number") problems.push("message_id missing");
  if (method === "sendPhoto" || method === "sendDocument") {
    const field = method === "sendPhoto" ? "photo" : "document";
    if (!files[field] && typeof params[field] !== "string") problems.push(`${field} missing`);
    const caption = params.caption;
    if (caption !== undefined) {
      if (typeof caption !== "string") problems.push("caption is no text");
      else if (caption.length > 1024) problems.push(`caption is ${caption.length} characters (max 1024)`);
      else if (html) {
        const problem = htmlProblem(caption);
        if (problem) problems.push(`HTML: ${problem}`);
      }
    }
  }
  if (method === "sendVenue") problems.push(...venueProblems(params));
  if (method === "setMyCommands" || method === "deleteMyCommands") problems.push(...commandsProblems(method, params));
  if (method === "answerCallbackQuery") {
    if (typeof params.callback_query_id !== "string") problems.push("callback_query_id missing");
    if (typeof params.text === "string" && params.text.length > 200) problems.push("callback answer text over 200 characters");
  }
  problems.push(...keyboardProblems(params.reply_markup));
  return problems;
}

/** sendVenue: a point on the map and a non-empty title and address (the Bot API refuses a venue without them). */
function venueProblems(params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { latitude, longitude, title, address } = params;
  if (typeof latitude !== "number" || latitude < -90 || latitude > 90) problems.push("latitude must be a number in [-90, 90]");
  if (typeof longitude !== "number" || longitude < -180 || longitude > 180) problems.push("longitude must be a number in [-180, 180]");
  if (typeof title !== "string" || !title.trim()) problems.push("title missing");
  if (typeof address !== "string" || !address.trim()) problems.push("address missing");
  return problems;
}

const scopeTypes = new Set(["default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"]);

/** setMyCommands / deleteMyCommands: scope, language_code and (set only) the command list as the Bot API defines them. */
function commandsProblems(method: string, params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const scope = params.scope as { type?: unknown; chat_id?: unknown; user_id?: unknown } | undefined;
  if (scope !== undefined) {
    if (typeof scope !== "object" || scope === null || typeof scope.type !== "string" || !scopeTypes.has(scope.type)) problems.push("scope: unknown type");
    else if (scope.type.startsWith("chat") && typeof scope.chat_id !== "number" && typeof scope.chat_id !== "string") problems.push("scope: chat_id missing");
    else if (scope.type === "chat_member" && typeof scope.user_id !== "number") problems.push("scope: user_id missing");
  }
  const language = params.language_code;
  if (language !== undefined && (typeof language !== "string" || !/^([a-z]{2})?$/.test(language)))
    problems.push(`language_code "${String(language)}" is no two-letter ISO 639-1 code`);
  if (method === "deleteMyCommands") return problems;
  const commands = params.commands;
  if (!Array.isArray(commands)) return [...problems, "commands missing"];
  if (commands.length > 100) problems.push("more than 100 commands");
  const seen = new Set<string>();
  for (const entry of commands) {
    const { command, description } = (entry ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command)) problems.push(`command "${String(command)}" must be 1-32 of a-z, 0-9, _`);
    else if (seen.has(command)) problems.push(`command "${command}" twice`);
    else seen.add(command);
    const length = typeof description === "string" ? Array.from(description).length : 0;
    if (typeof description !== "string" || description.trim().length === 0 || length > 256)
      problems.push(`description of "${String(command)}" must be 1-256 characters`);
  }
  return problems;
}

/** The key of a menu: "default", "default:ar", "chat:123". */
export function menuKey(params: Record<string, unknown>): string {
  const scope = (params.scope as { type?: string; chat_id?: unknown } | undefined) ?? { type: "default" };
  const base = scope.type === "chat" ? `chat:${String(scope.chat_id)}` : (scope.type ?? "default");
  return typeof params.language_code === "string" && params.language_code ? `${base}:${params.language_code}` : base;
}

/** A file the fake holds for getFile and the file download URL (`addFile`). */
export interface FakeFile {
  path: string;
  bytes: Buffer;
}

export interface MenuCommand {
  command: string;
  description: string;
}

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly violations: Violation[] = [];
  readonly token: string;
  #server: Server | null = null;
  #nextMessageId = 1000;
  #failures = new Map<string, ScriptedFailure[]>();
  #queued: unknown[] = [];
  #pollers: (() => void)[] = [];
  #waiters: (() => void)[] = [];
  #url = "";
  #menus = new Map<string, MenuCommand[]>();
  #files = new Map<string, FakeFile>();
  /** Paths fetched from the file URL (GET /file/bot<token>/<file_path>), in order. */
  readonly downloads: string[] = [];

  constructor(token: string) {
    this.token = token;
  }

  /** The apiRoot to give grammY. */
  get url(): string {
    return this.#url;
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        this.violations.push({ method: "?", problem: `fake server error: ${(error as Error).message}` });
        if (!response.headersSent) this.#json(response, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  async stop(): Promise<void> {
    for (const poller of this.#pollers.splice(0)) poller();
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next call(s) to `method` fail with these answers, in order. */
  failNext(method: string, ...failures: ScriptedFailure[]): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), ...failures]);
  }

  /** Updates for getUpdates (long polling). */
  queueUpdate(update: unknown): void {
    this.#queued.push(update);
    for (const poller of this.#pollers.splice(0)) poller();
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Calls that send something to a chat. */
  sends(): ApiCall[] {
    return this.calls.filter((call) => ["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendVenue"].includes(call.method));
  }

  /** Resolves once at least `count` calls to `method` were made; rejects after `deadlineMs`. */
  waitForCalls(count: number, method: string, deadlineMs = 5000): Promise<ApiCall[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const calls = this.callsTo(method);
        if (calls.length >= count) {
          clearTimeout(timer);
          this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
          resolve(calls);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
        reject(new Error(`expected ${count} ${method} call(s) within ${deadlineMs} ms, got ${this.callsTo(method).length}`));
      }, deadlineMs);
      if (!check()) this.#waiters.push(check);
    });
  }

  /** The commands menu as set now for a scope key (see `menuKey`), e.g. "default:ar" or "chat:8101". */
  menu(key: string): MenuCommand[] | undefined {
    return this.#menus.get(key);
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.downloads.length = 0;
  }

  /**
   * A file a user sent (e.g. a photo's file_id): getFile answers its `file_path`, and the Bot API's file URL
   * (GET <root>/file/bot<token>/<file_path>) serves exactly `bytes`. Unknown file_ids answer 400 like Telegram.
   */
  addFile(fileId: string, bytes: Buffer, path = `photos/file_${this.#files.size}.jpg`): FakeFile {
    const file = { path, bytes };
    this.#files.set(fileId, file);
    return file;
  }

  /** GET /file/bot<token>/<file_path>: the file's bytes (404 for an unknown path, 401 for another token). */
  #download(token: string, path: string, response: ServerResponse): void {
    this.downloads.push(path);
    if (token !== this.token) return this.#json(response, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const file = [...this.#files.values()].find((candidate) => candidate.path === path);
    if (!file) return this.#json(response, 404, { ok: false, error_code: 404, description: "Not Found" });
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.bytes.length) });
    response.end(file.bytes);
  }

  #json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  }

  #message(params: Record<string, unknown>, extra: Record<string, unknown>) {
    this.#nextMessageId += 1;
    const chatId = typeof params.chat_id === "number" ? params.chat_id : Number(params.chat_id);
    return { message_id: this.#nextMessageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Test" }, ...extra };
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? "/", "http://fake").pathname;
    const fileMatch = request.method === "GET" ? /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname) : null;
    if (fileMatch) return this.#download(fileMatch[1] ?? "", decodeURIComponent(fileMatch[2] ?? ""), response);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(pathname);
    if (!match) return this.#json(response, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token, method = ""] = match;
    const { params, files } = await parseRequest(request);
    const call: ApiCall = { method, params, files };
    this.calls.push(call);
    for (const waiter of [...this.#waiters]) waiter();
    if (token !== this.token) return this.#json(response, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const problems = validate(method, params, files);
    if (problems.length > 0) {
      for (const problem of problems) this.violations.push({ method, problem });
      return this.#json(response, 400, { ok: false, error_code: 400, description: `Bad Request: ${problems.join("; ")}` });
    }
    const failure = this.#failures.get(method)?.shift();
    if (failure && "drop" in failure) return void request.socket.destroy();
    if (failure && "hang" in failure) return;
    if (failure && "hold" in failure) await failure.hold;
    if (failure && "error_code" in failure) return this.#json(response, failure.error_code, { ok: false, ...failure });
    const ok = (result: unknown) => this.#json(response, 200, { ok: true, result });
    switch (method) {
      case "getMe":
        return ok(fakeBotInfo());
      case "sendMessage":
        return ok(this.#message(params, { text: params.text }));
      case "editMessageText":
        return ok({ ...this.#message(params, { text: params.text }), message_id: params.message_id, edit_date: Math.floor(Date.now() / 1000) });
      case "sendPhoto":
        return ok(this.#message(params, { photo: [{ file_id: "photo-1", file_unique_id: "p1", width: 512, height: 512 }], caption: params.caption }));
      case "sendDocument":
        return ok(
          this.#message(params, { document: { file_id: "doc-1", file_unique_id: "d1", file_name: files.document?.fileName }, caption: params.caption }),
        );
      case "sendVenue": {
        const { latitude, longitude, title, address } = params;
        return ok(this.#message(params, { venue: { location: { latitude, longitude }, title, address } }));
      }
      case "getFile": {
        const fileId = typeof params.file_id === "string" ? params.file_id : "";
        const file = this.#files.get(fileId);
        if (!file) return this.#json(response, 400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
        return ok({ file_id: fileId, file_unique_id: `u-${fileId.slice(0, 16)}`, file_size: file.bytes.length, file_path: file.path });
      }
      case "setMyCommands":
        this.#menus.set(menuKey(params), params.commands as MenuCommand[]);
        return ok(true);
      case "deleteMyCommands":
        this.#menus.delete(menuKey(params));
        return ok(true);
      case "answerCallbackQuery":
      case "setWebhook":
      case "deleteWebhook":
      case "leaveChat":
        return ok(true);
      case "getUpdates":
        return this.#getUpdates(params, response);
      default:
        this.violations.push({ method, problem: "method not implemented by the fake" });
        return this.#json(response, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    }
  }

  /** Long polling: answers at once when updates are queued, else holds the request up to `timeout` seconds. */
  async #getUpdates(params: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const offset = typeof params.offset === "number" ? params.offset : 0;
    this.#queued = this.#queued.filter((update) => (update as { update_id: number }).update_id >= offset);
    const timeout = typeof params.timeout === "number" ? params.timeout : 0;
    if (this.#queued.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeout, 30) * 1000);
        this.#pollers.push(() => {
          clearTimeout(timer);
          resolve();
        });
        response.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (response.writableEnded || response.destroyed) return;
    this.#json(response, 200, { ok: true, result: this.#queued.slice(0, 100) });
  }
}
