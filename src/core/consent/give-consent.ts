import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { managerAlertDueAt } from "../reminders/escalation-due.ts";
import { loadClientInScope, primaryManagerId } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { consentPurposes, type ConsentPurpose } from "./model.ts";
import { recordConsentDecision } from "./record-consent.ts";

export const giveConsentInput = z.object({
  clientId: idSchema,
  purposes: z.array(z.enum(consentPurposes)).min(1),
  /** telegram | teams when the client taps it; in_person when the manager records a signed paper form. */
  channel: z.enum(["telegram", "teams", "in_person"]),
});

/** The client consents to purposes (current text versions). Staff may only record an in-person consent. */
export async function giveConsent(deps: CoreDeps, actor: Actor, input: unknown): Promise<ConsentPurpose[]> {
  const parsed = parseInput(giveConsentInput, input);
  if (actor.kind === "client" && actor.clientId !== parsed.clientId) throw forbidden("only for oneself");
  if (actor.kind === "staff" && parsed.channel !== "in_person") throw forbidden("staff record consent in person only");
  if (actor.kind !== "client" && actor.kind !== "staff") throw forbidden(`${actor.kind} cannot give consent`);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, actor.kind === "staff" ? "write" : "basic");
    const purposes = [...new Set(parsed.purposes)];
    const changed = await recordConsentDecision(deps, repositories, actor, client, { purposes, given: true, channel: parsed.channel });
    // The client allowed messages (joining, after /stop, a renewed text): the manager learns they can be reached now.
    const managerId = primaryManagerId(assignments);
    if (actor.kind === "client" && changed.includes("messaging") && managerId) {
      const now = deps.clock.now();
      await planMessage(deps, repositories, {
        dedupeKey: `consent:${client.id}:messages-allowed:${now.getTime()}`,
        tenantId: client.tenantId,
        recipientKind: "manager",
        recipientId: managerId,
        clientId: client.id,
        messageKey: "manager.client_reachable",
        params: { clientName: client.name },
        actions: [{ labelKey: "actions.escalation.open", data: openClientAction.encode(client.id) }],
        dueAt: await managerAlertDueAt(repositories, client.tenantId, now, deps.defaultZone),
      });
    }
    return purposes;
  });
}
