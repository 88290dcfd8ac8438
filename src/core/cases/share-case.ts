import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

export const shareCaseInput = z.object({ clientId: idSchema, managerId: idSchema, share: z.boolean().default(true) });

/**
 * A manager shares a case with a colleague of the same tenant (e.g. a substitute), or stops sharing it; the colleague
 * is told (a repeated share or stop tells nobody again).
 */
export async function shareCase(deps: CoreDeps, actor: Actor, input: unknown): Promise<void> {
  const parsed = parseInput(shareCaseInput, input);
  await deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    const colleague = await repositories.managers.get(parsed.managerId);
    if (!colleague?.active || colleague.tenantId !== client.tenantId) {
      throw new DomainError("invalid_input", "unknown colleague", [{ path: "managerId", message: "not a manager of this tenant" }]);
    }
    const existing = assignments.find((a) => a.managerId === colleague.id);
    if (existing?.kind === "primary") throw new DomainError("conflict", "the colleague is the primary manager");
    const changes = parsed.share ? existing === undefined : existing !== undefined;
    if (parsed.share) {
      await repositories.assignments.assign({ clientId: client.id, managerId: colleague.id, kind: "shared", createdAt: deps.clock.now() });
    } else {
      await repositories.assignments.unassign(client.id, colleague.id);
    }
    // The colleague learns it (a case they now see and change, or no longer), with the card one tap away.
    if (changes) {
      const sharedBy = actor.kind === "staff" ? ((await repositories.managers.get(actor.managerId))?.name ?? "") : "";
      await planMessage(deps, repositories, {
        dedupeKey: `case:${client.id}:${parsed.share ? "shared" : "unshared"}:${colleague.id}:${deps.clock.now().getTime()}`,
        tenantId: client.tenantId,
        recipientKind: "manager",
        recipientId: colleague.id,
        clientId: client.id,
        ...outboxContent(parsed.share ? "manager_card.share.received" : "manager_card.share.ended", { clientName: client.name, byName: sharedBy }),
        actions: parsed.share ? [{ labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) }] : [],
        dueAt: deps.clock.now(),
      });
    }
    await recordAudit(deps, repositories, actor, {
      action: parsed.share ? "case.share" : "case.unshare",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
  });
}
