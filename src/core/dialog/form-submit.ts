import { isDomainError } from "../errors.ts";
import type { DialogContext, FieldOption, FormDefinition, FormField, FormSubmitted } from "./form.ts";
import { say } from "./messages.ts";

/** What both ways of filling a form share: the choices of a field, and handing the values to the use case. */

const confirmOptions: FieldOption[] = [
  { value: "y", labelKey: "dialog.button.yes" },
  { value: "n", labelKey: "dialog.button.no" },
];

/** After a summary, "no" means "let me change something" (stopping is "cancel"). */
const confirmOrChangeOptions: FieldOption[] = [
  { value: "y", labelKey: "dialog.button.yes" },
  { value: "n", labelKey: "dialog.button.change" },
];

/** Whether "no" at this confirmation opens the list of answers to change (it reads a summary back first). */
export const offersChange = (field: FormField): boolean => field.type === "confirm" && field.summary !== undefined && field.summaryOnly !== true;

/** The choices of a field for this person and the values given so far (yes/no for a confirmation). */
export async function optionsOf(field: FormField, context: DialogContext, values: Record<string, unknown>): Promise<FieldOption[]> {
  if (field.type === "confirm") return offersChange(field) ? confirmOrChangeOptions : confirmOptions;
  return field.options ? field.options({ deps: context.deps, actor: context.actor, values, zone: context.zone }) : [];
}

export interface SubmitOutcome extends FormSubmitted {
  /** Set when nothing was saved: the schema refused the values, or the use case refused with this error code. */
  failedWith?: string;
}

/** Validates the values with the form's schema and runs its use case; a refusal is answered, never thrown. */
export async function submitValues(context: DialogContext, form: FormDefinition, values: Record<string, unknown>): Promise<SubmitOutcome> {
  const parsed = form.schema.safeParse(values);
  if (!parsed.success) return { outbound: [say("dialog.error.invalid_form")], failedWith: "invalid_input" };
  try {
    const submitted = await form.submit({ deps: context.deps, actor: context.actor, zone: context.zone }, parsed.data);
    return Array.isArray(submitted) ? { outbound: submitted } : submitted;
  } catch (error) {
    if (isDomainError(error)) return { outbound: [say(`errors.${error.code}`)], failedWith: error.code };
    throw error;
  }
}
