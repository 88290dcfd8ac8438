import { findClients } from "../cases/find-clients.ts";
import type { Action } from "../dialog/action-codec.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { createPlan } from "../plans/create-plan.ts";
import { setStepStatus } from "../plans/set-step-status.ts";
import type { ChatContext } from "./chat-context.ts";
import { addGoalAction, addStepAction, createPlanAction, openPlanAction, stepStatusAction, stepStatusByCode } from "./plan-actions.ts";
import { addGoalForm, addStepForm, planClientForm } from "./plan-forms.ts";
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

/** The plan view's buttons; null when the action is not one of them. */
export async function routePlanAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const open = openPlanAction.match(action);
  if (open) return clientPlanMessages(context, open[0]);
  const create = createPlanAction.match(action);
  if (create) {
    const plan = await createPlan(context.deps, context.actor, { clientId: create[0] });
    return [say("manager.plan.created"), await planMessage(context, plan.id)];
  }
  const goal = addGoalAction.match(action);
  if (goal) return startForm(context, addGoalForm, { plan: goal[0] });
  const step = addStepAction.match(action);
  if (step) return startForm(context, addStepForm, { plan: step[0], goal: step[1] });
  const status = stepStatusAction.match(action);
  if (status) {
    await setStepStatus(context.deps, context.actor, { stepId: status[0], status: stepStatusByCode[status[2]] });
    return [await planMessage(context, status[1], true)];
  }
  return null;
}
