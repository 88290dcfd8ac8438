import { z } from "zod";
import { askForConsent, type AskablePurpose } from "../consent/ask-for-consent.ts";
import { giveConsent } from "../consent/give-consent.ts";
import { withdrawConsent } from "../consent/withdraw-consent.ts";
import type { Action } from "../dialog/action-codec.ts";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import type { Routed } from "./reply.ts";

/** h: health, r: residence (the buttons' short codes). */
const purposeByCode = { h: "data_health", r: "data_residence" } as const satisfies Record<string, AskablePurpose>;
type PurposeCode = keyof typeof purposeByCode;
const codeArg = actionOptionArg(["h", "r"]);

/** Staff: ask the client in the chat (their language, agree or decline). */
export const askConsentAction = defineAction("rca", [actionIdArg, codeArg]);
/** Staff: the client agreed in person (read out or shown in their language, e.g. with an interpreter). */
export const recordConsentAction = defineAction("rcp", [actionIdArg, codeArg]);
/** Staff: the client withdrew in person; what was recorded under it is cleared (withdrawConsent). */
export const withdrawConsentInPersonAction = defineAction("rcw", [actionIdArg, codeArg]);
/** Client: the answer to the question in the chat. */
export const sensitiveConsentAnswerAction = defineAction("rcc", [codeArg, z.enum(["a", "d"])]);

const purposeLabels: Record<PurposeCode, string> = { h: "manager.consents.purpose.data_health", r: "manager.consents.purpose.data_residence" };

/**
 * Under /consents for the case's managers, per data purpose, one button a row (the labels are long): while not given,
 * ask in the chat or record an agreement given in person; while given, record a withdrawal given in person.
 */
export function sensitiveConsentButtons(clientId: string, given: (purpose: AskablePurpose) => boolean): Button[][] {
  return (Object.keys(purposeByCode) as PurposeCode[]).flatMap((code) => {
    const labelParams = { purpose: { t: "key" as const, key: purposeLabels[code] } };
    if (given(purposeByCode[code])) {
      return [[{ labelKey: "manager.consents.withdraw_button", labelParams, data: withdrawConsentInPersonAction.encode(clientId, code) }]];
    }
    return [
      [{ labelKey: "manager.consents.ask_button", labelParams, data: askConsentAction.encode(clientId, code) }],
      [{ labelKey: "manager.consents.in_person_button", labelParams, data: recordConsentAction.encode(clientId, code) }],
    ];
  });
}

/** The staff buttons; null when the action is not one of them. */
export async function routeSensitiveConsentAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const ask = askConsentAction.match(action);
  if (ask) {
    const purpose = { t: "key" as const, key: purposeLabels[ask[1]] };
    const accept = sensitiveConsentAnswerAction.encode(ask[1], "a");
    const decline = sensitiveConsentAnswerAction.encode(ask[1], "d");
    const asked = await askForConsent(context.deps, context.actor, { clientId: ask[0], purpose: purposeByCode[ask[1]] }, { accept, decline });
    return [say(asked ? "manager.consents.asked" : "manager.consents.not_asked", { purpose })];
  }
  const inPerson = recordConsentAction.match(action);
  if (inPerson) {
    await giveConsent(context.deps, context.actor, { clientId: inPerson[0], purposes: [purposeByCode[inPerson[1]]], channel: "in_person" });
    return [say("manager.consents.recorded", { purpose: { t: "key", key: purposeLabels[inPerson[1]] } })];
  }
  const withdrawn = withdrawConsentInPersonAction.match(action);
  if (withdrawn) {
    await withdrawConsent(context.deps, context.actor, { clientId: withdrawn[0], purposes: [purposeByCode[withdrawn[1]]], channel: "in_person" });
    return [say("manager.consents.withdrawn", { purpose: { t: "key", key: purposeLabels[withdrawn[1]] } })];
  }
  return null;
}

/** The client's answer in the chat: agreed is recorded; declined is recorded as no (and nothing of it is written). */
export async function answerSensitiveConsent(context: ChatContext, clientId: string, action: Action | null): Promise<Routed | null> {
  const answer = sensitiveConsentAnswerAction.match(action);
  if (!answer) return null;
  const purpose = purposeByCode[answer[0]];
  const channel = context.session.channel;
  if (answer[1] === "a") {
    await giveConsent(context.deps, context.actor, { clientId, purposes: [purpose], channel });
    return { outbound: [{ ...say("client.consent.sensitive_given"), edit: true }] };
  }
  await withdrawConsent(context.deps, context.actor, { clientId, purposes: [purpose], channel });
  return { outbound: [{ ...say("client.consent.sensitive_declined"), edit: true }] };
}
