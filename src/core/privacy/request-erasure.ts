import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Escalation } from "../escalations/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { escalationDueAt } from "../reminders/manager-times.ts";
import { loadReminderSettings, tenantZone } from "../reminders/recipient-zone.ts";
import { loadClientInScope, primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { localParts } from "../shared/zoned-time.ts";
import { erasureObjectionDays } from "./model.ts";

export const requestErasureInput = z.object({ clientId: idSchema });

export const erasureRequestedMessageKey = "manager.escalation.erasure_requested";

export interface ErasureRequest {
  /** The "erasure_requested" escalation that records the request. */
  escalationId: string;
  requestedAt: Date;
  /** The client's data is erased after this instant, unless the tenant objects before. */
  eraseAfter: Date;
}

/** When a request made at `requestedAt` falls due (the tenant's objection period has passed). */
export function erasureDueAt(requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + erasureObjectionDays * 24 * 60 * 60 * 1000);
}

const isoDate = (instant: Date, zone: string): string => {
  const { year, month, day } = localParts(instant, zone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
};

/**
 * A client asks for their data to be erased: the request is recorded as an "erasure_requested" escalation for the
 * primary manager (who is told), pending messages to and about the client are cancelled, and the erasure falls due
 * after the objection period. Asking again while a request is open changes nothing and returns the same date.
 */
export async function requestErasure(deps: CoreDeps, actor: Actor, input: unknown): Promise<ErasureRequest> {
  const { clientId } = parseInput(requestErasureInput, input);
  if (actor.kind !== "client") throw forbidden(`${actor.kind} may not request an erasure; only the client themself`);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, clientId, "basic");
    if (actor.clientId !== client.id) throw forbidden(`client may request the erasure of their own data only, not ${client.id}`);
    const open = (await repositories.escalations.listForClient(client.id)).find((e) => e.kind === "erasure_requested" && e.status === "open");
    if (open) return { escalationId: open.id, requestedAt: open.createdAt, eraseAfter: erasureDueAt(open.createdAt) };

    const now = deps.clock.now();
    const eraseAfter = erasureDueAt(now);
    // Only messages to the client: staff still learn what is pending about them until the erasure.
    await repositories.outbox.cancelPendingToClient(client.id);
    const managerId = primaryManagerId(assignments);
    const escalation: Escalation = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      // Without a manager the request still needs a record; the tenant's staff find it through the client.
      managerId: managerId ?? "",
      kind: "erasure_requested",
      subjectId: null,
      status: "open",
      createdAt: now,
      resolvedAt: null,
    };
    await repositories.escalations.create(escalation);
    if (managerId) {
      const zone = await tenantZone(repositories, client.tenantId, deps.defaultZone);
      const settings = await loadReminderSettings(repositories, client.tenantId);
      await planMessage(deps, repositories, {
        dedupeKey: `client:${client.id}:erasure:${escalation.id}`,
        tenantId: client.tenantId,
        recipientKind: "manager",
        recipientId: managerId,
        clientId: client.id,
        ...outboxContent(erasureRequestedMessageKey, { clientName: client.name, eraseDate: isoDate(eraseAfter, zone) }),
        actions: [],
        dueAt: escalationDueAt(now, zone, settings),
      });
    }
    await recordAudit(deps, repositories, actor, {
      action: "privacy.erasure_request",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { escalationId: escalation.id, requestedAt: now, eraseAfter };
  });
}
