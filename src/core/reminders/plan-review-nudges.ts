import { outboxContent } from "../outbox/message-kinds.ts";
import { dueReviewButtons } from "../chat/review-flow.ts";
import type { CoreDeps } from "../deps.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { DueReview } from "../plans/list-reviews-due.ts";
import { addLocalDays, localParts } from "../shared/zoned-time.ts";
import { reviewNudgeDueAt } from "./manager-times.ts";
import { reviewsDueForRecipient } from "./reviews-due.ts";
import { emptySweep, listStaffRecipients, localIsoDate, type StaffRecipient, type SweepReport } from "./staff-recipients.ts";

export const reviewNudgeMessageKey = "manager_jobs.review.nudge";
export const reviewOverdueMessageKey = "manager_jobs.review.overdue";

const dayMs = 86_400_000;
const weekDays = 7;

export const reviewNudgePrefix = (managerId: string): string => `mgr:${managerId}:review:`;

/** The nudges of one review date of a plan share this key: a new date (snoozed, reviewed) is a new series. */
const reviewNudgeBase = (managerId: string, planId: string, nextReviewAt: Date): string => `${reviewNudgePrefix(managerId)}${planId}:${nextReviewAt.getTime()}`;

/** The key names the plan, its review date and the week: week 0 on the due day, week 1, 2, … while it is overdue. */
export const reviewNudgeDedupeKey = (managerId: string, planId: string, nextReviewAt: Date, week = 0): string =>
  `${reviewNudgeBase(managerId, planId, nextReviewAt)}${week > 0 ? `:w${week}` : ""}`;

const ofSeries = (key: string, base: string): boolean => key === base || key.startsWith(`${base}:`);

function reviewNudgeMessage(recipient: StaffRecipient, review: DueReview, week: number, dueAt: Date): PlannedMessage {
  const params = { name: review.name, reviewDate: localIsoDate(localParts(review.nextReviewAt, recipient.zone)) };
  return {
    dedupeKey: reviewNudgeDedupeKey(recipient.manager.id, review.planId, review.nextReviewAt, week),
    tenantId: recipient.tenant.id,
    recipientKind: "manager",
    recipientId: recipient.manager.id,
    clientId: review.clientId,
    ...(week === 0 ? outboxContent(reviewNudgeMessageKey, params) : outboxContent(reviewOverdueMessageKey, params)),
    actions: dueReviewButtons(review.planId).flat(),
    dueAt,
  };
}

/** Nudge number `week` of a review: 08:00 (tenant setting) in the manager's zone on the due day, then every seventh day. */
function nudgeDueAt(review: Pick<DueReview, "nextReviewAt">, recipient: Pick<StaffRecipient, "zone" | "settings">, week: number): Date {
  const due = localParts(review.nextReviewAt, recipient.zone);
  return reviewNudgeDueAt(addLocalDays({ year: due.year, month: due.month, day: due.day }, week * weekDays), recipient.zone, recipient.settings);
}

/** The first nudge of a review that is still ahead of `now`: the due day's, or the next weekly one while it is overdue. */
function nextNudge(review: DueReview, recipient: StaffRecipient, now: Date): { week: number; dueAt: Date } {
  let week = Math.max(0, Math.floor((now.getTime() - review.nextReviewAt.getTime()) / (weekDays * dayMs)) - 1);
  let dueAt = nudgeDueAt(review, recipient, week);
  while (dueAt.getTime() <= now.getTime()) {
    week += 1;
    dueAt = nudgeDueAt(review, recipient, week);
  }
  return { week, dueAt };
}

/**
 * Sweep: a nudge to the manager for each plan of their caseload whose review (Fortschreibung) is due: at 08:00 in
 * their zone on the due day, and again every week at that time while the review is overdue, each planned once its
 * time is within the next 24 hours. A pending nudge is cancelled only when its review is no longer due at that date
 * (reviewed, snoozed, case closed); one whose time has come but that the dispatcher has not sent yet stays. The sweep
 * reads through the repositories (it is the system, not a person reading): no audit entry per run; the nudges
 * themselves stay on record in the outbox.
 */
export async function planReviewNudges(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  const now = deps.clock.now();
  const horizon = now.getTime() + dayMs;
  for (const recipient of await listStaffRecipients(deps.store)) {
    await deps.store.transaction(async (repositories) => {
      const due = await reviewsDueForRecipient(repositories, recipient, { dueBy: new Date(now.getTime() + 2 * dayMs), now, scope: "caseload" });
      const bases = due.map((review) => reviewNudgeBase(recipient.manager.id, review.planId, review.nextReviewAt));
      for (const review of due) {
        const { week, dueAt } = nextNudge(review, recipient, now);
        if (dueAt.getTime() > horizon) continue;
        await planMessage(deps, repositories, reviewNudgeMessage(recipient, review, week, dueAt));
        report.planned += 1;
      }
      const pending = await repositories.outbox.listPendingForRecipient("manager", recipient.manager.id);
      const stale = pending.filter(
        (m) => m.dedupeKey.startsWith(reviewNudgePrefix(recipient.manager.id)) && !bases.some((base) => ofSeries(m.dedupeKey, base)),
      );
      for (const message of stale) report.cancelled += await repositories.outbox.cancelPendingByPrefix(message.dedupeKey);
    });
  }
  return report;
}
