import { DomainError } from "../errors.ts";
import { planDocumentMessage, sendForAgreementMessage } from "./plan-agreement.ts";
import { findClients } from "../cases/find-clients.ts";
import type { Action } from "../dialog/action-codec.ts";
import type { FieldValue } from "../dialog/field-values.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { createPlan } from "../plans/create-plan.ts";
import { setStepStatus } from "../plans/set-step-status.ts";
import { startCaseForm } from "./case-forms.ts";
import type { ChatContext } from "./chat-context.ts";
import {
  addGoalAction,
  addStepAction,
  createPlanAction,
  createHouseholdPlanAction,
  editGoalAction,
  openPlanAction,
  planAgreementAction,
  planDocumentAction,
  planHistoryAction,
  stepStatusAction,
  stepStatusByCode,
} from "./plan-actions.ts";
import { addGoalForm, addStepForm, editGoalForm, planClientForm } from "./plan-forms.ts";
import { planHistoryMessage } from "./plan-history.ts";
import { clientPlanMessages, planMessage } from "./plan-message.ts";

const maxMatches = 10;

/** `/plan` picks a client; `/plan <name>` searches the caseload: one match opens the plan, several are buttons. */
export async function planCommand(context: ChatContext, query: string): Promise<Outbound[]> {
  if (!query) return startForm(context, planClientForm);
  const found = await findClients(context.deps, context.actor, { query, pageSize: maxMatches });
  const [only] = found.clients;
  if (found.total === 0 || !only) return [say("manager.clients.none_found", { query })];
  if (found.total === 1) return clientPlanMessages(context, only.id);
  const rows: Button[][] = found.clients.map((client) => [{ labelKey: "", label: client.name, data: openPlanAction.encode(client.id) }]);
  return [{ parts: [{ key: "manager.plan.which_client", params: { query } }], buttons: rows }];
}

/**
 * "Create plan" (the client's own, or the household's: a family plan): a second tap (or a plan a colleague created
 * meanwhile) opens the plan that exists.
 */
async function createOrOpenPlan(context: ChatContext, clientId: string, forHousehold = false): Promise<Outbound[]> {
  try {
    const householdId = forHousehold ? (await context.deps.store.clients.get(clientId))?.householdId : undefined;
    const plan = await createPlan(context.deps, context.actor, householdId ? { householdId } : { clientId });
    // A plan is its goals: the first one is asked at once.
    return [say("manager.plan.created"), await planMessage(context, plan.id), ...(await startForm(context, addGoalForm, { plan: plan.id }))];
  } catch (error) {
    const existingId = error instanceof DomainError && error.code === "conflict" ? error.issues.find((issue) => issue.path === "planId")?.message : undefined;
    if (!existingId) throw error;
    return [say("manager.plan.exists"), await planMessage(context, existingId)];
  }
}

/** A step form about a goal: plan and goal, and the goal's area, so that the area is not asked again. */
export async function stepPrefill(context: ChatContext, planId: string, goalId: string): Promise<Record<string, FieldValue>> {
  const goal = await context.deps.store.goals.get(goalId);
  return { plan: planId, goal: goalId, ...(goal?.planId === planId ? { area: goal.area } : {}) };
}

/** The plan view's buttons; null when the action is not one of them. */
export async function routePlanAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const open = openPlanAction.match(action);
  if (open) return clientPlanMessages(context, open[0]);
  const create = createPlanAction.match(action);
  if (create) return createOrOpenPlan(context, create[0]);
  const createForHousehold = createHouseholdPlanAction.match(action);
  if (createForHousehold) return createOrOpenPlan(context, createForHousehold[0], true);
  const goal = addGoalAction.match(action);
  // The plan's scope before the first question (case-forms.ts), as the use case checks it at submission.
  if (goal) return startCaseForm(context, { planId: goal[0] }, addGoalForm, { plan: goal[0] });
  const step = addStepAction.match(action);
  if (step) return startCaseForm(context, { planId: step[0] }, addStepForm, await stepPrefill(context, step[0], step[1]));
  const goalEdit = editGoalAction.match(action);
  if (goalEdit) return startCaseForm(context, { planId: goalEdit[0] }, editGoalForm, { plan: goalEdit[0], goal: goalEdit[1] });
  const agreement = planAgreementAction.match(action);
  if (agreement) return [await sendForAgreementMessage(context, agreement[0])];
  const document = planDocumentAction.match(action);
  if (document) return [await planDocumentMessage(context, document[0])];
  const history = planHistoryAction.match(action);
  if (history) return [await planHistoryMessage(context, history[0])];
  const status = stepStatusAction.match(action);
  if (status) {
    await setStepStatus(context.deps, context.actor, { stepId: status[0], status: stepStatusByCode[status[2]] });
    return [await planMessage(context, status[1], true)];
  }
  return null;
}
