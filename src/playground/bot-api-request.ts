import type { IncomingMessage } from "node:http";

/** A file sent to the Bot API in a multipart request (sendPhoto, sendDocument). */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface BotApiRequest {
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

/** Requests carry at most a QR code or a data export; anything larger is refused. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** grammY sends objects as JSON inside multipart fields and numbers as text. */
function parseField(value: string): unknown {
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  if (/^[[{]/.test(value) || value === "true" || value === "false") {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    let from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === "--") break;
    if (body.subarray(from, from + 2).toString() === "\r\n") from += 2;
    const next = body.indexOf(delimiter, from);
    if (next < 0) break;
    parts.push(body.subarray(from, next));
    start = next;
  }
  return parts;
}

function parseMultipart(body: Buffer, boundary: string): BotApiRequest {
  const params: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  // grammY writes part headers as `content-disposition:form-data;name="x";filename=y` (filename unquoted).
  for (const part of multipartParts(body, boundary)) {
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4, part.length - (part.subarray(-2).toString() === "\r\n" ? 2 : 0));
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (!name) continue;
    const fileName = /filename=("?)([^";\r\n]*)\1/i.exec(headers)?.[2];
    if (fileName !== undefined) {
      files[name] = { fileName, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "", bytes: Buffer.from(content) };
    } else {
      params[name] = parseField(content.toString("utf8"));
    }
  }
  // `attach://<field>`: the file travels under its own field name.
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const file = files[value.slice("attach://".length)];
      if (file) files[name] = file;
    }
  }
  return { params, files };
}

/** The parameters of a Bot API call, sent as JSON, multipart form data or a URL-encoded form. */
export async function parseBotApiRequest(request: IncomingMessage): Promise<BotApiRequest> {
  const body = await readBody(request);
  const type = request.headers["content-type"] ?? "";
  if (body.length === 0) return { params: {}, files: {} };
  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("parameters must be a JSON object");
    return { params: parsed as Record<string, unknown>, files: {} };
  }
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
    if (!boundary) throw new Error("multipart request without a boundary");
    return parseMultipart(body, boundary);
  }
  const form = new URLSearchParams(body.toString("utf8"));
  return { params: Object.fromEntries([...form.entries()].map(([key, value]) => [key, parseField(value)])), files: {} };
}
