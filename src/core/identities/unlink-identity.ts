import { outboxContent } from "../outbox/message-kinds.ts";
import type { Actor } from "../actor.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { forbidden } from "../errors.ts";
import type { Channel } from "./model.ts";

/** A person unlinks their own chat account (e.g. before handing a phone on). Messages stop reaching it. */
async function tellManagerUnlinked(deps: CoreDeps, repositories: Repositories, clientId: string): Promise<void> {
  const client = await repositories.clients.get(clientId);
  const managerId = primaryManagerId(await repositories.assignments.listForClient(clientId));
  if (!client || !managerId) return;
  const now = deps.clock.now();
  await planMessage(deps, repositories, {
    dedupeKey: `client:${client.id}:unlinked:${now.getTime()}`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...outboxContent("manager.escalation.client_unlinked", { clientName: client.name }),
    actions: [{ labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) }],
    dueAt: now,
  });
}

export async function unlinkOwnIdentity(deps: CoreDeps, actor: Actor, channel: Channel, externalId: string): Promise<void> {
  if (actor.kind !== "staff" && actor.kind !== "client") throw forbidden(`${actor.kind} has no linked account`);
  await deps.store.transaction(async (repositories) => {
    const identity = await repositories.identities.findByExternal(channel, externalId);
    const owner = actor.kind === "staff" ? identity?.managerId : identity?.clientId;
    const self = actor.kind === "staff" ? actor.managerId : actor.clientId;
    if (!identity || owner !== self) throw forbidden("not your account");
    await repositories.identities.update({ ...identity, active: false, deactivatedAt: deps.clock.now() });
    // A client who unlinks is out of reach through this chat: their manager learns it now and can invite again.
    if (actor.kind === "client") await tellManagerUnlinked(deps, repositories, actor.clientId);
  });
}
