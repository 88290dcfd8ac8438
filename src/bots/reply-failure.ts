import { queueUnsentReply } from "../core/chat/queue-unsent-reply.ts";
import type { CoreDeps } from "../core/deps.ts";
import type { ChatSession } from "../core/dialog/inbound.ts";
import { chatBlocked } from "../core/identities/chat-blocked.ts";
import type { SendError } from "../delivery/ports.ts";

/**
 * What happens to a reply the channel did not take, the same on Telegram and Teams: the person blocked the bot or
 * the chat is gone → the account is switched off (and someone told); a message the channel will never take →
 * "rethrow" (logged as a failed reply); anything else (network, 5xx, 429, no answer in time) → the rest of the
 * reply goes to the outbox. Returns how many messages were queued, or what happened instead.
 */
export async function afterUnsentReply(
  deps: CoreDeps,
  session: ChatSession,
  replyId: string,
  failure: SendError,
  remainingTexts: () => string[],
): Promise<{ queued: number } | "blocked" | "rethrow"> {
  if (failure.kind === "blocked") {
    await chatBlocked(deps, session);
    return "blocked";
  }
  if (failure.kind === "permanent") return "rethrow";
  return { queued: await queueUnsentReply(deps, session, replyId, remainingTexts()) };
}
