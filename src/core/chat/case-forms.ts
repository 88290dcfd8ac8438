import type { Actor } from "../actor.ts";
import { loadAppointmentInScope } from "../appointments/appointment-scope.ts";
import type { CoreDeps } from "../deps.ts";
import type { FieldValue } from "../dialog/field-values.ts";
import type { FormDefinition } from "../dialog/form.ts";
import { startForm, type DialogContext } from "../dialog/form-runner.ts";
import type { Outbound } from "../dialog/messages.ts";
import { loadPlanInScope } from "../plans/plan-scope.ts";
import { loadClientInScope } from "../scope/client-access.ts";

/** What a button that starts a form is about: a client's case, a plan, or an appointment. */
export type CaseRef = { clientId: string } | { planId: string } | { appointmentId: string };

/**
 * Before a button starts a form about a case: the actor may change that case, by the scope rules the use case applies
 * when the form is submitted (src/core/scope/). Otherwise `not_found` or `forbidden`, answered like any refusal, before
 * the first question, instead of after everything was typed. Button data can come from any chat (a forwarded or
 * crafted button, one from before a handover), so the button is never proof of scope.
 */
export async function assertCaseWritable(deps: CoreDeps, actor: Actor, about: CaseRef): Promise<void> {
  const repositories = deps.store;
  if ("clientId" in about) await loadClientInScope(repositories, actor, about.clientId, "write");
  else if ("planId" in about) await loadPlanInScope(repositories, actor, about.planId, "write");
  else await loadAppointmentInScope(repositories, actor, about.appointmentId, "write");
}

/** A form started by a button about a case: the scope first (`assertCaseWritable`), then the form. */
export async function startCaseForm(context: DialogContext, about: CaseRef, form: FormDefinition, prefill: Record<string, FieldValue>): Promise<Outbound[]> {
  await assertCaseWritable(context.deps, context.actor, about);
  return startForm(context, form, prefill);
}
