import { outboxContent, type OutboxMessageKey, type OutboxStep } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Client } from "../cases/model.ts";
import type { Repositories } from "../ports/store.ts";
import type { Referral } from "../referrals/model.ts";
import { escalationDueAt } from "../reminders/manager-times.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { openReferralOfClient, referralAfterAnswer } from "../referrals/client-answer.ts";
import { planReferralFollowUp } from "../referrals/follow-up.ts";
import { offerOutboxParams, viewOffer } from "./offer-view.ts";
import { planFollowUp } from "./share-offer.ts";

export const followUpAnswers = ["yes", "not_yet", "need_help"] as const;
export type FollowUpAnswer = (typeof followUpAnswers)[number];

export const answerFollowUpInput = z.object({ referralId: idSchema, answer: z.enum(followUpAnswers) });

const managerKeys: Record<FollowUpAnswer, OutboxMessageKey> = {
  yes: "manager_offers.followup.attended",
  not_yet: "manager_offers.followup.not_yet",
  need_help: "manager_offers.followup.need_help",
};

/** The offer's title in the client's language (marked when it is German), found by its German title among the municipality's offers. */
async function titleForClient(repositories: Repositories, client: Client, germanTitle: string, zone: string): Promise<string | OutboxStep> {
  if (!client.municipalityId) return germanTitle;
  const offers = await repositories.localOffers.listForMunicipalities([client.municipalityId]);
  const offer = offers.find((o) => o.texts.de?.title.slice(0, 200) === germanTitle);
  return offer ? offerOutboxParams(viewOffer(offer, client.language, zone)).title : germanTitle;
}

/**
 * The client answers "Did you go?" after a referral to a local offer: yes closes it as attended; not yet asks again
 * in a week; I need help tells the manager at once. The manager hears every answer.
 */
export async function answerOfferFollowUp(deps: CoreDeps, actor: Actor, input: unknown): Promise<Referral> {
  const parsed = parseInput(answerFollowUpInput, input);
  return deps.store.transaction(async (repositories) => {
    const { referral, client, zone } = await openReferralOfClient(repositories, actor, parsed.referralId, "offer", deps.defaultZone);
    const now = deps.clock.now();
    const next = referralAfterAnswer(referral, parsed.answer, now, zone, "stop asking");
    await repositories.referrals.update(next);
    if (parsed.answer === "not_yet" && next.followUpAt) {
      await planFollowUp(deps, repositories, next, await titleForClient(repositories, client, referral.target, zone), next.followUpAt);
    }
    // The manager's question of the day follows the answer: dropped when settled, a week later after "not yet".
    await planReferralFollowUp(deps, repositories, next, client);
    const settings = await loadReminderSettings(repositories, referral.tenantId);
    await planMessage(deps, repositories, {
      dedupeKey: `referral:${referral.id}:answer:${parsed.answer}:${now.getTime()}`,
      tenantId: referral.tenantId,
      recipientKind: "manager",
      recipientId: referral.managerId,
      clientId: client.id,
      ...outboxContent(managerKeys[parsed.answer], { client: client.name, title: referral.target }),
      actions: [],
      dueAt: parsed.answer === "need_help" ? escalationDueAt(now, zone, settings) : now,
    });
    await recordAudit(deps, repositories, actor, {
      action: `referral.answer:${parsed.answer}`,
      subjectKind: "referral",
      subjectId: referral.id,
      tenantId: referral.tenantId,
      clientId: client.id,
    });
    return next;
  });
}
