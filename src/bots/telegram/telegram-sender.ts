import { Api, InputFile } from "grammy";
import type { ChannelSender, Recipient, RelayedFile, RenderedMessage, SentMessage } from "../../delivery/ports.ts";
import { SendError } from "../../delivery/ports.ts";
import { boundedCalls, SEND_CALL_TIMEOUT_MS } from "./bounded-calls.ts";
import { toSendError } from "./errors.ts";
import { inlineKeyboard, splitEscaped } from "./format.ts";

/** The chat to write to: `{chatId}` from the identity's conversationRef; in a private chat it equals the user id. */
export function telegramChatId(conversationRef: string | null, externalId: string): number | null {
  if (conversationRef) {
    try {
      const parsed: unknown = JSON.parse(conversationRef);
      const chatId = (parsed as { chatId?: unknown } | null)?.chatId;
      if (typeof chatId === "number" && Number.isSafeInteger(chatId)) return chatId;
    } catch {
      // fall through to the user id
    }
  }
  const userId = Number(externalId);
  return /^\d+$/.test(externalId) && Number.isSafeInteger(userId) ? userId : null;
}

function boundedApi(token: string, apiRoot: string | undefined): Api {
  const api = new Api(token, apiRoot ? { apiRoot } : {});
  api.config.use(boundedCalls(SEND_CALL_TIMEOUT_MS));
  return api;
}

/**
 * A client's file for a Telegram manager, sent by Telegram's own file_id (the same bot received it): no bytes pass
 * through Lotse. A reference Telegram no longer accepts (400) does not stop the text, which names the file; anything
 * else fails the send as usual.
 */
async function sendRelayedFile(api: Api, chatId: number, file: RelayedFile): Promise<void> {
  if (file.channel !== "telegram") return;
  try {
    if (file.kind === "photo") await api.sendPhoto(chatId, file.ref);
    else if (file.kind === "voice") await api.sendVoice(chatId, file.ref);
    else if (file.kind === "audio") await api.sendAudio(chatId, file.ref);
    else await api.sendDocument(chatId, file.ref);
  } catch (error) {
    const failure = toSendError(error);
    if (failure.kind !== "permanent") throw failure;
  }
}

/**
 * An appointment notice's calendar file (a document "Termin-2027-03-28.ics") and map location (a venue), after the
 * text, which keeps the answer buttons. The text went already: what fails here is named, not thrown, so the row is not
 * sent again with its text (SentMessage.missing).
 */
async function sendAppointmentFiles(api: Api, chatId: number, message: RenderedMessage): Promise<SentMessage["missing"]> {
  const missing: NonNullable<SentMessage["missing"]> = [];
  if (message.calendar) {
    const { fileName, content } = message.calendar;
    try {
      await api.sendDocument(chatId, new InputFile(Buffer.from(content, "utf8"), fileName));
    } catch {
      missing.push("calendar");
    }
  }
  if (message.venue) {
    const { latitude, longitude, title, address } = message.venue;
    try {
      await api.sendVenue(chatId, latitude, longitude, title, address);
    } catch {
      missing.push("venue");
    }
  }
  return missing.length > 0 ? missing : undefined;
}

/**
 * The dispatcher's way out on Telegram: an outbox message, already rendered in the recipient's language, as
 * HTML-escaped text (split above 4,096 characters; the buttons go with the last part), after the file it carries;
 * an appointment notice's calendar file and map location follow the text.
 * No auto-retry here: the dispatcher owns retries and rate limits, so failures are classified and thrown at once.
 * A message split into parts and failing after the first part is sent again whole on retry (rare: outbox texts
 * are short).
 */
export function createTelegramSender(options: { token: string; apiRoot?: string; api?: Api }): ChannelSender {
  const api = options.api ?? boundedApi(options.token, options.apiRoot);
  return {
    channel: "telegram",
    async send(recipient: Recipient, message: RenderedMessage): Promise<SentMessage> {
      const chatId = telegramChatId(recipient.identity.conversationRef, recipient.identity.externalId);
      if (chatId === null) throw new SendError("permanent", "telegram: identity has no chat id");
      const chunks = splitEscaped(message.text);
      if (chunks.length === 0) throw new SendError("permanent", "telegram: empty message");
      const keyboard = inlineKeyboard(message.buttons);
      let messageId = 0;
      try {
        if (message.file) await sendRelayedFile(api, chatId, message.file);
        for (const [index, chunk] of chunks.entries()) {
          const last = index === chunks.length - 1;
          const sent = await api.sendMessage(chatId, chunk, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(last && keyboard ? { reply_markup: keyboard } : {}),
          });
          messageId = sent.message_id;
        }
      } catch (error) {
        throw toSendError(error);
      }
      const missing = await sendAppointmentFiles(api, chatId, message);
      return { providerMessageId: `${chatId}:${messageId}`, ...(missing ? { missing } : {}) };
    },
  };
}
