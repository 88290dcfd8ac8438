import type { CloudAdapter } from "botbuilder";
import type { ChannelSender, Recipient, RenderedMessage, SentMessage } from "../../delivery/ports.ts";
import { SendError } from "../../delivery/ports.ts";
import { readConversationRef, toConversationReference } from "./conversation-ref.ts";
import { toTeamsSendError, withoutClientRetries } from "./teams-send-error.ts";
import { messageActivity } from "./teams-bot.ts";

type TurnOutcome = { sent: string } | { failed: unknown };

/**
 * The dispatcher's way out on Teams: a proactive message into the stored conversation (continueConversationAsync).
 * Text alone, or a card with Action.Submit buttons carrying the encoded actions. No retries here: the dispatcher
 * owns retries and the 7-per-second-per-conversation limit.
 */
export function createTeamsSender(options: { adapter: CloudAdapter; appId: string }): ChannelSender {
  return {
    channel: "teams",
    async send(recipient: Recipient, message: RenderedMessage): Promise<SentMessage> {
      const ref = readConversationRef(recipient.identity.conversationRef);
      if (!ref) throw new SendError("permanent", "teams: identity has no conversation reference");
      if (!message.text.trim()) throw new SendError("permanent", "teams: empty message");
      // The outcome is captured inside the turn: the adapter's onTurnError would otherwise swallow the error and
      // continueConversationAsync resolve as if the message had gone out.
      let outcome = { failed: new SendError("transient", "teams: the turn did not run") } as TurnOutcome;
      try {
        await options.adapter.continueConversationAsync(options.appId, toConversationReference(ref), async (turn) => {
          try {
            withoutClientRetries(turn.turnState.get(options.adapter.ConnectorClientKey));
            const sent = await turn.sendActivity(messageActivity(message));
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
