import type { FieldOption, FormContext, FormDefinition, FormField } from "../../core/dialog/form.ts";
import type { DialogContext, FormView } from "../../core/dialog/form-runner.ts";
import type { FieldValue } from "../../core/dialog/field-values.ts";

/**
 * Which of a form's fields a whole-form card shows, with their options. A card is static: a field asked only under
 * a condition (`when`) is shown when some answer the card allows makes it apply (a custom text for the "custom"
 * step), and left out when none does (the step-by-step day-and-time pickers: a card gives the date and time at
 * once). Options are resolved once, from the values already given.
 */
export async function cardFormView(context: DialogContext, form: FormDefinition, prefill: Record<string, FieldValue>): Promise<FormView> {
  const shown: FormView["fields"] = [];
  const formContext: FormContext = { deps: context.deps, actor: context.actor, values: { ...prefill }, zone: context.zone };
  for (const field of form.fields) {
    if (prefill[field.name] === undefined && field.when && !canApply(field, shown, prefill, context.deps.clock.now())) continue;
    const choices = field.type === "confirm" || field.type === "datetime" || !field.options ? [] : await field.options(formContext);
    shown.push({ ...field, choices });
  }
  return { id: form.id, titleKey: form.titleKey, fields: shown };
}

/** What a card's input sends for a field (before the core reads it); choices are tried one by one. */
function sampleValue(field: FormField, now: Date): FieldValue {
  switch (field.type) {
    case "datetime":
      return new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString();
    case "number":
    case "duration":
      return field.min ?? 1;
    case "confirm":
      return true;
    case "multi_choice":
      return [];
    default:
      return "x";
  }
}

function canApply(field: FormField, earlier: FormView["fields"], prefill: Record<string, FieldValue>, now: Date): boolean {
  const when = field.when;
  if (!when) return true;
  const base: Record<string, unknown> = { ...prefill };
  for (const other of earlier) if (base[other.name] === undefined) base[other.name] = other.choices[0]?.value ?? sampleValue(other, now);
  if (when(base)) return true;
  return earlier.some(
    (other) => prefill[other.name] === undefined && other.type === "choice" && other.choices.some((option: FieldOption) => when({ ...base, [other.name]: option.value })),
  );
}
