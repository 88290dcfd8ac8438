import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { ConsentRecord } from "../consent/model.ts";
import { conversationDedupePrefix } from "../conversations/model.ts";

/** Plan check-ins (dedupe keys "step:…") also need the check-in consent (src/core/plans/check-ins.ts). */
const checkInPrefix = "step:";

/**
 * Re-checked by the dispatcher at the moment of sending a message to a client: consent may have been withdrawn
 * after the message was planned (withdrawal cancels pending rows, but not one already claimed for sending).
 */
export function mayStillMessageClient(ledger: ConsentRecord[], dedupeKey: string): boolean {
  // A manager's answer needs the consent to messages with the manager, which the client gives apart (a client who
  // said no to reminders may still write to their manager).
  if (dedupeKey.startsWith(conversationDedupePrefix)) return hasCurrentConsent(ledger, "manager_messages");
  if (!hasCurrentConsent(ledger, "messaging")) return false;
  return !dedupeKey.startsWith(checkInPrefix) || hasCurrentConsent(ledger, "plan_checkins");
}
