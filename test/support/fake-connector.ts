import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Bot Framework connector (the service behind an activity's `serviceUrl`) on 127.0.0.1 (random port). It
 * answers what Lotse calls like the connector does and records every call:
 * - POST /v3/conversations/:id/activities[/:replyToId]: a new message (reply or proactive) → `{ id }`;
 * - PUT /v3/conversations/:id/activities/:activityId: a message updated in place (a card replaced by its result);
 * - POST /v3/conversations: a conversation created proactively → `{ id }`;
 * - PUT /uploads/:name: a file uploaded after the person allowed it (the upload URL a file consent answer carries,
 *   `uploadUrl(name)`); recorded in `uploads`, answered 201 (or with the status given to `failUploads`).
 * Scripted failures answer the next calls with an HTTP status (e.g. 429 with Retry-After, 403) instead.
 */

export interface ConnectorCall {
  method: "POST" | "PUT";
  kind: "send" | "update" | "create";
  conversationId: string;
  /** The activity replied to (POST …/activities/:replyToId) or updated (PUT). */
  activityId: string | null;
  /** The id the fake gave the stored activity. */
  storedId: string;
  authorization: string | null;
  body: ConnectorActivity;
}

export interface ConnectorActivity {
  type?: string;
  text?: string;
  textFormat?: string;
  attachments?: { contentType: string; content?: unknown; contentUrl?: string; name?: string }[];
  [key: string]: unknown;
}

/** A file PUT to an upload URL. */
export interface ConnectorUpload {
  name: string;
  contentRange: string | null;
  bytes: Buffer;
}

export type ScriptedConnectorFailure =
  | { status: number; retryAfterSeconds?: number }
  /** The connection is cut without an answer (a dropped socket). */
  | { drop: true };

const conversationPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly uploads: ConnectorUpload[] = [];
  readonly #uploadFailures: number[] = [];
  readonly #failures: ScriptedConnectorFailure[] = [];
  #server: Server | null = null;
  #nextId = 1;
  url = "";

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch(() => {
        response.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = null;
  }

  /** The next calls fail with these statuses, in order. */
  failNext(...failures: ScriptedConnectorFailure[]): void {
    this.#failures.push(...failures);
  }

  /** Where Teams would let the bot upload a file the person allowed (their OneDrive's upload session). */
  uploadUrl(name: string): string {
    return `${this.url}/uploads/${encodeURIComponent(name)}`;
  }

  /** The next uploads answer with these statuses (and are not recorded). */
  failUploads(...statuses: number[]): void {
    this.#uploadFailures.push(...statuses);
  }

  /** Scripted failures not yet used up. */
  get pendingFailures(): number {
    return this.#failures.length;
  }

  /** Messages (new and updated) in a conversation, oldest first. */
  inConversation(conversationId: string): ConnectorCall[] {
    return this.calls.filter((call) => call.conversationId === conversationId);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "";
    if (method === "PUT" && url.pathname.startsWith("/uploads/")) {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const status = this.#uploadFailures.shift();
      if (status !== undefined) {
        response.writeHead(status).end();
        return;
      }
      const contentRange = typeof request.headers["content-range"] === "string" ? request.headers["content-range"] : null;
      this.uploads.push({ name: decodeURIComponent(url.pathname.slice("/uploads/".length)), contentRange, bytes: Buffer.concat(chunks) });
      response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: `upload-${this.uploads.length}` }));
      return;
    }
    const failure = this.#failures.shift();
    if (failure && "drop" in failure) {
      request.socket.destroy();
      return;
    }
    if (failure) {
      await readJson(request).catch(() => null);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (failure.retryAfterSeconds !== undefined) headers["retry-after"] = String(failure.retryAfterSeconds);
      response.writeHead(failure.status, headers).end(JSON.stringify({ error: { code: "Scripted", message: "scripted failure" } }));
      return;
    }
    let body: unknown;
    try {
      body = await readJson(request);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const authorization = typeof request.headers.authorization === "string" ? request.headers.authorization : null;
    const storedId = `fake-${this.#nextId++}`;
    if (method === "POST" && url.pathname.replace(/\/$/, "") === "/v3/conversations") {
      this.calls.push({ method: "POST", kind: "create", conversationId: storedId, activityId: null, storedId, authorization, body: body as ConnectorActivity });
      response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: storedId, activityId: storedId }));
      return;
    }
    const match = conversationPath.exec(url.pathname);
    if (!match || (method !== "POST" && method !== "PUT") || (method === "PUT" && !match[2])) {
      response.writeHead(404).end();
      return;
    }
    const conversationId = decodeURIComponent(match[1] ?? "");
    const activityId = match[2] ? decodeURIComponent(match[2]) : null;
    const id = method === "PUT" ? (activityId ?? storedId) : storedId;
    this.calls.push({
      method,
      kind: method === "PUT" ? "update" : "send",
      conversationId,
      activityId,
      storedId: id,
      authorization,
      body: body as ConnectorActivity,
    });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
  }
}
