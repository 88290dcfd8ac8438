import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { DomainError } from "../core/errors.ts";
import { clientLanguageSchema } from "../core/shared/languages.ts";
import type { FakeBotApi } from "./fake-bot-api.ts";
import { playgroundFonts } from "./fonts.ts";
import { phoneNames, type PlaygroundSession } from "./playground-session.ts";

/** The page's files, served as they are: no build step, nothing from the network. */
const assets = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/playground/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/playground/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/playground/favicon.svg": { file: "favicon.svg", type: "image/svg+xml; charset=utf-8" },
} as const;

const FONTS_URL = "/playground/fonts/";

const phoneSchema = z.enum(phoneNames);
const sendSchema = z.object({ phone: phoneSchema, text: z.string().trim().min(1).max(4096) });
const tapSchema = z.object({ phone: phoneSchema, messageId: z.number().int().positive(), data: z.string().min(1).max(64) });
const languageSchema = z.object({ language: clientLanguageSchema });
const clockSchema = z.object({ step: z.enum(["hour", "day", "next"]) });
const fileSchema = z.object({ id: z.string().regex(/^file-\d{1,9}$/) });
const fontSchema = z.object({ file: z.string().regex(/^[a-z-]{1,80}\.woff2$/) });

/** Like Telegram, the type comes from the file name when the upload says no more than "bytes". */
const typesByExtension: Readonly<Record<string, string>> = {
  json: "application/json",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  pdf: "application/pdf",
  csv: "text/csv",
};

function contentType(fileName: string, uploaded: string): string {
  if (/^[\w.+-]+\/[\w.+-]+$/.test(uploaded) && uploaded !== "application/octet-stream") return uploaded;
  return typesByExtension[fileName.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.output<T> | null {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  void reply.code(400).send({ error: result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ") });
  return null;
}

/** A use case refusing (e.g. a demo tenant name clash) is the page's to show, not a server error. */
async function answer(reply: FastifyReply, work: () => Promise<unknown>): Promise<unknown> {
  try {
    return reply.send((await work()) ?? { ok: true });
  } catch (error) {
    if (error instanceof DomainError) return reply.code(409).send({ error: error.code });
    throw error;
  }
}

/** The playground page and its small JSON API (state, typing, taps, demo data, language, clock, files). */
export function registerPlaygroundRoutes(server: FastifyInstance, session: PlaygroundSession, fake: FakeBotApi): void {
  const publicDir = new URL("./public/", import.meta.url);
  for (const [url, asset] of Object.entries(assets)) {
    const content = readFileSync(new URL(asset.file, publicDir), "utf8");
    server.get(url, async (_request, reply) => reply.header("content-type", asset.type).header("cache-control", "no-cache").send(content));
  }
  // Browsers and tools that ask for the classic icon get the page's.
  server.get("/favicon.ico", async (_request, reply) => reply.redirect("/playground/favicon.svg", 301));

  const fonts = playgroundFonts(FONTS_URL);
  server.get("/playground/fonts.css", async (_request, reply) =>
    reply.header("content-type", "text/css; charset=utf-8").header("cache-control", "no-cache").send(fonts.css),
  );
  server.get(`${FONTS_URL}:file`, async (request, reply) => {
    const input = parseBody(fontSchema, request.params, reply);
    if (!input) return reply;
    const path = fonts.files.get(input.file);
    if (!path) return reply.code(404).send({ error: "not found" });
    return reply
      .header("content-type", "font/woff2")
      .header("cache-control", "public, max-age=86400")
      .send(await readFile(path));
  });

  server.get("/playground/api/state", async (_request, reply) => reply.header("cache-control", "no-store").send(await session.state()));

  server.post("/playground/api/send", async (request, reply) => {
    const input = parseBody(sendSchema, request.body, reply);
    if (input) return answer(reply, async () => session.send(input.phone, input.text));
    return reply;
  });

  server.post("/playground/api/tap", async (request, reply) => {
    const input = parseBody(tapSchema, request.body, reply);
    if (!input) return reply;
    if (!session.tap(input.phone, input.messageId, input.data)) return reply.code(404).send({ error: "no such message in this chat" });
    return reply.send({ ok: true });
  });

  server.post("/playground/api/language", async (request, reply) => {
    const input = parseBody(languageSchema, request.body, reply);
    if (input) return answer(reply, async () => session.setClientLanguage(input.language));
    return reply;
  });

  server.post("/playground/api/demo", async (_request, reply) => answer(reply, () => session.createDemoData()));

  server.post("/playground/api/clock", async (request, reply) => {
    const input = parseBody(clockSchema, request.body, reply);
    if (input) return answer(reply, () => session.moveClock(input.step));
    return reply;
  });

  server.get("/playground/files/:id", async (request, reply) => {
    const input = parseBody(fileSchema, request.params, reply);
    if (!input) return reply;
    const file = fake.file(input.id);
    if (!file) return reply.code(404).send({ error: "not found" });
    const type = contentType(file.fileName, file.contentType);
    const isImage = type.startsWith("image/");
    return reply
      .header("content-type", type)
      .header("content-disposition", `${isImage ? "inline" : "attachment"}; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`)
      .header("x-content-type-options", "nosniff")
      .send(file.bytes);
  });
}
