import { outboxContent } from "../outbox/message-kinds.ts";
import type { CoreDeps } from "../deps.ts";
import type { Escalation } from "../escalations/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { escalationDueAt } from "./manager-times.ts";
import { loadReminderSettings, tenantZone } from "./recipient-zone.ts";

/** Why a client could not be reached: no linked chat account, blocked the bot, or every attempt failed. */
export type UnreachableReason = "no_account" | "blocked" | "failed";

export const unreachableMessageKey = "manager.escalation.unreachable";

/**
 * Tells the client's manager that messages do not reach the client: an "unreachable" escalation and a message to
 * the manager (at once, or at the end of the quiet hours). While such an escalation is open no second one is
 * raised, so a failing channel does not flood the manager. Returns the new escalation, or null.
 */
export async function reportClientUnreachable(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: Pick<Repositories, "clients" | "assignments" | "escalations" | "outbox" | "tenants" | "settings">,
  args: { clientId: string; reason: UnreachableReason; subjectId: string | null },
): Promise<Escalation | null> {
  const client = await repositories.clients.get(args.clientId);
  if (!client || client.anonymizedAt) return null;
  const managerId = primaryManagerId(await repositories.assignments.listForClient(client.id));
  if (!managerId) return null;
  const open = await repositories.escalations.listForClient(client.id);
  if (open.some((e) => e.kind === "unreachable" && e.status === "open")) return null;
  const now = deps.clock.now();
  const escalation: Escalation = {
    id: deps.ids.newId(),
    tenantId: client.tenantId,
    clientId: client.id,
    managerId,
    kind: "unreachable",
    subjectId: args.subjectId,
    status: "open",
    createdAt: now,
    resolvedAt: null,
  };
  await repositories.escalations.create(escalation);
  const settings = await loadReminderSettings(repositories, client.tenantId);
  await planMessage(deps, repositories, {
    dedupeKey: `client:${client.id}:unreachable:${escalation.id}`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: managerId,
    clientId: client.id,
    ...outboxContent(unreachableMessageKey, { clientName: client.name, reason: args.reason }),
    actions: [],
    dueAt: escalationDueAt(now, await tenantZone(repositories, client.tenantId, deps.defaultZone), settings),
  });
  return escalation;
}
