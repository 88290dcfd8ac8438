import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { ConsentRecord } from "../consent/model.ts";
import { conversationDedupePrefix } from "../conversations/model.ts";
import { referralCheckInPrefix } from "../referrals/follow-up.ts";

/**
 * Check-ins also need the check-in consent: plan steps (dedupe keys "step:…", src/core/plans/check-ins.ts) and
 * referrals ("refcheck:…", src/core/referrals/follow-up.ts).
 */
export const checkInPrefixes = ["step:", referralCheckInPrefix] as const;

/**
 * Re-checked by the dispatcher at the moment of sending a message to a client: consent may have been withdrawn
 * after the message was planned (withdrawal cancels pending rows, but not one already claimed for sending).
 */
export function mayStillMessageClient(ledger: ConsentRecord[], dedupeKey: string): boolean {
  // A manager's answer needs the consent to messages with the manager, which the client gives apart (a client who
  // said no to reminders may still write to their manager).
  if (dedupeKey.startsWith(conversationDedupePrefix)) return hasCurrentConsent(ledger, "manager_messages");
  if (!hasCurrentConsent(ledger, "messaging")) return false;
  return !checkInPrefixes.some((prefix) => dedupeKey.startsWith(prefix)) || hasCurrentConsent(ledger, "plan_checkins");
}
