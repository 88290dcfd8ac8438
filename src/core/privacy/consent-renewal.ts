import { latestRecord } from "../consent/consent-state.ts";
import { currentConsentVersions, type ConsentPurpose, type ConsentRecord } from "../consent/model.ts";
import type { Inbound } from "../dialog/inbound.ts";
import type { Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "../chat/chat-context.ts";
import { checkInsConsentAction, consentAnswerAction } from "../chat/chat-actions.ts";
import type { Routed } from "../chat/reply.ts";

/** The purposes the chat asks for (the data categories are recorded in person by the manager). */
const chatPurposes = ["messaging", "plan_checkins"] as const satisfies readonly ConsentPurpose[];

/** Commands that work without a current consent: the client's rights come first. */
const alwaysAllowed = new Set(["stop", "delete", "mydata", "language"]);

/**
 * Purposes the client consented to under an older text version: that consent no longer counts
 * (`hasCurrentConsent`), so the client is asked again. Withdrawn or declined purposes are never asked again.
 */
export function purposesToRenew(ledger: ConsentRecord[]): ConsentPurpose[] {
  return chatPurposes.filter((purpose) => {
    const latest = latestRecord(ledger, purpose);
    return latest !== null && latest.given && latest.version < currentConsentVersions[purpose];
  });
}

/**
 * The question with the current text, introduced by "the texts have changed": messages first (agreeing to them
 * asks about check-ins next when those are outdated too), else plan check-ins alone. Each purpose is answered apart.
 */
function consentRenewalScreen(purposes: ConsentPurpose[]): Outbound {
  const purpose = purposes.includes("messaging") ? "messaging" : "plan_checkins";
  const action = purpose === "messaging" ? consentAnswerAction : checkInsConsentAction;
  return {
    parts: [
      { key: "privacy.consent_changed" },
      { key: `consent.${purpose}.v${currentConsentVersions[purpose]}` },
      ...(purpose === "messaging" ? [{ key: "client.consent.withdraw_hint" }] : []),
    ],
    buttons: [
      [
        { labelKey: "actions.consent.accept", data: action.encode("a") },
        { labelKey: "actions.consent.decline", data: action.encode("d") },
      ],
    ],
  };
}

/**
 * Before a linked client's command or text is handled: when a consent text has a new version since the client
 * consented, they see the new texts and are asked again (accept records the current version). Buttons and the
 * rights commands (/stop, /delete, /mydata, /language) go through unchanged.
 */
export async function consentRenewal(context: ChatContext, clientId: string, inbound: Inbound): Promise<Routed | null> {
  if (inbound.kind === "action" || inbound.kind === "form") return null;
  if (inbound.kind === "command" && alwaysAllowed.has(inbound.command)) return null;
  const ledger = await context.deps.store.consents.listForClient(clientId);
  const outdated = purposesToRenew(ledger);
  return outdated.length > 0 ? { outbound: [consentRenewalScreen(outdated)] } : null;
}
