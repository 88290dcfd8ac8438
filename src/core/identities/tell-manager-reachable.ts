import { outboxContent } from "../outbox/message-kinds.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { primaryManagerId } from "../scope/client-access.ts";

const messageKeys = {
  /** The client joined: chose a language and agreed to messages. */
  joined: "manager.reachable.joined",
  /** The client linked a new chat (a new phone) and had agreed before: reachable again. */
  relinked: "manager.reachable.relinked",
} as const;

/**
 * Tells the client's manager that the client can now be reached through Lotse, in which language, with a button to
 * the card (what else the client allowed is there). The dispatcher holds it in the manager's quiet hours.
 */
export async function tellManagerReachable(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "assignments" | "outbox">,
  client: Client,
  how: keyof typeof messageKeys,
): Promise<void> {
  const managerId = primaryManagerId(await repositories.assignments.listForClient(client.id));
  if (!managerId) return;
  const now = deps.clock.now();
  await planMessage(deps, repositories, {
    dedupeKey: `reachable:${client.id}:${how}:${now.getTime()}`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...outboxContent(messageKeys[how], { client: client.name, language: client.language }),
    actions: [{ labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) }],
    dueAt: now,
  });
}
