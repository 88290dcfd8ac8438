import type { Activity, Attachment, CloudAdapter } from "botbuilder";
import type { ChannelSender, FetchedFile, FileFetcher, Recipient, RelayedFile, RenderedMessage, SentMessage } from "../../delivery/ports.ts";
import { SendError } from "../../delivery/ports.ts";
import { readConversationRef, toConversationReference } from "./conversation-ref.ts";
import { toTeamsSendError, withoutClientRetries } from "./teams-send-error.ts";
import { messageActivity, type TeamsLog } from "./teams-bot.ts";

type TurnOutcome = { sent: string } | { failed: unknown };

/** A relayed file inline in the Teams message (a data URI): above this it is left out and the text says a file came. */
export const maxInlineFileBytes = 4 * 1024 * 1024;

/**
 * A client's file for a Teams manager: fetched from the channel it came from and attached to the message (an image
 * shows inline; a document or voice message is a file to open). Without a fetcher, or too big, the text goes alone.
 */
async function fileAttachment(file: RelayedFile, fetchFile: FileFetcher | undefined, logger: TeamsLog | undefined): Promise<Attachment | null> {
  if (!fetchFile) return null;
  let fetched: FetchedFile;
  try {
    fetched = await fetchFile(file);
  } catch (error) {
    // Gone or refused for good: the text (which says a file came) still goes; a passing failure is retried.
    if (!(error instanceof SendError) || error.kind !== "permanent") throw error;
    logger?.warn({ kind: file.kind }, "teams: relayed file cannot be fetched");
    return null;
  }
  if (fetched.bytes.length > maxInlineFileBytes) {
    logger?.warn({ kind: file.kind, bytes: fetched.bytes.length }, "teams: relayed file too big to attach");
    return null;
  }
  return { contentType: fetched.mimeType, contentUrl: `data:${fetched.mimeType};base64,${fetched.bytes.toString("base64")}`, name: fetched.name };
}

/** The message's activity, with the relayed file first when there is one. */
async function activityFor(message: RenderedMessage, fetchFile: FileFetcher | undefined, logger: TeamsLog | undefined): Promise<Partial<Activity>> {
  const activity = messageActivity(message);
  const file = message.file ? await fileAttachment(message.file, fetchFile, logger) : null;
  return file ? { ...activity, attachments: [file, ...(activity.attachments ?? [])] } : activity;
}

/**
 * The dispatcher's way out on Teams: a proactive message into the stored conversation (continueConversationAsync).
 * Text alone, or a card with Action.Submit buttons carrying the encoded actions. No retries here: the dispatcher
 * owns retries and the 7-per-second-per-conversation limit.
 */
export function createTeamsSender(options: { adapter: CloudAdapter; appId: string; fetchFile?: FileFetcher | undefined; logger?: TeamsLog }): ChannelSender {
  return {
    channel: "teams",
    async send(recipient: Recipient, message: RenderedMessage): Promise<SentMessage> {
      const ref = readConversationRef(recipient.identity.conversationRef);
      if (!ref) throw new SendError("permanent", "teams: identity has no conversation reference");
      if (!message.text.trim()) throw new SendError("permanent", "teams: empty message");
      const activity = await activityFor(message, options.fetchFile, options.logger);
      // The outcome is captured inside the turn: the adapter's onTurnError would otherwise swallow the error and
      // continueConversationAsync resolve as if the message had gone out.
      let outcome = { failed: new SendError("transient", "teams: the turn did not run") } as TurnOutcome;
      try {
        await options.adapter.continueConversationAsync(options.appId, toConversationReference(ref), async (turn) => {
          try {
            withoutClientRetries(turn.turnState.get(options.adapter.ConnectorClientKey));
            const sent = await turn.sendActivity(activity);
            outcome = sent?.id ? { sent: sent.id } : { failed: new SendError("transient", "teams: the connector returned no activity id") };
          } catch (error) {
            outcome = { failed: error };
          }
        });
      } catch (error) {
        throw toTeamsSendError(error);
      }
      if ("failed" in outcome) throw toTeamsSendError(outcome.failed);
      return { providerMessageId: `${ref.conversationId}:${outcome.sent}` };
    },
  };
}
