import { z } from "zod";
import { defineForm, type FormContext, type FormSubmitted } from "../dialog/form.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { editGoal } from "../plans/edit-goal.ts";
import { readPlan } from "../plans/read-plan.ts";
import { localDayInDays, reviewDateOn } from "../plans/review-dates.ts";
import { planTextSchema } from "../plans/values.ts";
import { localParts } from "../shared/zoned-time.ts";
import { addGoalForm, addStepForm } from "./plan-forms.ts";
import { afterDecision, completeReviewConversation, finishMessage, goalAgain } from "./review-conversation.ts";
import { isStaffManager } from "./staff-options.ts";

/** Forms the review (Fortschreibung) starts; plan, goal and version come from its buttons (text fields, so a card carries them). */

const given = (name: string) => ({ name, type: "text", promptKey: "manager.review.title", maxLength: 26 }) as const;

/** "Change": the goal's new wording; then the next goal. */
export const rewordGoalForm = defineForm({
  id: "rvword",
  titleKey: "manager.review.reword_form.title",
  schema: z.object({ plan: z.string().min(1), goal: z.string().min(1), text: planTextSchema }),
  allowed: isStaffManager,
  fields: [
    given("plan"),
    given("goal"),
    { name: "text", type: "text", promptKey: "manager.review.reword_form.text", labelKey: "manager.review.reword_form.text_label", maxLength: 300 },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    await editGoal(context.deps, context.actor, { goalId: values.goal, text: values.text });
    return afterDecision(context, values.plan, values.goal, "reworded", false);
  },
});

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** "Another day" for the next review: a calendar day from tomorrow on; then the review is complete. */
export const reviewDateForm = defineForm({
  id: "rvdate",
  titleKey: "manager.review.date_form.title",
  schema: z.object({ plan: z.string().min(1), version: z.string().regex(/^\d{1,6}$/), day: z.string().regex(isoDay) }),
  allowed: isStaffManager,
  fields: [
    given("plan"),
    given("version"),
    { name: "day", type: "date", promptKey: "manager.review.date_form.day", labelKey: "manager.review.date_form.day_label" },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const [year = 0, month = 0, day = 0] = values.day.split("-").map(Number);
    const chosen = { year, month, day };
    const today = localParts(context.deps.clock.now(), context.zone);
    const tomorrow = localDayInDays(context.deps.clock.now(), context.zone, 1);
    if (reviewDateOn(chosen, context.zone) <= reviewDateOn(today, context.zone)) {
      // Nothing is recorded: the same choice again, with what to give.
      const plan = { id: values.plan, version: Number(values.version) };
      const dayParam = { t: "date" as const, iso: reviewDateOn(chosen, context.zone).toISOString(), zone: context.zone };
      const first = { t: "date" as const, iso: reviewDateOn(tomorrow, context.zone).toISOString(), zone: context.zone };
      return [say("manager.review.date_form.not_ahead", { day: dayParam, first }), finishMessage(plan)];
    }
    return completeReviewConversation(context, values.plan, Number(values.version), reviewDateOn(chosen, context.zone));
  },
});

/** A submission's messages, with more after them (a form that goes on to another keeps going; the end comes after it). */
async function thenAlso(submitted: Outbound[] | FormSubmitted, more: () => Promise<Outbound[]>): Promise<Outbound[] | FormSubmitted> {
  if (Array.isArray(submitted)) return [...submitted, ...(await more())];
  return submitted.next ? submitted : [...submitted.outbound, ...(await more())];
}

const reviewEnd = async (context: Omit<FormContext, "values">, planId: string): Promise<Outbound[]> => {
  const { plan } = await readPlan(context.deps, context.actor, { planId });
  return [finishMessage(plan)];
};

/** "New step" in the review: the plan's own step form as it is, then the same goal again for its outcome. */
export const reviewStepForm = defineForm({
  ...addStepForm,
  id: "rvstep",
  submit: async (context, values) => thenAlso(await addStepForm.submit(context, values), () => goalAgain(context, values.plan, values.goal)),
});

/** The first step of a goal added in the review: the plan's own step form, then the review's end again. */
const reviewFirstStepForm = defineForm({
  ...addStepForm,
  id: "rvfstep",
  submit: async (context, values) => thenAlso(await addStepForm.submit(context, values), () => reviewEnd(context, values.plan)),
});

/**
 * "New goal" in the review: the plan's own goal form as it is (which goes on to the goal's first step), then the
 * review's end again: another goal, or the next review day.
 */
export const reviewGoalForm = defineForm({
  ...addGoalForm,
  id: "rvgoal",
  submit: async (context, values): Promise<Outbound[] | FormSubmitted> => {
    const submitted = await addGoalForm.submit(context, values);
    if (!Array.isArray(submitted) && submitted.next?.form === addStepForm) {
      return { ...submitted, next: { ...submitted.next, form: reviewFirstStepForm } };
    }
    return thenAlso(submitted, () => reviewEnd(context, values.plan));
  },
});

/** Forms the review starts, or goes on to, by id (dialog state stores only the id). */
export const reviewForms = [rewordGoalForm, reviewDateForm, reviewStepForm, reviewFirstStepForm, reviewGoalForm];
