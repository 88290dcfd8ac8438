import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import { moveOutOfQuietHours } from "../reminders/quiet-hours.ts";
import { clientZone, loadReminderSettings } from "../reminders/recipient-zone.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

export const objectToErasureInput = z.object({ escalationId: idSchema });

export const erasureObjectedMessageKey = "client.delete.objected";

/**
 * The tenant objects to a client's erasure request within the objection period (a legal duty to keep the records):
 * the request is closed, so the daily job does not erase, the objection is audited, and the client is told in their
 * language (to ask for the reason, and that they may complain to the data protection authority: Art. 12(4) DSGVO).
 * Managers and admins who may change the case. Objecting again changes nothing.
 */
export async function objectToErasure(deps: CoreDeps, actor: Actor, input: unknown): Promise<{ escalation: Escalation; changed: boolean }> {
  const { escalationId } = parseInput(objectToErasureInput, input);
  return deps.store.transaction(async (repositories) => {
    const escalation = await repositories.escalations.get(escalationId);
    if (!escalation) throw notFound("escalation", escalationId);
    if (escalation.kind !== "erasure_requested") throw new DomainError("conflict", `escalation ${escalation.id} is no erasure request`);
    const { client } = await loadClientInScope(repositories, actor, escalation.clientId, "write");
    if (escalation.status === "resolved") return { escalation, changed: false };
    const now = deps.clock.now();
    const objected: Escalation = { ...escalation, status: "resolved", resolvedAt: now };
    await repositories.escalations.update(objected);
    await recordAudit(deps, repositories, actor, {
      action: "privacy.erasure_objected",
      subjectKind: "escalation",
      subjectId: escalation.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    // The manager's notice "erasure requested, erased after …" no longer holds: it is not sent (or not sent again).
    await repositories.outbox.cancelPendingByPrefix(`client:${client.id}:erasure:${escalation.id}`);
    const zone = await clientZone(repositories, client, deps.defaultZone);
    const { quietHours } = await loadReminderSettings(repositories, client.tenantId);
    await planClientMessage(deps, repositories, {
      dedupeKey: `client:${client.id}:erasure-objected:${escalation.id}`,
      tenantId: client.tenantId,
      recipientId: client.id,
      ...outboxContent(erasureObjectedMessageKey, {}),
      actions: [],
      dueAt: moveOutOfQuietHours(now, zone, quietHours, "later"),
    });
    return { escalation: objected, changed: true };
  });
}
