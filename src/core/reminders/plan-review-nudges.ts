import { outboxContent } from "../outbox/message-kinds.ts";
import { reviewDoneAction, reviewSnoozeAction } from "../chat/chat-actions.ts";
import type { CoreDeps } from "../deps.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { DueReview } from "../plans/list-reviews-due.ts";
import { localParts } from "../shared/zoned-time.ts";
import { reviewNudgeDueAt } from "./manager-times.ts";
import { reviewsDueForRecipient } from "./reviews-due.ts";
import { emptySweep, listStaffRecipients, localIsoDate, type StaffRecipient, type SweepReport } from "./staff-recipients.ts";

export const reviewNudgeMessageKey = "manager_jobs.review.nudge";

const dayMs = 86_400_000;

export const reviewNudgePrefix = (managerId: string): string => `mgr:${managerId}:review:`;

/** The key names the plan and its review date: a new date (snoozed, reviewed) is a new nudge. */
export const reviewNudgeDedupeKey = (managerId: string, planId: string, nextReviewAt: Date): string =>
  `${reviewNudgePrefix(managerId)}${planId}:${nextReviewAt.getTime()}`;

export function reviewNudgeMessage(recipient: StaffRecipient, review: DueReview, dueAt: Date): PlannedMessage {
  return {
    dedupeKey: reviewNudgeDedupeKey(recipient.manager.id, review.planId, review.nextReviewAt),
    tenantId: recipient.tenant.id,
    recipientKind: "manager",
    recipientId: recipient.manager.id,
    clientId: review.clientId,
    ...outboxContent(reviewNudgeMessageKey, { name: review.name, reviewDate: localIsoDate(localParts(review.nextReviewAt, recipient.zone)) }),
    actions: [
      { labelKey: "manager.review.done_button", data: reviewDoneAction.encode(review.planId) },
      { labelKey: "manager.review.snooze_button", data: reviewSnoozeAction.encode(review.planId) },
    ],
    dueAt,
  };
}

/** When the nudge for a review goes out: 08:00 (tenant setting) in the manager's zone on the review's day. */
export function nudgeDueAt(review: Pick<DueReview, "nextReviewAt">, recipient: Pick<StaffRecipient, "zone" | "settings">): Date {
  const day = localParts(review.nextReviewAt, recipient.zone);
  return reviewNudgeDueAt({ year: day.year, month: day.month, day: day.day }, recipient.zone, recipient.settings);
}

/**
 * Sweep: a nudge to the manager for each plan of their caseload whose review (Fortschreibung) falls on a day whose
 * 08:00 is within the next 24 hours. Pending nudges for reviews that are no longer due then (done, snoozed, case
 * closed) are cancelled. The sweep reads through the repositories (it is the system, not a person reading): no audit
 * entry per run; the nudges themselves stay on record in the outbox.
 */
export async function planReviewNudges(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  const now = deps.clock.now();
  const horizon = now.getTime() + dayMs;
  for (const recipient of await listStaffRecipients(deps.store)) {
    await deps.store.transaction(async (repositories) => {
      const due = await reviewsDueForRecipient(repositories, recipient, { dueBy: new Date(now.getTime() + 2 * dayMs), now, scope: "caseload" });
      const planned = due
        .map((review) => reviewNudgeMessage(recipient, review, nudgeDueAt(review, recipient)))
        .filter((message) => message.dueAt.getTime() > now.getTime() && message.dueAt.getTime() <= horizon);
      const keys = new Set(planned.map((message) => message.dedupeKey));
      for (const message of planned) await planMessage(deps, repositories, message);
      report.planned += planned.length;
      const pending = await repositories.outbox.listPendingForRecipient("manager", recipient.manager.id);
      for (const stale of pending.filter((m) => m.dedupeKey.startsWith(reviewNudgePrefix(recipient.manager.id)) && !keys.has(m.dedupeKey))) {
        report.cancelled += await repositories.outbox.cancelPendingByPrefix(stale.dedupeKey);
      }
    });
  }
  return report;
}
