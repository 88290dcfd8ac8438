import { outboxContent } from "../outbox/message-kinds.ts";
import type { CoreDeps } from "../deps.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { DueReview } from "../plans/list-reviews-due.ts";
import { addLocalDays, localParts } from "../shared/zoned-time.ts";
import { reviewNudgeDueAt } from "./manager-times.ts";
import { reviewsDueForRecipient } from "./reviews-due.ts";
import type { ReminderSettings } from "./settings.ts";
import { emptySweep, listStaffRecipients, localIsoDate, type StaffRecipient, type SweepReport } from "./staff-recipients.ts";

export const reviewDigestMessageKey = "manager_jobs.review.digest";

const dayMs = 86_400_000;
const monday = 1;

export const reviewDigestDedupeKey = (managerId: string, isoDate: string): string => `mgr:${managerId}:review-digest:${isoDate}`;

/** The next Monday at the review-nudge time (08:00, tenant setting) in the zone, strictly after `now`. */
export function weeklyDigestDueAt(now: Date, zone: string, settings: Pick<ReminderSettings, "reviewNudgeAt" | "quietHours">): Date {
  const today = localParts(now, zone);
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  const untilMonday = (monday - weekday + 7) % 7;
  const candidate = reviewNudgeDueAt(addLocalDays(today, untilMonday), zone, settings);
  return candidate.getTime() > now.getTime() ? candidate : reviewNudgeDueAt(addLocalDays(today, untilMonday + 7), zone, settings);
}

/** Counts and the oldest date only: a supervisor opens /review for the list (supervisors see aggregates and caseloads). */
export function reviewDigestMessage(recipient: StaffRecipient, overdue: DueReview[], dueAt: Date, isoDate: string): PlannedMessage {
  const oldest = overdue.reduce((min, review) => (review.nextReviewAt < min ? review.nextReviewAt : min), overdue[0]?.nextReviewAt ?? dueAt);
  return {
    dedupeKey: reviewDigestDedupeKey(recipient.manager.id, isoDate),
    tenantId: recipient.tenant.id,
    recipientKind: "manager",
    recipientId: recipient.manager.id,
    clientId: null,
    ...outboxContent(reviewDigestMessageKey, { overdue: overdue.length, oldestDate: localIsoDate(localParts(oldest, recipient.zone)) }),
    actions: [],
    dueAt,
  };
}

/**
 * Sweep: the weekly digest of overdue reviews of the tenant for each supervisor (Fachaufsicht), Monday 08:00 in
 * their zone, planned in the 24 hours before and refreshed by every run; none when nothing is overdue. Reads
 * through the repositories: no audit entry per run (the digest itself stays on record in the outbox).
 */
export async function planReviewDigests(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  const now = deps.clock.now();
  for (const recipient of await listStaffRecipients(deps.store, ["supervisor"])) {
    const dueAt = weeklyDigestDueAt(now, recipient.zone, recipient.settings);
    if (dueAt.getTime() - now.getTime() > dayMs) continue;
    const isoDate = localIsoDate(localParts(dueAt, recipient.zone));
    await deps.store.transaction(async (repositories) => {
      const overdue = (await reviewsDueForRecipient(repositories, recipient, { scope: "tenant", dueBy: now, now })).filter((review) => review.overdue);
      if (overdue.length > 0) {
        await planMessage(deps, repositories, reviewDigestMessage(recipient, overdue, dueAt, isoDate));
        report.planned += 1;
      } else {
        report.cancelled += await repositories.outbox.cancelPendingByPrefix(reviewDigestDedupeKey(recipient.manager.id, isoDate));
      }
    });
  }
  return report;
}
