import { localParts } from "../shared/zoned-time.ts";
import type { DialogContext, FieldOption, FormContext, FormDefinition, FormField } from "./form.ts";
import { optionsOf, submitValues } from "./form-submit.ts";
import { readTypedValue, type FieldValue } from "./field-values.ts";
import { say, type FormEvent, type MessageParam, type MessageParams, type Outbound, type TextPart, type WholeForm, type WholeFormField } from "./messages.ts";

/**
 * Forms for channels that show a form whole (a Teams card) instead of asking field by field: which fields the card
 * shows, with their choices, and how a submission of all fields at once is read. The same field reading, schema and
 * use case as step by step (form-runner.ts).
 */

/** A field the person got wrong, and the text that says why. */
interface InvalidField {
  field: string;
  reasonKey: string;
  reasonParams?: MessageParams;
}

const keyLabel = (option: FieldOption) => option.label ?? option.value;

function plainField(field: FormField, choices: FieldOption[], hint: TextPart | undefined, fixed: Record<string, FieldValue>): WholeFormField {
  return {
    name: field.name,
    type: field.type,
    labelKey: field.labelKey ?? field.promptKey,
    ...(field.labelKey ? {} : field.promptParams ? { labelParams: field.promptParams } : {}),
    optional: field.optional ?? false,
    // A condition the values fixed so far already meet (a refreshed card: the child's name of the step chosen) is
    // no condition any more: the field is required like any other.
    conditional: field.when !== undefined && !field.when(fixed),
    choices: choices.map((option) => ({
      value: option.value,
      labelKey: option.labelKey,
      ...(option.labelParams ? { labelParams: option.labelParams } : {}),
      ...(option.label !== undefined ? { label: option.label } : {}),
    })),
    ...(hint ? { hint } : {}),
    ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
    ...(field.min !== undefined ? { min: field.min } : {}),
    ...(field.max !== undefined ? { max: field.max } : {}),
  };
}

/** What a card's input sends for a field before it is read; used to try whether a conditional field can apply. */
function sampleValue(field: FormField, now: Date): FieldValue {
  switch (field.type) {
    case "datetime":
      return new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString();
    case "date":
      return now.toISOString().slice(0, 10);
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

/**
 * A card is static: a field asked only under a condition (`when`) is shown when some answer the card allows makes it
 * apply (a custom text for the "custom" step), and left out when none does (the step-by-step day-and-time pickers: a
 * card gives the date and time at once).
 */
function canApply(field: FormField, earlier: { field: FormField; choices: FieldOption[] }[], fixed: Record<string, FieldValue>, now: Date): boolean {
  const when = field.when;
  if (!when) return true;
  const base: Record<string, unknown> = { ...fixed };
  for (const other of earlier) if (base[other.field.name] === undefined) base[other.field.name] = other.choices[0]?.value ?? sampleValue(other.field, now);
  if (when(base)) return true;
  return earlier.some(
    (other) =>
      fixed[other.field.name] === undefined &&
      other.field.type === "choice" &&
      other.choices.some((option) => when({ ...base, [other.field.name]: option.value })),
  );
}

/** A suggested value as its input shows it: a moment as the local "YYYY-MM-DD HH:MM" a card's date and time inputs hold. */
function givenText(field: FormField, value: FieldValue, zone: string): string {
  if (field.type !== "datetime" || typeof value !== "string" || !/T/.test(value)) return Array.isArray(value) ? value.join(",") : String(value);
  const local = localParts(new Date(value), zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}`;
}

/** A choice made before the card refreshed, as the card names it above its inputs ("Handlungsfeld: Sprache"). */
async function chosenPart(field: FormField, context: FormContext, value: FieldValue): Promise<TextPart> {
  const option = (field.options ? await field.options(context) : []).find((o) => o.value === value);
  const shown: MessageParam = option
    ? (option.label ?? { t: "key", key: option.labelKey, ...(option.labelParams ? { params: option.labelParams } : {}) })
    : String(value);
  return { key: "manager_teams.form.chosen", params: { label: { t: "key", key: field.labelKey ?? field.promptKey }, value: shown } };
}

/**
 * The form as one card for this person: the fields still to give, with their choices resolved once. A choice that
 * decides the rest (`refreshesCard`) ends the card: it is sent to go on, and comes back fixed with what follows.
 */
/** The placeholder of an empty input that has a meaning (the default duration, today). */
const emptyMeans = (field: FormField): TextPart | undefined => (field.emptyMeansKey ? { key: field.emptyMeansKey } : undefined);

export async function wholeFormView(
  context: DialogContext,
  form: FormDefinition,
  fixed: Record<string, FieldValue>,
  suggested: Record<string, FieldValue> = {},
): Promise<WholeForm> {
  const shown: { field: FormField; choices: FieldOption[] }[] = [];
  const chosen: TextPart[] = [];
  const formContext: FormContext = { deps: context.deps, actor: context.actor, values: { ...fixed }, zone: context.zone };
  let continues = false;
  for (const [index, field] of form.fields.entries()) {
    const fixedValue = fixed[field.name];
    if (fixedValue !== undefined) {
      if (field.refreshesCard) chosen.push(await chosenPart(field, formContext, fixedValue));
      continue;
    }
    if (field.when && !canApply(field, shown, fixed, context.deps.clock.now())) continue;
    // A card asks a confirmation with a toggle and a date with its own inputs: neither has choices.
    const choices = field.type === "datetime" || field.type === "date" || field.type === "confirm" || !field.options ? [] : await field.options(formContext);
    shown.push({ field, choices });
    if (field.refreshesCard && index < form.fields.length - 1) {
      continues = true;
      break;
    }
  }
  const hints = form.hints ? await form.hints(formContext) : {};
  const given: Record<string, string> = {};
  for (const { field } of shown) {
    const value = suggested[field.name];
    if (value !== undefined) given[field.name] = givenText(field, value, context.zone);
  }
  return {
    id: form.id,
    instanceId: context.deps.ids.newId(),
    titleKey: form.titleKey,
    fields: shown.map(({ field, choices }) => plainField(field, choices, hints[field.name] ?? emptyMeans(field), fixed)),
    fixed,
    ...(Object.keys(given).length > 0 ? { given } : {}),
    ...(chosen.length > 0 ? { chosen } : {}),
    ...(continues ? { continues: true as const } : {}),
  };
}

/** The choice a card was sent with to go on (the first `refreshesCard` field it showed, answered); undefined otherwise. */
function refreshingChoice(form: FormDefinition, raw: Record<string, unknown>, fixedNames: string[]): number | undefined {
  const index = form.fields.findIndex((field) => field.refreshesCard && !fixedNames.includes(field.name));
  const field = form.fields[index];
  return field && submittedText(raw[field.name]) !== "" ? index : undefined;
}

/**
 * Starts a form on a channel that shows it whole: nothing is stored; the card carries what was fixed, and shows the
 * suggested values filled in, each still to be changed.
 */
export async function startWholeForm(
  context: DialogContext,
  form: FormDefinition,
  fixed: Record<string, FieldValue>,
  suggested: Record<string, FieldValue> = {},
): Promise<Outbound[]> {
  const event: FormEvent = { kind: "started", form: await wholeFormView(context, form, fixed, suggested) };
  return [{ parts: [], form: event }];
}

const submittedText = (given: unknown): string =>
  typeof given === "string" ? given.trim() : typeof given === "number" || typeof given === "boolean" ? String(given) : "";

/** Reads every field of a whole-form submission the same way typed answers are read. */
async function readWholeForm(
  context: DialogContext,
  form: FormDefinition,
  raw: Record<string, unknown>,
  upTo = form.fields.length - 1,
): Promise<{ values: Record<string, FieldValue>; invalid: InvalidField[] }> {
  const values: Record<string, FieldValue> = {};
  const invalid: InvalidField[] = [];
  for (const field of form.fields.slice(0, upTo + 1)) {
    if (field.when && !field.when(values)) continue;
    const text = submittedText(raw[field.name]);
    if (text === "") {
      if (!field.optional) invalid.push({ field: field.name, reasonKey: "manager_teams.form.required" });
      continue;
    }
    const options = await optionsOf(field, context, values);
    if (field.type === "multi_choice") {
      const chosen = text
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      if (chosen.every((v) => options.some((o) => o.value === v))) values[field.name] = chosen;
      else invalid.push({ field: field.name, reasonKey: "dialog.error.choose" });
    } else if (field.type === "confirm") {
      values[field.name] = text === "true" || text === "y";
    } else if (field.type === "choice") {
      if (options.some((o) => o.value === text)) values[field.name] = text;
      else invalid.push({ field: field.name, reasonKey: "dialog.error.choose" });
    } else {
      const reading = readTypedValue(field, text, {
        now: context.deps.clock.now(),
        zone: context.zone,
        datePhrases: context.deps.datePhrases,
        options,
        labelOf: keyLabel,
      });
      if (reading.ok) values[field.name] = reading.value;
      else invalid.push({ field: field.name, reasonKey: reading.errorKey, ...(reading.errorParams ? { reasonParams: reading.errorParams } : {}) });
    }
  }
  return { values, invalid };
}

/** The fields of the form that zod refused after reading (a rule across fields, e.g. an end before its start). */
function schemaInvalid(form: FormDefinition, values: Record<string, FieldValue>): InvalidField[] | null {
  const parsed = form.schema.safeParse(values);
  if (parsed.success) return null;
  const names = new Set(form.fields.map((field) => field.name));
  const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")).filter((name) => names.has(name)))];
  return fields.map((field) => ({ field, reasonKey: "manager_teams.form.invalid_value" }));
}

/**
 * Submits a whole form at once (Teams). `fixedNames` are the values the card carried unasked (they come back with
 * the inputs). A rejected submission is answered with the form again, the wrong fields named and what was typed
 * kept; an accepted one with the use case's answer, the first message marked as the form's result.
 */
export async function submitWholeForm(
  context: DialogContext,
  form: FormDefinition,
  raw: Record<string, unknown>,
  fixedNames: string[] = [],
  instanceId?: string,
): Promise<Outbound[]> {
  if (!form.allowed(context.actor)) return [say("errors.forbidden")];
  const refreshing = refreshingChoice(form, raw, fixedNames);
  const { values, invalid } = await readWholeForm(context, form, raw, refreshing);
  const wrong = invalid.length > 0 ? invalid : refreshing !== undefined ? null : schemaInvalid(form, values);
  const rejectWith = async (message: Outbound, fields: InvalidField[]): Promise<Outbound[]> => {
    const fixed: Record<string, FieldValue> = {};
    for (const name of fixedNames) if (values[name] !== undefined) fixed[name] = values[name] as FieldValue;
    const given: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) if (!(name in fixed) && submittedText(value) !== "") given[name] = submittedText(value);
    const event: FormEvent = { kind: "rejected", form: await wholeFormView(context, form, fixed), given, invalid: fields };
    return [{ ...message, form: event }];
  };
  if (wrong) return rejectWith(say("dialog.error.invalid_form"), wrong);
  if (refreshing !== undefined) {
    // Sent to go on: the same card comes back with what was given fixed and the fields that follow from it.
    const fixed: Record<string, FieldValue> = { ...values };
    return [{ parts: [], form: { kind: "continued", form: await wholeFormView(context, form, fixed) } }];
  }
  // A second submission of the same card (a double click, a second device) changes nothing more.
  if (instanceId && !(await context.deps.store.processedUpdates.markProcessed("form", instanceId, context.deps.clock.now()))) {
    return [say("dialog.form_already_submitted")];
  }
  const outcome = await submitValues(context, form, values);
  if (outcome.failedWith) return rejectWith(outcome.outbound[0] ?? say("dialog.error.invalid_form"), []);
  const finished: FormEvent = { kind: "finished", titleKey: form.titleKey };
  const resultAt = outcome.outbound.findIndex((message) => !message.attachment && !message.to);
  const answered = outcome.outbound.map((message, index) => (index === resultAt ? { ...message, form: finished } : message));
  // The form goes on with another (a goal's first step): its card follows the answer.
  return outcome.next ? [...answered, ...(await startWholeForm(context, outcome.next.form, outcome.next.values))] : answered;
}
