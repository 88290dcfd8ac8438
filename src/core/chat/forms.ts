import type { FormDefinition } from "../dialog/form.ts";
import { appointmentForm } from "./appointment-form.ts";
import { clientCardForms } from "./client-card-forms.ts";
import { consentsForm } from "./consents-form.ts";
import { contactsForm } from "./contacts-form.ts";
import { inviteForm } from "./invite-form.ts";
import { logForm } from "./log-form.ts";
import { newClientForm } from "./new-client-form.ts";
import { clientQuietForm, workingTimesForm } from "./quiet-hours-forms.ts";
import { addGoalForm, addStepForm, editGoalForm, planClientForm } from "./plan-forms.ts";
import { pactForms } from "../offers/pact-routes.ts";
import { writeToClientForm } from "./conversation-flow.ts";
import { staffForms } from "../setup/staff-forms.ts";
import { correctContactForm } from "./contact-corrections.ts";
import { reviewForms } from "./review-forms.ts";

/** Every chat form by id (dialog state stores only the id). */
export const chatForms: readonly FormDefinition[] = [
  newClientForm as FormDefinition,
  inviteForm as FormDefinition,
  appointmentForm as FormDefinition,
  logForm as FormDefinition,
  correctContactForm as FormDefinition,
  contactsForm as FormDefinition,
  consentsForm as FormDefinition,
  clientQuietForm as FormDefinition,
  workingTimesForm as FormDefinition,
  writeToClientForm as FormDefinition,
  planClientForm as FormDefinition,
  addGoalForm as FormDefinition,
  editGoalForm as FormDefinition,
  addStepForm as FormDefinition,
  ...(reviewForms as FormDefinition[]),
  ...(clientCardForms as FormDefinition[]),
  ...pactForms,
  ...(staffForms as FormDefinition[]),
];

export const lookupForm = (id: string): FormDefinition | undefined => chatForms.find((form) => form.id === id);
