import type { Button, MessageParam, Outbound, TextPart } from "../dialog/messages.ts";
import { listClientPlans } from "../plans/list-client-plans.ts";
import type { GoalStatus, StepStatus } from "../plans/model.ts";
import type { GoalView, StepView } from "../plans/plan-view.ts";
import { goalTitleKey } from "../plans/goal-catalogue.ts";
import { catalogueStepTitle } from "../plans/step-title.ts";
import { readPlan, type PlanAnswerView } from "../plans/read-plan.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import type { FormContext } from "../dialog/form.ts";
import {
  addGoalAction,
  addStepAction,
  createPlanAction,
  createHouseholdPlanAction,
  editGoalAction,
  planAgreementAction,
  planDocumentAction,
  planHistoryAction,
  stepStatusAction,
} from "./plan-actions.ts";
import { reviewBeginAction } from "./review-actions.ts";

/** What the plan messages need: they are shown from commands, buttons and form submissions alike. */
export type PlanContext = Pick<FormContext, "deps" | "actor" | "zone">;

/** Labels of goal and step statuses (literal keys, so the i18n check sees them). */
export const goalStatusKeys: Record<GoalStatus, string> = {
  open: "manager.plan.goal_status.open",
  in_progress: "manager.plan.goal_status.in_progress",
  achieved: "manager.plan.goal_status.achieved",
  dropped: "manager.plan.goal_status.dropped",
};

export const stepStatusKeys: Record<StepStatus, string> = {
  open: "manager.plan.step_status.open",
  in_progress: "manager.plan.step_status.in_progress",
  done: "manager.plan.step_status.done",
  dropped: "manager.plan.step_status.dropped",
};

export const keyParam = (key: string, params?: Record<string, string | number>): MessageParam => ({ t: "key", key, ...(params ? { params } : {}) });

/** A step as the manager reads it: the catalogue title with its parameters, or the custom text. */
export const stepTitle = (step: Pick<StepView, "catalogueKey" | "params" | "customText">): MessageParam =>
  (step.catalogueKey ? catalogueStepTitle(step.catalogueKey, step.params) : null) ?? step.customText ?? "";

/** A goal's words as the manager reads them: the catalogue goal (its German title) or the free wording. */
export const goalTitle = (goal: Pick<GoalView, "catalogueKey" | "text">): MessageParam =>
  goal.catalogueKey ? keyParam(goalTitleKey(goal.catalogueKey)) : goal.text;

/** A goal as the manager reads it: the catalogue goal and the German note under it, or the free wording. */
function goalPart(goal: GoalView, number: string): TextPart {
  const params = { n: number, area: keyParam(`areas.${goal.area}`), status: keyParam(goalStatusKeys[goal.status]) };
  if (!goal.catalogueKey) return { key: "manager.plan.goal", params: { ...params, text: goal.text } };
  const title = keyParam(goalTitleKey(goal.catalogueKey));
  if (!goal.text) return { key: "manager.plan.goal", params: { ...params, text: title } };
  return { key: "manager.plan.goal_with_note", params: { ...params, text: title, note: goal.text } };
}

export function stepPart(step: StepView, number: string, zone: string): TextPart {
  const params = { n: number, title: stepTitle(step), status: keyParam(stepStatusKeys[step.status]) };
  if (!step.dueAt) return { key: "manager.plan.step", params };
  return { key: "manager.plan.step_due", params: { ...params, dueAt: { t: "date", iso: step.dueAt.toISOString(), zone } } };
}

function stepButtons(step: StepView, number: string, planId: string): Button[] {
  if (step.status === "done" || step.status === "dropped") return [];
  const button = (labelKey: string, code: "p" | "d" | "x"): Button => ({
    labelKey,
    labelParams: { n: number },
    data: stepStatusAction.encode(step.id, planId, code),
  });
  return [
    button("manager.plan.step_done_button", "d"),
    ...(step.status === "open" ? [button("manager.plan.step_progress_button", "p")] : []),
    button("manager.plan.step_drop_button", "x"),
  ];
}

async function clientName(context: PlanContext, clientId: string): Promise<string> {
  const { client } = await context.deps.store.transaction((repositories) => loadClientInScope(repositories, context.actor, clientId, "basic"));
  return client.name;
}

/**
 * Whether the plan is agreed in writing: each person's latest answer (agreed, or a question) with its version and time,
 * and when the plan has changed since the version agreed to; nothing yet when nobody answered.
 */
function agreementParts(answers: PlanAnswerView[], current: number, zone: string): TextPart[] {
  if (answers.length === 0) return [{ key: "manager.plan.agreement.none" }];
  return answers.map((answer): TextPart => {
    const params = { name: answer.clientName, version: answer.version, at: { t: "datetime" as const, iso: answer.at.toISOString(), zone } };
    if (answer.answer === "question") return { key: "manager.plan.agreement.asked", params };
    if (answer.version < current) return { key: "manager.plan.agreement.agreed_earlier", params: { ...params, current } };
    return { key: "manager.plan.agreement.agreed", params };
  });
}

/** One plan with its goals (area, status) and steps (status), and the buttons to change it. */
export async function planMessage(context: PlanContext, planId: string, edit = false): Promise<Outbound> {
  const view = await readPlan(context.deps, context.actor, { planId });
  const { plan } = view;
  const parts: TextPart[] = [];
  if (plan.clientId) parts.push({ key: "manager.plan.header", params: { name: await clientName(context, plan.clientId), version: plan.version } });
  else parts.push({ key: "manager.plan.header_household", params: { version: plan.version } });
  if (view.goals.length === 0) parts.push({ key: "manager.plan.no_goals" });
  const rows: Button[][] = [];
  view.goals.forEach((goal, goalIndex) => {
    const goalNumber = String(goalIndex + 1);
    parts.push(goalPart(goal, goalNumber));
    goal.steps.forEach((step, stepIndex) => {
      const number = `${goalNumber}.${stepIndex + 1}`;
      parts.push(stepPart(step, number, context.zone));
      const buttons = stepButtons(step, number, plan.id);
      if (buttons.length > 0) rows.push(buttons);
    });
    const editGoalButton = { labelKey: "manager.plan.edit_goal_button", labelParams: { n: goalNumber }, data: editGoalAction.encode(plan.id, goal.id) };
    if (goal.status === "open" || goal.status === "in_progress") {
      rows.push([{ labelKey: "manager.plan.add_step_button", labelParams: { n: goalNumber }, data: addStepAction.encode(plan.id, goal.id) }, editGoalButton]);
    } else {
      rows.push([editGoalButton]);
    }
  });
  // Below the goals: whether the plan is agreed in writing (each person's latest answer).
  if (view.goals.length > 0 || view.answers.length > 0) parts.push(...agreementParts(view.answers, plan.version, context.zone));
  rows.push([
    { labelKey: "manager.plan.add_goal_button", data: addGoalAction.encode(plan.id) },
    { labelKey: "manager.plan.history_button", data: planHistoryAction.encode(plan.id) },
  ]);
  // The review (Fortschreibung) can be held whenever the manager meets the client, not only when it is due.
  rows.push([{ labelKey: "manager.review.begin_button", data: reviewBeginAction.encode(plan.id) }]);
  // The plan agreed in writing: sent to the client with "I agree" / "I have a question"; the document they keep.
  if (view.goals.length > 0) {
    rows.push([
      { labelKey: "manager.plan.agreement.send_button", data: planAgreementAction.encode(plan.id) },
      { labelKey: "manager.plan.agreement.file_button", data: planDocumentAction.encode(plan.id) },
    ]);
  }
  return { parts, buttons: rows, ...(edit ? { edit: true } : {}) };
}

/** The plans of a client (their own and their household's), or a "create plan" button when there is none. */
export async function clientPlanMessages(context: PlanContext, clientId: string): Promise<Outbound[]> {
  const plans = await listClientPlans(context.deps, context.actor, { clientId });
  if (plans.length === 0) {
    // Someone who lives with family may get a plan of the household instead of one of their own.
    const client = await context.deps.store.clients.get(clientId);
    const family = client ? (await context.deps.store.clients.listByHousehold(client.householdId)).filter((c) => !c.anonymizedAt).length > 1 : false;
    const buttons = [[{ labelKey: "manager.plan.create_button", data: createPlanAction.encode(clientId) }]];
    if (family) buttons.push([{ labelKey: "manager.plan.create_household_button", data: createHouseholdPlanAction.encode(clientId) }]);
    return [{ parts: [{ key: "manager.plan.none", params: { name: await clientName(context, clientId) } }], buttons }];
  }
  const messages: Outbound[] = [];
  for (const plan of plans) messages.push(await planMessage(context, plan.id));
  return messages;
}
