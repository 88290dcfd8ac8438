import type { Action } from "../dialog/action-codec.ts";
import type { Button, MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import { outcomeByCode, referralOutcomeAction, type ReferralOutcomeCode } from "../referrals/actions.ts";
import { followUpOn } from "../referrals/follow-up.ts";
import { listReferrals } from "../referrals/list-referrals.ts";
import { regularServices, type Referral, type ReferralStatus } from "../referrals/model.ts";
import { updateReferral } from "../referrals/update-referral.ts";
import { cardReferralsAction } from "./card-actions.ts";
import type { ChatContext } from "./chat-context.ts";
import { serviceKeys } from "./client-card-forms.ts";

/** Most recent first; older ones are counted, not listed (a chat is not an archive). */
const maxListed = 10;

const statusKeys: Record<ReferralStatus, string> = {
  open: "manager_card.referrals.status.open",
  attended: "manager_card.referrals.status.attended",
  not_attended: "manager_card.referrals.status.not_attended",
  closed: "manager_card.referrals.status.closed",
};

const outcomeLabels: Record<ReferralOutcomeCode, string> = {
  at: "manager_card.referrals.button.attended",
  na: "manager_card.referrals.button.not_attended",
  cl: "manager_card.referrals.button.closed",
  sn: "manager_card.referrals.button.snooze",
};

/** A standard service by its translated name; a local offer or volunteer by the text the manager typed. */
function targetParam(referral: Referral): MessageParam {
  const service = regularServices.find((s) => s === referral.target);
  return referral.targetKind === "service" && service ? { t: "key", key: serviceKeys[service] } : referral.target;
}

function referralPart(referral: Referral, zone: string): TextPart {
  const params = {
    target: targetParam(referral),
    since: { t: "date" as const, iso: referral.createdAt.toISOString(), zone },
    status: { t: "key" as const, key: statusKeys[referral.status] },
  };
  return referral.followUpAt && referral.status === "open"
    ? { key: "manager_card.referrals.item_follow_up", params: { ...params, followUp: { t: "date", iso: referral.followUpAt.toISOString(), zone } } }
    : { key: "manager_card.referrals.item", params };
}

/** One referral with its buttons while open; a changed one (`edited`, e.g. under the day's question) names the person. */
function referralMessage(referral: Referral, zone: string, edited?: { clientName: string }): Outbound {
  const edit = edited !== undefined;
  const parts = [...(edited ? [{ key: "manager_card.referrals.of_client", params: { clientName: edited.clientName } }] : []), referralPart(referral, zone)];
  if (referral.status !== "open") return { parts, ...(edit ? { edit } : {}) };
  const button = (code: ReferralOutcomeCode): Button => ({ labelKey: outcomeLabels[code], data: referralOutcomeAction.encode(referral.id, code) });
  // Two rows, as under the follow-up question (src/core/referrals/follow-up.ts): four labels in one row get cut.
  const buttons: Button[][] = [
    [button("at"), button("na")],
    [button("cl"), button("sn")],
  ];
  return { parts, buttons, ...(edit ? { edit } : {}) };
}

/** The client's referrals, newest first: open ones with buttons to record how they went. */
async function referralList(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const referrals = (await listReferrals(context.deps, context.actor, { clientId })).reverse();
  if (referrals.length === 0) return [say("manager_card.referrals.none")];
  const shown = referrals.slice(0, maxListed).map((referral) => referralMessage(referral, context.zone));
  const more = referrals.length - maxListed;
  return [
    say("manager_card.referrals.title", { count: referrals.length }),
    ...shown,
    ...(more > 0 ? [say("manager_card.referrals.more", { count: more })] : []),
  ];
}

/**
 * Records the outcome, or asks again in a week (10:00, from today); the message becomes the referral with its new
 * status or follow-up day. A second tap of the same button changes nothing more.
 */
async function recordOutcome(context: ChatContext, referralId: string, code: ReferralOutcomeCode): Promise<Outbound[]> {
  const change = code === "sn" ? { followUpAt: followUpOn(context.deps.clock.now(), context.zone).toISOString() } : { status: outcomeByCode[code] };
  const { referral, clientName } = await updateReferral(context.deps, context.actor, { referralId, ...change });
  return [referralMessage(referral, context.zone, { clientName })];
}

/** The referral buttons of staff; null when the action is not one of them. */
export async function routeReferralAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const list = cardReferralsAction.match(action);
  if (list) return referralList(context, list[0]);
  const outcome = referralOutcomeAction.match(action);
  if (outcome) return recordOutcome(context, outcome[0], outcome[1]);
  return null;
}
