import { outboxContent } from "../outbox/message-kinds.ts";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { loadClientInScope, primaryManagerId } from "../scope/client-access.ts";
import type { CaseAssignment, Client } from "../cases/model.ts";
import type { Repositories } from "../ports/store.ts";
import { currentConsentVersions, type ConsentPurpose } from "./model.ts";
import { managerAlertDueAt } from "../reminders/escalation-due.ts";

/**
 * A newly linked client declines the consent screen: nothing more is stored about them than the decline itself,
 * no messages are sent to them, and their manager is told (so they can talk in person).
 */
export async function declineConsent(deps: CoreDeps, actor: Actor, channel: "telegram" | "teams"): Promise<void> {
  if (actor.kind !== "client") throw forbidden("only a client declines consent");
  await deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, actor.clientId, "basic");
    const now = deps.clock.now();
    await repositories.consents.append({
      id: deps.ids.newId(),
      clientId: client.id,
      purpose: "messaging",
      version: currentConsentVersions.messaging,
      given: false,
      channel,
      at: now,
    });
    await repositories.outbox.cancelPendingToClient(client.id);
    await tellManagerNoMessages(deps, repositories, client, assignments, "manager.escalation.consent_declined");
    await recordAudit(deps, repositories, actor, {
      action: "consent.decline",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
  });
}

/**
 * The client said no to messages (declined at joining, or /stop): their primary manager is told, with an open
 * "consent declined" request on the card, so they can talk in person.
 */
export async function tellManagerNoMessages(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Repositories,
  client: Client,
  assignments: CaseAssignment[],
  messageKey: "manager.escalation.consent_declined" | "manager.escalation.messaging_stopped",
): Promise<void> {
  const now = deps.clock.now();
  const managerId = primaryManagerId(assignments);
  if (!managerId) return;
  // One open "no messages" request at a time: stopping again while it is open tells the manager, but opens no second.
  const alreadyOpen = (await repositories.escalations.listForClient(client.id)).some((e) => e.kind === "consent_declined" && e.status === "open");
  if (!alreadyOpen) {
    await repositories.escalations.create({
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      managerId,
      kind: "consent_declined",
      subjectId: null,
      status: "open",
      createdAt: now,
      resolvedAt: null,
    });
  }
  await planMessage(deps, repositories, {
    dedupeKey: `consent:${client.id}:no-messages:${now.getTime()}`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...outboxContent(messageKey, { clientName: client.name }),
    actions: [],
    dueAt: await managerAlertDueAt(repositories, client.tenantId, now, deps.defaultZone),
  });
}

/** The client withdrew a purpose other than messages in the chat: their primary manager is told (no request opens). */
export async function tellManagerWithdrawn(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Repositories,
  client: Client,
  assignments: CaseAssignment[],
  purpose: Exclude<ConsentPurpose, "messaging">,
): Promise<void> {
  const managerId = primaryManagerId(assignments);
  if (!managerId) return;
  const now = deps.clock.now();
  await planMessage(deps, repositories, {
    dedupeKey: `consent:${client.id}:withdrawn:${purpose}:${now.getTime()}`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...outboxContent(`manager.escalation.withdrawn.${purpose}`, { clientName: client.name }),
    actions: [],
    dueAt: await managerAlertDueAt(repositories, client.tenantId, now, deps.defaultZone),
  });
}
