import type { Activity, Attachment, CloudAdapter } from "botbuilder";
import type { ChannelSender, FetchedFile, FileFetcher, Recipient, RelayedFile, RenderedMessage, SentMessage } from "../../delivery/ports.ts";
import { SendError } from "../../delivery/ports.ts";
import { readConversationRef, toConversationReference } from "./conversation-ref.ts";
import { toTeamsSendError, withoutClientRetries } from "./teams-send-error.ts";
import { messageActivity, type TeamsLog } from "./teams-bot.ts";
import { fileConsentCard, PENDING_NOTICE_TTL_MS, type PendingFiles } from "./file-consent.ts";

type TurnOutcome = { sent: string } | { failed: unknown };

/**
 * A relayed file inline in the Teams message (a data URI, a third bigger as base64): the connector refuses request
 * bodies above 256 KiB (413), so a bigger file is left out and the text says so (`fileMissingText`).
 */
export const maxInlineFileBytes = 180 * 1024;

type FileOutcome = { attachment: Attachment } | { missing: true } | null;

/**
 * A client's file for a Teams manager: fetched from the channel it came from and attached to the message (an image
 * shows inline; a document or voice message is a file to open). Gone for good, or too big: the text goes alone, with
 * the note that the file could not be attached. A passing failure to fetch is retried by the dispatcher.
 */
async function relayedAttachment(file: RelayedFile, fetchFile: FileFetcher | undefined, logger: TeamsLog | undefined): Promise<FileOutcome> {
  if (!fetchFile) return { missing: true };
  let fetched: FetchedFile;
  try {
    fetched = await fetchFile(file);
  } catch (error) {
    if (!(error instanceof SendError) || error.kind !== "permanent") throw error;
    logger?.warn({ kind: file.kind }, "teams: relayed file cannot be fetched");
    return { missing: true };
  }
  if (fetched.bytes.length > maxInlineFileBytes) {
    logger?.warn({ kind: file.kind, bytes: fetched.bytes.length }, "teams: relayed file too big to attach");
    return { missing: true };
  }
  return {
    attachment: { contentType: fetched.mimeType, contentUrl: `data:${fetched.mimeType};base64,${fetched.bytes.toString("base64")}`, name: fetched.name },
  };
}

/** Documents in planned messages go through the file consent flow of the bot (the same pending files). */
export interface TeamsSenderFiles {
  pending: PendingFiles;
  /** The consent card's description in the recipient's language. */
  description: (language: string) => string;
}

/**
 * An appointment notice's calendar file: a file consent card (kept a day for "Allow"), or inline as a data URI (a few
 * hundred bytes) where no consent flow is given. A map location has no Teams form: the place is in the text and in
 * the file.
 */
function calendarAttachment(message: RenderedMessage, recipient: Recipient, userId: string, files: TeamsSenderFiles | undefined): Attachment[] {
  if (!message.calendar) return [];
  const bytes = Buffer.from(message.calendar.content, "utf8");
  const name = message.calendar.fileName;
  if (files) {
    const pendingId = files.pending.hold({ name, bytes, userId }, PENDING_NOTICE_TTL_MS);
    return [fileConsentCard(name, files.description(recipient.language), bytes.length, pendingId)];
  }
  return [{ contentType: "text/calendar", contentUrl: `data:text/calendar;charset=utf-8;base64,${bytes.toString("base64")}`, name }];
}

/** The message without its file: the text says the file could not be attached. */
const withoutFile = (message: RenderedMessage): RenderedMessage => ({
  text: message.fileMissingText ? `${message.text}\n\n${message.fileMissingText}` : message.text,
  buttons: message.buttons,
});

const isTooLarge = (error: unknown): boolean =>
  (error as { statusCode?: unknown } | null)?.statusCode === 413 || /\b413\b/.test(String((error as Error)?.message));

/**
 * The dispatcher's way out on Teams: a proactive message into the stored conversation (continueConversationAsync).
 * Text alone, or a card with Action.Submit buttons carrying the encoded actions, with a client's file attached when it
 * carries one. No retries here: the dispatcher owns retries and the 7-per-second-per-conversation limit.
 */
export function createTeamsSender(options: {
  adapter: CloudAdapter;
  appId: string;
  fetchFile?: FileFetcher | undefined;
  logger?: TeamsLog;
  files?: TeamsSenderFiles;
}): ChannelSender {
  async function sendActivity(ref: NonNullable<ReturnType<typeof readConversationRef>>, activity: Partial<Activity>): Promise<string> {
    // The outcome is captured inside the turn: the adapter's onTurnError would otherwise swallow the error and
    // continueConversationAsync resolve as if the message had gone out.
    let outcome = { failed: new SendError("transient", "teams: the turn did not run") } as TurnOutcome;
    await options.adapter.continueConversationAsync(options.appId, toConversationReference(ref), async (turn) => {
      try {
        withoutClientRetries(turn.turnState.get(options.adapter.ConnectorClientKey));
        const sent = await turn.sendActivity(activity);
        outcome = sent?.id ? { sent: sent.id } : { failed: new SendError("transient", "teams: the connector returned no activity id") };
      } catch (error) {
        outcome = { failed: error };
      }
    });
    if ("failed" in outcome) throw outcome.failed;
    return outcome.sent;
  }

  return {
    channel: "teams",
    async send(recipient: Recipient, message: RenderedMessage): Promise<SentMessage> {
      const ref = readConversationRef(recipient.identity.conversationRef);
      if (!ref) throw new SendError("permanent", "teams: identity has no conversation reference");
      if (!message.text.trim()) throw new SendError("permanent", "teams: empty message");
      const file = message.file ? await relayedAttachment(message.file, options.fetchFile, options.logger) : null;
      const plain = file && "missing" in file ? withoutFile(message) : message;
      const basic = messageActivity(plain);
      const calendar = calendarAttachment(message, recipient, ref.userId, options.files);
      const activity = calendar.length > 0 ? { ...basic, attachments: [...(basic.attachments ?? []), ...calendar] } : basic;
      try {
        if (!file || !("attachment" in file)) return { providerMessageId: `${ref.conversationId}:${await sendActivity(ref, activity)}` };
        try {
          const sent = await sendActivity(ref, { ...activity, attachments: [file.attachment, ...(activity.attachments ?? [])] });
          return { providerMessageId: `${ref.conversationId}:${sent}` };
        } catch (error) {
          // Refused for its size after all: the text goes alone and says the file could not be attached.
          if (!isTooLarge(error)) throw error;
          options.logger?.warn({ kind: message.file?.kind }, "teams: message with the relayed file too large; sent without it");
          return { providerMessageId: `${ref.conversationId}:${await sendActivity(ref, messageActivity(withoutFile(message)))}` };
        }
      } catch (error) {
        throw toTeamsSendError(error);
      }
    },
  };
}
