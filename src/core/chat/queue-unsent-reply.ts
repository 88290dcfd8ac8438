import { outboxContent } from "../outbox/message-kinds.ts";
import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "../dialog/inbound.ts";
import { identify } from "../identities/identify.ts";
import { planClientMessage, planMessage } from "../outbox/plan-message.ts";

/** The outbox message of a reply that reaches the person later: a line saying so, then the reply's text. */
export const LATER_REPLY_KEY = "dialog.later_reply";

/**
 * Replies Telegram or Teams could not take right now (a network error, a 5xx, a 429) go to the outbox, so that the
 * dispatcher delivers them with its retries instead of the request waiting or the answer being lost. The text is
 * the reply as it was rendered; its buttons are left out (they would act on a state that has moved on), and a line
 * says that this is a late answer. For clients only with their consent to messages, as every outbox message; a
 * stranger's reply is not kept (there is nobody to address it to). Returns how many were queued; queuing the same
 * reply again changes nothing.
 */
export async function queueUnsentReply(deps: CoreDeps, session: ChatSession, replyId: string, texts: string[]): Promise<number> {
  const identified = await identify(deps, session.channel, session.externalId);
  const actor = identified.actor;
  if (actor.kind !== "staff" && actor.kind !== "client") return 0;
  const now = deps.clock.now();
  return deps.store.transaction(async (repositories) => {
    let queued = 0;
    for (const [index, text] of texts.entries()) {
      if (!text.trim()) continue;
      const planned = {
        dedupeKey: `reply:${session.channel}:${replyId}:${index}`,
        tenantId: actor.tenantId,
        recipientId: actor.kind === "staff" ? actor.managerId : actor.clientId,
        ...outboxContent(LATER_REPLY_KEY, { text }),
        actions: [],
        dueAt: now,
      };
      if (actor.kind === "client") {
        if (await planClientMessage(deps, repositories, planned)) queued += 1;
      } else {
        await planMessage(deps, repositories, { ...planned, recipientKind: "manager", clientId: null });
        queued += 1;
      }
    }
    return queued;
  });
}
