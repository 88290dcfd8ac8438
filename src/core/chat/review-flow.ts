import type { Outbound } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import { completeReview } from "../plans/complete-review.ts";
import { listReviewsDue } from "../plans/list-reviews-due.ts";
import { setReviewDate } from "../plans/set-review-date.ts";
import type { ChatContext } from "./chat-context.ts";
import { reviewDoneAction, reviewSnoozeAction } from "./chat-actions.ts";

const maxReviewMessages = 10;
const snoozeMs = 7 * 24 * 60 * 60 * 1000;

/** /review: one message per plan due for review (Fortschreibung), each with "done" and "snooze one week". */
export async function reviewsDueReply(context: ChatContext): Promise<Outbound[]> {
  const due = await listReviewsDue(context.deps, context.actor, {});
  if (due.length === 0) return [say("manager.review.none")];
  const shown = due.slice(0, maxReviewMessages);
  const messages = shown.map((review): Outbound => ({
    parts: [
      {
        key: review.overdue ? "manager.review.overdue" : "manager.review.due",
        params: { name: review.name, dueAt: { t: "date", iso: review.nextReviewAt.toISOString(), zone: context.zone } },
      },
    ],
    buttons: [
      [
        { labelKey: "manager.review.done_button", data: reviewDoneAction.encode(review.planId) },
        { labelKey: "manager.review.snooze_button", data: reviewSnoozeAction.encode(review.planId) },
      ],
    ],
  }));
  return due.length > shown.length ? [...messages, say("manager.review.more", { count: due.length - shown.length })] : messages;
}

/** "Review done": the plan moves to its next version; the next review is set by default (six months). */
export async function reviewDone(context: ChatContext, planId: string): Promise<Outbound[]> {
  const { plan } = await completeReview(context.deps, context.actor, { planId });
  const next = plan.nextReviewAt ? { t: "date" as const, iso: plan.nextReviewAt.toISOString(), zone: context.zone } : "";
  return [{ ...say("manager.review.done", { version: plan.version, nextReviewAt: next }), edit: true }];
}

/** "Snooze one week": the review date moves seven days from now. */
export async function reviewSnooze(context: ChatContext, planId: string): Promise<Outbound[]> {
  const nextReviewAt = new Date(context.deps.clock.now().getTime() + snoozeMs);
  await setReviewDate(context.deps, context.actor, { planId, nextReviewAt });
  return [{ ...say("manager.review.snoozed", { nextReviewAt: { t: "date", iso: nextReviewAt.toISOString(), zone: context.zone } }), edit: true }];
}
