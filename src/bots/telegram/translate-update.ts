import type { Update } from "grammy/types";
import { inboundSchema, type ChatSession, type Inbound } from "../../core/dialog/inbound.ts";

/**
 * Telegram update → what the core understands. Pure: no I/O, no flow logic. Every shape Telegram may send
 * (and fields it adds in the future) ends in one of these cases; nothing here throws on odd input.
 */
export type TranslatedUpdate =
  /** A private chat with a person: hand it to the core. */
  | { kind: "inbound"; session: ChatSession; inbound: Inbound; chatId: number; userId: number; callback: CallbackRef | null }
  /** A private chat with a person, but something the core cannot take (photo, sticker, voice, …). */
  | { kind: "unsupported"; session: ChatSession; chatId: number; userId: number; callback: CallbackRef | null }
  /** The bot was added to a group or channel: it leaves. */
  | { kind: "leave"; chatId: number }
  /** The person blocked the bot in their private chat. */
  | { kind: "blocked"; session: ChatSession }
  /** Nothing to answer (groups, channels, other bots, edited messages, update kinds we do not handle). */
  | { kind: "ignore"; reason: string };

export interface CallbackRef {
  id: string;
  /** The message whose button was tapped (for `edit: true`); null when Telegram no longer has it. */
  messageId: number | null;
}

interface TelegramUser {
  id: number;
  is_bot?: boolean;
  language_code?: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

function isUser(value: unknown): value is TelegramUser {
  return typeof value === "object" && value !== null && Number.isSafeInteger((value as TelegramUser).id);
}

function sessionOf(user: TelegramUser, chatId: number): ChatSession {
  return {
    channel: "telegram",
    externalId: String(user.id),
    conversationRef: JSON.stringify({ chatId }),
    locale: typeof user.language_code === "string" && user.language_code.length <= 35 ? user.language_code : null,
  };
}

/** `/Start@LotseBot abc` → {command: "start", args: "abc"}; anything not shaped like a command stays text. */
export function parseText(text: string, botUsername: string | null): Inbound | null {
  const trimmed = text.trim();
  const match = COMMAND.exec(trimmed);
  if (match) {
    const addressee = match[2];
    // Addressed to another bot: no command of Lotse's, so it is read as text (which answers with the help).
    const forOtherBot = addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase();
    const parsed = inboundSchema.safeParse({ kind: "command", command: (match[1] ?? "").toLowerCase(), args: (match[3] ?? "").trim() });
    if (parsed.success && !forOtherBot) return parsed.data;
  }
  const parsed = inboundSchema.safeParse({ kind: "text", text });
  return parsed.success ? parsed.data : null;
}

interface TelegramFileFields {
  file_id?: unknown;
  file_name?: unknown;
  mime_type?: unknown;
}

const shortString = (value: unknown, max: number): string | null => (typeof value === "string" && value.length > 0 ? value.slice(0, max) : null);

/**
 * A photo (its largest size), voice message, audio file or document as the core's file inbound: Telegram's file_id only,
 * so a Telegram manager gets it by reference and the bytes are fetched only when another channel needs them.
 */
export function fileInbound(message: Record<string, unknown>): Inbound | null {
  const photos = Array.isArray(message.photo) ? (message.photo as TelegramFileFields[]) : null;
  // Each kind keeps its own: Telegram sends a file_id only with the method of its type (sendVoice, sendAudio, …).
  const kinds = ["voice", "audio", "document"] as const;
  const other = kinds.map((kind) => ({ kind, fields: message[kind] as TelegramFileFields | undefined })).find((found) => found.fields);
  const found: { kind: "photo" | (typeof kinds)[number]; fields: TelegramFileFields | undefined } | null = photos
    ? { kind: "photo", fields: photos[photos.length - 1] }
    : (other ?? null);
  if (!found?.fields) return null;
  const parsed = inboundSchema.safeParse({
    kind: "file",
    file: {
      kind: found.kind,
      ref: found.fields.file_id,
      name: shortString(found.fields.file_name, 200),
      mimeType: shortString(found.fields.mime_type, 100) ?? (found.kind === "photo" ? "image/jpeg" : null),
    },
    caption: typeof message.caption === "string" ? message.caption.slice(0, 1024) : "",
  });
  return parsed.success ? parsed.data : null;
}

const joinedStatuses = new Set(["member", "administrator", "restricted", "creator"]);

export function translateUpdate(update: Update, botUsername: string | null): TranslatedUpdate {
  const memberUpdate = update.my_chat_member;
  if (memberUpdate) {
    const chat = memberUpdate.chat as { id?: unknown; type?: unknown } | undefined;
    const status = (memberUpdate.new_chat_member as { status?: unknown } | undefined)?.status;
    if (chat && typeof chat.id === "number" && chat.type !== "private" && typeof status === "string" && joinedStatuses.has(status)) {
      return { kind: "leave", chatId: chat.id };
    }
    const from: unknown = memberUpdate.from;
    if (chat && typeof chat.id === "number" && chat.type === "private" && status === "kicked" && isUser(from)) {
      return { kind: "blocked", session: sessionOf(from, chat.id) };
    }
    return { kind: "ignore", reason: "chat_member" };
  }

  const query = update.callback_query;
  if (query) {
    const from: unknown = query.from;
    const message = query.message as { message_id?: unknown; date?: unknown; chat?: { id?: unknown; type?: unknown } } | undefined;
    const chat = message?.chat;
    if (!isUser(from) || from.is_bot || !chat || chat.type !== "private" || typeof chat.id !== "number") {
      return { kind: "ignore", reason: "callback_outside_private_chat" };
    }
    // date 0: an "inaccessible message" (too old); Telegram cannot edit it any more.
    const messageId = typeof message?.message_id === "number" && message.date !== 0 ? message.message_id : null;
    const callback: CallbackRef = { id: String(query.id), messageId };
    const session = sessionOf(from, chat.id);
    const parsed = inboundSchema.safeParse({ kind: "action", data: typeof query.data === "string" ? query.data : "" });
    if (!parsed.success || typeof query.data !== "string") return { kind: "unsupported", session, chatId: chat.id, userId: from.id, callback };
    return { kind: "inbound", session, inbound: parsed.data, chatId: chat.id, userId: from.id, callback };
  }

  const message = update.message;
  if (message) {
    const chat = message.chat as { id?: unknown; type?: unknown } | undefined;
    const from: unknown = message.from;
    if (!chat || typeof chat.id !== "number") return { kind: "ignore", reason: "no_chat" };
    if (chat.type !== "private") return { kind: "ignore", reason: "not_private" };
    if (!isUser(from) || from.is_bot) return { kind: "ignore", reason: "from_bot" };
    const session = sessionOf(from, chat.id);
    const inbound = typeof message.text === "string" ? parseText(message.text, botUsername) : fileInbound(message as unknown as Record<string, unknown>);
    if (!inbound) return { kind: "unsupported", session, chatId: chat.id, userId: from.id, callback: null };
    return { kind: "inbound", session, inbound, chatId: chat.id, userId: from.id, callback: null };
  }

  // edited_message, channel_post, inline queries, polls, reactions, future update kinds: no answer.
  return { kind: "ignore", reason: "update_kind" };
}
