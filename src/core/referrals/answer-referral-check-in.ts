import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, notFound } from "../errors.ts";
import { outboxContent } from "../outbox/message-kinds.ts";
import type { OutboxAction } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { escalationDueAt } from "../reminders/manager-times.ts";
import { clientZone, loadReminderSettings } from "../reminders/recipient-zone.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { followUpOn, planReferralFollowUp } from "./follow-up.ts";
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
  if (actor.kind !== "client") throw forbidden(`${actor.kind} does not answer referral check-ins`);
  return deps.store.transaction(async (repositories) => {
    const referral = await repositories.referrals.get(parsed.referralId);
    if (!referral || referral.targetKind !== "service") throw notFound("referral", parsed.referralId);
    if (referral.clientId !== actor.clientId) throw forbidden("not the client's referral");
    if (referral.status !== "open") throw new DomainError("conflict", "already settled");
    const client = await repositories.clients.get(referral.clientId);
    if (!client) throw notFound("client", referral.clientId);
    const now = deps.clock.now();
    const zone = await clientZone(repositories, client, deps.defaultZone);
    const next: Referral =
      parsed.answer === "yes"
        ? { ...referral, status: "attended", followUpAt: null }
        : parsed.answer === "not_yet"
          ? { ...referral, followUpAt: followUpOn(now, zone) }
          : referral;
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
