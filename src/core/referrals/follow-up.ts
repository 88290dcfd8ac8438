import type { Client } from "../cases/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import type { OutboxAction } from "../outbox/model.ts";
import { planClientMessage, planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { localTimeOn } from "../reminders/quiet-hours.ts";
import { addLocalDays, localParts } from "../shared/zoned-time.ts";
import { referralCheckInAction, referralOutcomeAction } from "./actions.ts";
import { askableServices, type Referral } from "./model.ts";

/**
 * A referral's follow-up: on its day the manager is asked how it went, with buttons to record the
 * outcome or ask again in a week; the client is asked too ("Were you at the Jobcenter?") when the referral is to a
 * service and they agreed to check-ins. Both are outbox rows planned when the date is set (docs/architecture.md,
 * "Referral follow-ups"); every change of the referral plans them anew.
 */

/** The manager's question of one referral; the key ends with the follow-up time, so a moved date is a new row. */
export const referralAskPrefix = (referralId: string): string => `referral:${referralId}:ask:`;
/** Every client question about a referral to a service: needs the check-in consent (send-checks, withdrawal). */
export const referralCheckInPrefix = "refcheck:";
const checkInPrefixOf = (referralId: string): string => `${referralCheckInPrefix}${referralId}:`;
/** The offer flow's "Did you go?" (src/core/offers/share-offer.ts): cancelled once the referral is settled. */
export const offerQuestionPrefix = (referralId: string): string => `referral:${referralId}:followup:`;

/** Days until the next follow-up after "ask again" or "not yet". */
export const FOLLOW_UP_DAYS = 7;

/** 10:00 local, `days` days after `now`'s day: when a follow-up asks (the day the manager picks alone means the same). */
export function followUpOn(now: Date, zone: string, days = FOLLOW_UP_DAYS): Date {
  return localTimeOn(addLocalDays(localParts(now, zone), days), zone, "10:00");
}

const askedService = (referral: Referral) => (referral.targetKind === "service" ? askableServices.find((s) => s === referral.target) : undefined);

function managerActions(referralId: string): OutboxAction[] {
  return [
    { labelKey: "manager_card.referrals.button.attended", data: referralOutcomeAction.encode(referralId, "at") },
    { labelKey: "manager_card.referrals.button.not_attended", data: referralOutcomeAction.encode(referralId, "na") },
    { labelKey: "manager_card.referrals.button.closed", data: referralOutcomeAction.encode(referralId, "cl"), newRow: true },
    { labelKey: "manager_card.referrals.button.snooze", data: referralOutcomeAction.encode(referralId, "sn") },
  ];
}

const clientActions = (referralId: string): OutboxAction[] => [
  { labelKey: "referrals.check_in.yes", data: referralCheckInAction.encode(referralId, "y") },
  { labelKey: "referrals.check_in.not_yet", data: referralCheckInAction.encode(referralId, "n") },
  { labelKey: "referrals.check_in.need_help", data: referralCheckInAction.encode(referralId, "h"), newRow: true },
];

async function askManager(deps: Pick<CoreDeps, "clock" | "ids">, repositories: Repositories, referral: Referral, client: Client, at: Date): Promise<void> {
  const service = referral.targetKind === "service" ? referral.target : null;
  await planMessage(deps, repositories, {
    dedupeKey: `${referralAskPrefix(referral.id)}${at.getTime()}`,
    tenantId: referral.tenantId,
    recipientKind: "manager",
    recipientId: referral.managerId,
    clientId: client.id,
    ...(service
      ? outboxContent("manager_referrals.ask.service", { client: client.name, service })
      : outboxContent("manager_referrals.ask.named", { client: client.name, target: referral.target })),
    actions: managerActions(referral.id),
    dueAt: at,
  });
}

/** The client is asked about a service they know by name in their language, with check-in consent (and messaging). */
async function askClient(deps: Pick<CoreDeps, "clock" | "ids">, repositories: Repositories, referral: Referral, client: Client, at: Date): Promise<boolean> {
  const service = askedService(referral);
  if (!service || client.status !== "open" || client.anonymizedAt) return false;
  if (!hasCurrentConsent(await repositories.consents.listForClient(client.id), "plan_checkins")) return false;
  return planClientMessage(deps, repositories, {
    dedupeKey: `${checkInPrefixOf(referral.id)}${at.getTime()}`,
    tenantId: referral.tenantId,
    recipientId: client.id,
    ...outboxContent("referrals.check_in.question", { service }),
    actions: clientActions(referral.id),
    dueAt: at,
  });
}

export interface PlannedFollowUp {
  managerAsked: boolean;
  clientAsked: boolean;
}

/**
 * Plans what the referral's follow-up asks, after any change of the referral: questions of an earlier date not yet
 * sent are cancelled; an open referral with a follow-up date asks its manager (and its client, see `askClient`) then.
 * Planning the same date again keeps one row each (a row already sent stays as it is); a settled referral asks nobody.
 */
export async function planReferralFollowUp(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Repositories,
  referral: Referral,
  client: Client,
): Promise<PlannedFollowUp> {
  await repositories.outbox.cancelPendingByPrefix(referralAskPrefix(referral.id));
  await repositories.outbox.cancelPendingByPrefix(checkInPrefixOf(referral.id));
  if (referral.status !== "open") await repositories.outbox.cancelPendingByPrefix(offerQuestionPrefix(referral.id));
  const at = referral.followUpAt;
  if (referral.status !== "open" || !at) return { managerAsked: false, clientAsked: false };
  await askManager(deps, repositories, referral, client, at);
  return { managerAsked: true, clientAsked: await askClient(deps, repositories, referral, client, at) };
}
