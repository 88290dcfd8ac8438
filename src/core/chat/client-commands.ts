import { hasCurrentConsent, latestRecord } from "../consent/consent-state.ts";
import { withdrawConsent } from "../consent/withdraw-consent.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import type { ChatContext } from "./chat-context.ts";
import { confirmStopAction, yesNoQuestion } from "./chat-actions.ts";
import { checkInsQuestion, consentScreen } from "./client-onboarding.ts";
import type { Routed } from "./reply.ts";

export const stopQuestion = (): Outbound =>
  yesNoQuestion({ key: "client.stop.confirm" }, confirmStopAction, { yes: "actions.stop.yes", no: "actions.stop.no" });

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

/** After /stop: yes withdraws messaging consent (silence from now on), no keeps everything. */
export async function answerStop(context: ChatContext, clientId: string, confirmed: boolean): Promise<Routed> {
  if (!confirmed) return { outbound: [{ ...say("client.stop.kept"), edit: true }] };
  await withdrawConsent(context.deps, context.actor, { clientId, purposes: ["messaging", "plan_checkins"], channel: context.session.channel });
  return { outbound: [{ ...say("client.stop.done"), edit: true }] };
}
