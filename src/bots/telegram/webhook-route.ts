import { hash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Update } from "grammy/types";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** One-shot hashing: no Hash object per request (the webhook checks every one). */
const digest = (text: string) => hash("sha256", text, "buffer");

/** Constant-time comparison (both sides hashed first, so their lengths do not leak either). */
export function secretMatches(given: unknown, expected: string): boolean {
  return secretCheck(expected)(given);
}

/** `secretMatches` against one secret, its digest taken once (the webhook checks every request). */
function secretCheck(expected: string): (given: unknown) => boolean {
  const expectedDigest = digest(expected);
  return (given) => typeof given === "string" && given.length > 0 && timingSafeEqual(digest(given), expectedDigest);
}

function isUpdate(body: unknown): body is Update {
  return typeof body === "object" && body !== null && !Array.isArray(body) && Number.isSafeInteger((body as { update_id?: unknown }).update_id);
}

export interface WebhookRouteOptions {
  secret: string;
  /** False until the bot knows who it is (getMe): Telegram is answered 503 and delivers the update again later. */
  isReady(): boolean;
  handleUpdate(update: Update): Promise<void>;
}

/**
 * POST /telegram. The secret is checked before the body is even parsed: a missing or wrong one is a 401 and
 * nothing runs. Malformed JSON is a 400 (fastify's parser); a body that is no update is a 400 too. A parseable
 * update always gets 200 once handled, even when handling failed (it was logged and the user got an apology):
 * Telegram would otherwise redeliver it again and again.
 */
export function telegramWebhookRoute(options: WebhookRouteOptions) {
  const secretIsRight = secretCheck(options.secret);
  return {
    method: "POST" as const,
    url: "/telegram",
    async onRequest(request: FastifyRequest, reply: FastifyReply) {
      if (!secretIsRight(request.headers[SECRET_HEADER])) {
        await reply.code(401).send({ error: "unauthorized" });
        return reply;
      }
      return undefined;
    },
    async handler(request: FastifyRequest, reply: FastifyReply) {
      if (!isUpdate(request.body)) return reply.code(400).send({ error: "malformed request" });
      if (!options.isReady()) return reply.code(503).send({ error: "telegram is connecting" });
      try {
        await options.handleUpdate(request.body);
      } catch (error) {
        request.log.error({ errorName: (error as Error).name }, "telegram: webhook update failed");
      }
      return reply.code(200).send({ ok: true });
    },
  };
}
