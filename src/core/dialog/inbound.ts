import { z } from "zod";
import type { Channel } from "../identities/model.ts";

/** A lone UTF-16 surrogate (a broken emoji from a chat app) becomes U+FFFD: no store or renderer trips over it. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (text: string): string => text.replace(loneSurrogate, "\uFFFD");
const typedText = (max: number) => z.string().max(max).transform(wellFormed);
const wellFormedValues = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, typeof value === "string" ? wellFormed(value) : value]));

/** What a person did, channel-neutral. Adapters translate updates and activities into this. */
export const inboundSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("command"), command: z.string().regex(/^[a-z_]{1,32}$/), args: typedText(4096) }),
  z.object({ kind: z.literal("text"), text: typedText(4096) }),
  z.object({ kind: z.literal("action"), data: z.string().max(256) }),
  /**
   * A photo, voice message or document, as the chat service's reference (Telegram's file_id): Lotse never keeps the
   * bytes. A client's file is offered to their manager (src/core/conversations); nobody else's is read.
   */
  z.object({
    kind: z.literal("file"),
    file: z.object({
      kind: z.enum(["photo", "voice", "audio", "document"]),
      ref: z.string().min(1).max(256),
      name: z.string().max(200).nullable(),
      mimeType: z.string().max(100).nullable(),
    }),
    caption: typedText(1024),
  }),
  /** A whole form at once (a Teams Adaptive Card submission). */
  z.object({
    kind: z.literal("form"),
    formId: z.string().max(32),
    values: z.record(z.string(), z.unknown()).transform(wellFormedValues),
    /** Names of the values the form carried unasked (they came back with the answers). */
    fixed: z.array(z.string().max(32)).max(30).optional(),
    /** The showing of the form this submission belongs to (WholeForm.instanceId). */
    instanceId: z.string().max(40).optional(),
  }),
]);

export type Inbound = z.output<typeof inboundSchema>;

/** The chat an inbound came from. */
export interface ChatSession {
  channel: Channel;
  externalId: string;
  /** Channel data needed to answer later (stored with the identity on linking). */
  conversationRef: string | null;
  /** The chat app's language, e.g. Telegram's language_code. */
  locale: string | null;
  /** The person's Microsoft Entra object id (Teams), lower case: links a manager registered with it. */
  aadObjectId?: string | null;
  /** How the chat fills forms: a question at a time (default), or the whole form at once (a Teams card). */
  forms?: "steps" | "whole";
}

export const dialogKey = (session: Pick<ChatSession, "channel" | "externalId">) => `${session.channel}:${session.externalId}`;
