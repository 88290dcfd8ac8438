import type { Action } from "../dialog/action-codec.ts";
import type { Outbound } from "../dialog/messages.ts";
import { say } from "../dialog/messages.ts";
import { listReviewsDue } from "../plans/list-reviews-due.ts";
import { localDayInDays, localDayInMonths, reviewDateOn } from "../plans/review-dates.ts";
import { setReviewDate } from "../plans/set-review-date.ts";
import { appointmentForm } from "./appointment-form.ts";
import { startCaseForm } from "./case-forms.ts";
import type { ChatContext } from "./chat-context.ts";
import { stepPrefill } from "./plan-flow.ts";
import { reviewAppointmentAction, reviewBeginAction, reviewGoalAction, reviewNewGoalAction, reviewNextAction, reviewSnoozeAction } from "./review-actions.ts";
import { beginReviewConversation, completeReviewConversation, decideGoal } from "./review-conversation.ts";
import { reviewDateForm, reviewGoalForm, reviewStepForm, rewordGoalForm } from "./review-forms.ts";

const maxReviewMessages = 10;
const snoozeDays = 7;

/** The buttons under a review that is due: begin it, book the appointment for it, or snooze it a week. */
export const dueReviewButtons = (planId: string) => [
  [{ labelKey: "manager.review.begin_button", data: reviewBeginAction.encode(planId) }],
  [
    { labelKey: "manager.review.appointment_button", data: reviewAppointmentAction.encode(planId) },
    { labelKey: "manager.review.snooze_button", data: reviewSnoozeAction.encode(planId) },
  ],
];

/**
 * /review: one message per plan due for review (Fortschreibung) by the end of today in the manager's zone (a review
 * date is a day: due all of it, overdue from the next), each with "begin", "appointment" and "snooze one week".
 */
export async function reviewsDueReply(context: ChatContext): Promise<Outbound[]> {
  const now = context.deps.clock.now();
  const startOfToday = new Date(reviewDateOn(localDayInDays(now, context.zone, -1), context.zone).getTime() + 1);
  const endOfToday = reviewDateOn(localDayInDays(now, context.zone, 0), context.zone);
  const due = await listReviewsDue(context.deps, context.actor, { dueBy: endOfToday });
  if (due.length === 0) return [say("manager.review.none")];
  const shown = due.slice(0, maxReviewMessages);
  const messages = shown.map((review): Outbound => ({
    parts: [
      {
        key: review.nextReviewAt < startOfToday ? "manager.review.overdue" : "manager.review.due",
        params: { name: review.name, dueAt: { t: "date", iso: review.nextReviewAt.toISOString(), zone: context.zone } },
      },
    ],
    buttons: dueReviewButtons(review.planId),
  }));
  return due.length > shown.length ? [...messages, say("manager.review.more", { count: due.length - shown.length })] : messages;
}

/** "Snooze one week": the review is due seven days from today. */
async function reviewSnooze(context: ChatContext, planId: string): Promise<Outbound[]> {
  const nextReviewAt = reviewDateOn(localDayInDays(context.deps.clock.now(), context.zone, snoozeDays), context.zone);
  await setReviewDate(context.deps, context.actor, { planId, nextReviewAt });
  return [{ ...say("manager.review.snoozed", { nextReviewAt: { t: "date", iso: nextReviewAt.toISOString(), zone: context.zone } }), edit: true }];
}

/** "Book the review appointment": the appointment form with the kind "plan review" and, for a person's plan, the person. */
async function bookReviewAppointment(context: ChatContext, planId: string): Promise<Outbound[]> {
  const plan = await context.deps.store.plans.get(planId);
  return startCaseForm(context, { planId }, appointmentForm, { kind: "plan_review", ...(plan?.clientId ? { client: plan.clientId } : {}) });
}

/** The review's buttons; null when the action is not one of them. */
export async function routeReviewAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const begin = reviewBeginAction.match(action);
  if (begin) return beginReviewConversation(context, begin[0]);
  const snooze = reviewSnoozeAction.match(action);
  if (snooze) return reviewSnooze(context, snooze[0]);
  const appointment = reviewAppointmentAction.match(action);
  if (appointment) return bookReviewAppointment(context, appointment[0]);
  const goal = reviewGoalAction.match(action);
  if (goal) {
    const [planId, goalId, code] = goal;
    if (code === "c") return startCaseForm(context, { planId }, rewordGoalForm, { plan: planId, goal: goalId });
    if (code === "s") return startCaseForm(context, { planId }, reviewStepForm, await stepPrefill(context, planId, goalId));
    return decideGoal(context, planId, goalId, code);
  }
  const next = reviewNextAction.match(action);
  if (next) {
    const [planId, version, code] = next;
    if (code === "o") return startCaseForm(context, { planId }, reviewDateForm, { plan: planId, version });
    const day = localDayInMonths(context.deps.clock.now(), context.zone, Number(code));
    return completeReviewConversation(context, planId, Number(version), reviewDateOn(day, context.zone));
  }
  const newGoal = reviewNewGoalAction.match(action);
  if (newGoal) return startCaseForm(context, { planId: newGoal[0] }, reviewGoalForm, { plan: newGoal[0] });
  return null;
}
