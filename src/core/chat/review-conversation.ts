import { DomainError } from "../errors.ts";
import { say, type Button, type Outbound, type TextPart } from "../dialog/messages.ts";
import { beginReview } from "../plans/begin-review.ts";
import { completeReview } from "../plans/complete-review.ts";
import { editGoal } from "../plans/edit-goal.ts";
import type { GoalStatus, IntegrationPlan } from "../plans/model.ts";
import type { GoalView, PlanView } from "../plans/plan-view.ts";
import { readPlan } from "../plans/read-plan.ts";
import { assertCaseWritable } from "./case-forms.ts";
import { planHistoryAction } from "./plan-actions.ts";
import { changeLines } from "./plan-history.ts";
import { goalStatusKeys, goalTitle, keyParam, stepPart, type PlanContext } from "./plan-message.ts";
import { reviewAppointmentAction, reviewGoalAction, reviewNewGoalAction, reviewNextAction } from "./review-actions.ts";

/**
 * The review (Fortschreibung) as a conversation: the plan's open goals one by one (achieved, keep, change the
 * wording, drop, or a new step first), then new goals and the next review date; completing it records the next
 * version and says what changed. Each goal's outcome is saved when it is tapped, so a review left halfway keeps what
 * was decided and can be taken up again from the plan view or /review.
 */

/** Goals a review goes through: those still being worked on. Achieved and dropped goals stay as they are. */
const underReview = (goal: GoalView): boolean => goal.status === "open" || goal.status === "in_progress";

/** The goal's number in the plan (as the plan view and the history count). */
const goalNumber = (view: PlanView, goalId: string): number => view.goals.findIndex((goal) => goal.id === goalId) + 1;

async function planName(context: PlanContext, plan: IntegrationPlan): Promise<string> {
  if (plan.clientId) return (await context.deps.store.clients.get(plan.clientId))?.name ?? "";
  return plan.householdId ? ((await context.deps.store.households.get(plan.householdId))?.label ?? "") : "";
}

/** One goal with its steps and the buttons for its outcome. */
function goalMessage(context: PlanContext, view: PlanView, goal: GoalView): Outbound {
  const n = goalNumber(view, goal.id);
  const parts: TextPart[] = [
    {
      key: "manager.review.goal",
      params: { n, total: view.goals.length, area: keyParam(`areas.${goal.area}`), text: goalTitle(goal), status: keyParam(goalStatusKeys[goal.status]) },
    },
    ...goal.steps.map((step, index) => stepPart(step, `${n}.${index + 1}`, context.zone)),
  ];
  const choice = (labelKey: string, code: "a" | "k" | "c" | "x" | "s"): Button => ({ labelKey, data: reviewGoalAction.encode(view.plan.id, goal.id, code) });
  return {
    parts,
    buttons: [
      [choice("manager.review.achieved_button", "a"), choice("manager.review.keep_button", "k")],
      [choice("manager.review.change_button", "c"), choice("manager.review.drop_button", "x")],
      [choice("manager.review.step_button", "s")],
    ],
  };
}

/** The next review in so many months (literal keys: the i18n check sees them). */
const nextReviewLabels = {
  "3": "manager.review.next_months.in_3",
  "6": "manager.review.next_months.in_6",
  "12": "manager.review.next_months.in_12",
} as const;

/** After the goals: a new goal, or the next review date (which completes the review). */
export function finishMessage(plan: Pick<IntegrationPlan, "id" | "version">): Outbound {
  const next = (code: keyof typeof nextReviewLabels): Button => ({
    labelKey: nextReviewLabels[code],
    data: reviewNextAction.encode(plan.id, String(plan.version), code),
  });
  return {
    parts: [{ key: "manager.review.finish" }],
    buttons: [
      [next("3"), next("6"), next("12")],
      [
        { labelKey: "manager.review.other_date_button", data: reviewNextAction.encode(plan.id, String(plan.version), "o") },
        { labelKey: "manager.review.new_goal_button", data: reviewNewGoalAction.encode(plan.id) },
      ],
    ],
  };
}

/** The first goal under review after `afterGoalId` (from the first without it), or the end of the review. */
function nextMessage(context: PlanContext, view: PlanView, afterGoalId?: string): Outbound {
  const from = afterGoalId === undefined ? 0 : view.goals.findIndex((goal) => goal.id === afterGoalId) + 1;
  const next = view.goals.slice(from).find(underReview);
  return next ? goalMessage(context, view, next) : finishMessage(view.plan);
}

/** "Begin the review": the plan is kept on record as it stands, then its first open goal. */
export async function beginReviewConversation(context: PlanContext, planId: string): Promise<Outbound[]> {
  const plan = await beginReview(context.deps, context.actor, { planId });
  const view = await readPlan(context.deps, context.actor, { planId });
  const open = view.goals.filter(underReview).length;
  return [say("manager.review.begin", { name: await planName(context, plan), version: plan.version, count: open }), nextMessage(context, view)];
}

/** The same goal again (after a new step was added to it): its outcome is still to be given. */
export async function goalAgain(context: PlanContext, planId: string, goalId: string): Promise<Outbound[]> {
  const view = await readPlan(context.deps, context.actor, { planId });
  const goal = view.goals.find((candidate) => candidate.id === goalId);
  return goal ? [goalMessage(context, view, goal)] : [];
}

const decidedKeys = {
  achieved: "manager.review.decided.achieved",
  dropped: "manager.review.decided.dropped",
  kept: "manager.review.decided.kept",
  reworded: "manager.review.decided.reworded",
} as const;

/**
 * A goal's outcome was saved: it is named (replacing the goal's buttons, so they cannot be tapped twice), then the next
 * goal. A goal of another plan (a crafted button) is out of date.
 */
export async function afterDecision(
  context: PlanContext,
  planId: string,
  goalId: string,
  outcome: keyof typeof decidedKeys,
  edit: boolean,
): Promise<Outbound[]> {
  const view = await readPlan(context.deps, context.actor, { planId });
  const goal = view.goals.find((candidate) => candidate.id === goalId);
  if (!goal) return [say("dialog.stale")];
  // A reworded goal names its new words (a catalogue goal: its note); the others the goal as the plan shows it.
  const text = outcome === "reworded" ? goal.text : goalTitle(goal);
  const decided: Outbound = { ...say(decidedKeys[outcome], { n: goalNumber(view, goalId), text }), ...(edit ? { edit: true } : {}) };
  return [decided, nextMessage(context, view, goalId)];
}

const statusOf = { a: "achieved", x: "dropped" } as const satisfies Record<string, GoalStatus>;

/** Achieved or dropped (saved at once, counted in the funding report), or kept as it is. */
export async function decideGoal(context: PlanContext, planId: string, goalId: string, code: "a" | "x" | "k"): Promise<Outbound[]> {
  // Every outcome takes the right to change the plan, keeping too (it changes nothing, but it is part of a review).
  await assertCaseWritable(context.deps, context.actor, { planId });
  if ((await context.deps.store.goals.get(goalId))?.planId !== planId) return [say("dialog.stale")];
  if (code === "k") return afterDecision(context, planId, goalId, "kept", true);
  const status = statusOf[code];
  await editGoal(context.deps, context.actor, { goalId, status });
  return afterDecision(context, planId, goalId, status, true);
}

/**
 * Completes the review with the next review date: the next version is recorded and what changed is listed. A second
 * completion of the same review (a double tap, the date typed after a tap) changes nothing and says so.
 */
export async function completeReviewConversation(context: PlanContext, planId: string, fromVersion: number, nextReviewAt: Date): Promise<Outbound[]> {
  try {
    const { plan, changes } = await completeReview(context.deps, context.actor, { planId, nextReviewAt, fromVersion });
    const next = { t: "date" as const, iso: nextReviewAt.toISOString(), zone: context.zone };
    const changed: TextPart =
      changes.length > 0
        ? { key: "manager.review.changes", params: { previous: fromVersion, changes: { t: "lines", items: changeLines(changes) } } }
        : { key: "manager.review.unchanged", params: { previous: fromVersion } };
    return [
      {
        parts: [{ key: "manager.review.done", params: { version: plan.version, nextReviewAt: next } }, changed],
        buttons: [
          [
            { labelKey: "manager.review.appointment_button", data: reviewAppointmentAction.encode(plan.id) },
            { labelKey: "manager.plan.history_button", data: planHistoryAction.encode(plan.id) },
          ],
        ],
      },
    ];
  } catch (error) {
    const current = error instanceof DomainError && error.code === "conflict" ? error.issues.find((issue) => issue.path === "fromVersion")?.message : undefined;
    if (current === undefined) throw error;
    return [say("manager.review.already_done", { version: Number(current) })];
  }
}
