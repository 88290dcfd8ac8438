import { hasCurrentConsent, latestRecord } from "../consent/consent-state.ts";
import { withdrawConsent } from "../consent/withdraw-consent.ts";
import { consentPurposes, type ConsentPurpose, type ConsentRecord } from "../consent/model.ts";
import { say, type Button, type MessageParam, type Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmStopAction } from "./chat-actions.ts";
import { checkInsQuestion, consentScreen } from "./client-onboarding.ts";
import type { Routed } from "./reply.ts";

/** What a stop button names: one purpose, all messages ("y"; "m" on older messages), or nothing ("n"). */
/** "All messages": reminders, plan questions and messages with the manager; recorded details stay (their own buttons). */
const allMessagePurposes: ConsentPurpose[] = ["messaging", "plan_checkins", "manager_messages"];
const purposeByStopCode = {
  m: "messaging",
  c: "plan_checkins",
  w: "manager_messages",
  h: "data_health",
  r: "data_residence",
} as const satisfies Record<string, ConsentPurpose>;
export type StopChoice = keyof typeof purposeByStopCode | "y" | "n";

const purposesOn = (ledger: ConsentRecord[]): ConsentPurpose[] => consentPurposes.filter((purpose) => hasCurrentConsent(ledger, purpose));
const purposeLabel = (purpose: ConsentPurpose): MessageParam => ({ t: "key", key: `client.stop.purpose.${purpose}` });

/**
 * /stop: what is switched on now; one button per question or data purpose to stop just that, one to stop all
 * messages (messages and check-ins; recorded health or residence details stay unless their own button is pressed),
 * one to keep it all. With nothing on, the way back (/start).
 */
export async function stopQuestion(context: ChatContext, clientId: string): Promise<Outbound> {
  const on = purposesOn(await context.deps.store.consents.listForClient(clientId));
  if (on.length === 0) return say("client.stop.nothing");
  const single = Object.entries(purposeByStopCode).filter(([code, purpose]) => code !== "m" && on.includes(purpose));
  const last: Button[] = [
    ...(on.includes("messaging") ? [{ labelKey: "actions.stop.all", data: confirmStopAction.encode("y") }] : []),
    { labelKey: "actions.stop.no", data: confirmStopAction.encode("n") },
  ];
  return {
    parts: [{ key: "client.stop.on", params: { list: { t: "lines", items: on.map(purposeLabel) } } }],
    buttons: [
      ...single.map(([code, purpose]) => [
        { labelKey: "actions.stop.one", labelParams: { purpose: purposeLabel(purpose) }, data: confirmStopAction.encode(code as StopChoice) },
      ]),
      last,
    ],
  };
}

/**
 * /start of a linked client: the welcome while messages are allowed; otherwise the consent screen (again): the way
 * back after /stop or a "no" at joining.
 */
export async function clientStart(context: ChatContext, clientId: string): Promise<Routed> {
  const ledger = await context.deps.store.consents.listForClient(clientId);
  if (!hasCurrentConsent(ledger, "messaging")) return { outbound: [consentScreen()] };
  // Messages are allowed but check-ins were never answered (joined before they were asked apart): ask now.
  if (!latestRecord(ledger, "plan_checkins")) return { outbound: [checkInsQuestion()] };
  return { outbound: [say("client.welcome")] };
}

/**
 * After /stop: one purpose stops just that; "y" (and "m" from an older message) stops all messages, check-ins
 * included; "n" keeps it all. The manager is told (withdrawConsent).
 */
export async function answerStop(context: ChatContext, clientId: string, choice: StopChoice): Promise<Routed> {
  if (choice === "n") return { outbound: [{ ...say("client.stop.kept"), edit: true }] };
  const channel = context.session.channel;
  if (choice === "y" || choice === "m") {
    const ledger = await context.deps.store.consents.listForClient(clientId);
    const purposes = allMessagePurposes.filter((purpose) => purpose !== "manager_messages" || hasCurrentConsent(ledger, purpose));
    await withdrawConsent(context.deps, context.actor, { clientId, purposes, channel });
    return { outbound: [{ ...say("client.stop.done"), edit: true }] };
  }
  const purpose = purposeByStopCode[choice];
  await withdrawConsent(context.deps, context.actor, { clientId, purposes: [purpose], channel });
  // Health or residence: what was recorded under it is deleted (withdrawConsent), and the client is told so.
  const endedKey = purpose === "data_health" || purpose === "data_residence" ? "client.stop.ended_data" : "client.stop.ended";
  return { outbound: [{ ...say(endedKey, { purpose: purposeLabel(purpose) }), edit: true }] };
}
