import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import type { OutboxAction } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { escalationDueAt } from "../reminders/manager-times.ts";
import { loadReminderSettings } from "../reminders/recipient-zone.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { openReferralOfClient, referralAfterAnswer } from "./client-answer.ts";
import { planReferralFollowUp } from "./follow-up.ts";
import type { Referral } from "./model.ts";

export const referralCheckInAnswers = ["yes", "not_yet", "need_help"] as const;
export type ReferralCheckInAnswer = (typeof referralCheckInAnswers)[number];

/** What the manager is told: the client's answer, and after "not yet" the day of the next question. */
function answerNotice(answer: ReferralCheckInAnswer, names: { client: string; service: string }, next: Referral) {
  if (answer === "not_yet") return outboxContent("manager_referrals.answer.not_yet", { ...names, next: (next.followUpAt ?? new Date(0)).toISOString() });
  return answer === "yes" ? outboxContent("manager_referrals.answer.yes", names) : outboxContent("manager_referrals.answer.need_help", names);
}

export const answerReferralCheckInInput = z.object({ referralId: idSchema, answer: z.enum(referralCheckInAnswers) });

/**
 * The client answers "Were you at the Jobcenter?" with one tap. Yes records the referral as attended (the manager's
 * question of that day, if not sent yet, is dropped); not yet asks both again in a week; I need help leaves it open and
 * due. The manager hears every answer: need help at once (out of the quiet hours) with the card one tap away.
 */
export async function answerReferralCheckIn(deps: CoreDeps, actor: Actor, input: unknown): Promise<Referral> {
  const parsed = parseInput(answerReferralCheckInInput, input);
  return deps.store.transaction(async (repositories) => {
    const { referral, client, zone } = await openReferralOfClient(repositories, actor, parsed.referralId, "service", deps.defaultZone);
    const now = deps.clock.now();
    const next = referralAfterAnswer(referral, parsed.answer, now, zone, "keep asking");
    if (next !== referral) {
      await repositories.referrals.update(next);
      await planReferralFollowUp(deps, repositories, next, client);
    }
    const settings = await loadReminderSettings(repositories, referral.tenantId);
    const actions: OutboxAction[] =
      parsed.answer === "need_help" ? [{ labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) }] : [];
    await planMessage(deps, repositories, {
      dedupeKey: `referral:${referral.id}:answer:${parsed.answer}:${now.getTime()}`,
      tenantId: referral.tenantId,
      recipientKind: "manager",
      recipientId: referral.managerId,
      clientId: client.id,
      ...answerNotice(parsed.answer, { client: client.name, service: referral.target }, next),
      actions,
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
