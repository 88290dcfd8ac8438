import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { consentPurposes, type ConsentPurpose } from "./model.ts";
import { clearWithdrawnSensitive } from "../assessment/clear-withdrawn-sensitive.ts";
import { tellManagerNoMessages, tellManagerWithdrawn } from "./decline-consent.ts";
import { recordConsentDecision } from "./record-consent.ts";
import { conversationDedupePrefix } from "../conversations/model.ts";
import { checkInPrefixes } from "../reminders/send-checks.ts";

export const withdrawConsentInput = z.object({
  clientId: idSchema,
  purposes: z.array(z.enum(consentPurposes)).min(1),
  channel: z.enum(["telegram", "teams", "in_person"]),
});

/**
 * What withdrawing a purpose stops at once: messaging stops everything, check-ins stop questions about steps and
 * referrals, messages with the manager stop answers on their way and delete the messages kept (src/core/conversations).
 */
async function stopPendingMessages(repositories: Repositories, clientId: string, purposes: ConsentPurpose[]): Promise<number> {
  let cancelled = 0;
  if (purposes.includes("manager_messages")) {
    cancelled += await repositories.outbox.cancelPendingToClient(clientId, conversationDedupePrefix);
    await repositories.conversations.deleteForClient(clientId);
  }
  if (purposes.includes("messaging")) return cancelled + (await repositories.outbox.cancelPendingToClient(clientId));
  if (purposes.includes("plan_checkins")) {
    for (const prefix of checkInPrefixes) cancelled += await repositories.outbox.cancelPendingToClient(clientId, prefix);
  }
  return cancelled;
}

export interface WithdrawnConsent {
  purposes: ConsentPurpose[];
  cancelledMessages: number;
}

/**
 * The client withdraws consent (in the chat at any time; or the manager records it). Withdrawal takes effect at once:
 * pending messages of that purpose are cancelled, health or residence details recorded under it are cleared, and
 * when the client withdrew in the chat their manager is told.
 */
export async function withdrawConsent(deps: CoreDeps, actor: Actor, input: unknown): Promise<WithdrawnConsent> {
  const parsed = parseInput(withdrawConsentInput, input);
  if (actor.kind === "client" && actor.clientId !== parsed.clientId) throw forbidden("only for oneself");
  if (actor.kind !== "client" && actor.kind !== "staff") throw forbidden(`${actor.kind} cannot withdraw consent`);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, actor.kind === "staff" ? "write" : "basic");
    const purposes = [...new Set(parsed.purposes)];
    const changed = await recordConsentDecision(deps, repositories, actor, client, { purposes, given: false, channel: parsed.channel });
    const cancelledMessages = await stopPendingMessages(repositories, client.id, purposes);
    // Health or residence details recorded under a withdrawn consent go (not only hidden).
    await clearWithdrawnSensitive(deps, repositories, actor, client, changed);
    // The client stopped something in the chat (/stop): the manager learns it now, not at the next silent appointment.
    if (actor.kind === "client") {
      if (changed.includes("messaging")) await tellManagerNoMessages(deps, repositories, client, assignments, "manager.escalation.messaging_stopped");
      // "Everything off" tells about messages once (that covers check-ins); cleared details each get a line.
      const coveredByMessaging = (purpose: ConsentPurpose) => purpose === "plan_checkins" || purpose === "manager_messages";
      const others = changed.filter((purpose) => purpose !== "messaging" && !(coveredByMessaging(purpose) && changed.includes("messaging")));
      for (const purpose of others) if (purpose !== "messaging") await tellManagerWithdrawn(deps, repositories, client, assignments, purpose);
    }
    return { purposes, cancelledMessages };
  });
}
