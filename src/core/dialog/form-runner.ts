import { z } from "zod";
import { decodeAction } from "./action-codec.ts";
import { formAnswerAction, formCancelAction, formDoneAction, formSkipAction } from "./form-actions.ts";
import type { DialogContext, FieldOption, FormDefinition, FormField } from "./form.ts";
import { readTypedValue, tooLongKey, type FieldValue } from "./field-values.ts";
import { dialogKey, type Inbound } from "./inbound.ts";
import { offersChange, optionsOf, submitValues } from "./form-submit.ts";
import { startWholeForm } from "./whole-form.ts";
import { say, type Button, type MessageParam, type Outbound, type TextPart } from "./messages.ts";

export const DIALOG_TTL_MS = 30 * 60 * 1000;

/**
 * Telegram splits a text longer than one message (4,096 characters) into several messages, sent at once. A refused
 * text at least this long may be the first of them; what follows within the window is its rest and is refused too, so
 * that the tail of a long note is never saved as the note.
 */
const SPLIT_PART_MIN_LENGTH = 3500;
const SPLIT_PART_WINDOW_MS = 10_000;

const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const messageParamSchema: z.ZodType<MessageParam> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.object({ t: z.enum(["datetime", "date", "time"]), iso: z.string(), zone: z.string() }),
    z.object({ t: z.literal("until"), iso: z.string(), zone: z.string() }),
    z.object({ t: z.literal("key"), key: z.string(), params: z.record(z.string(), messageParamSchema).optional() }),
    z.object({ t: z.literal("lines"), items: z.array(messageParamSchema) }),
    z.object({ t: z.literal("list"), items: z.array(messageParamSchema) }),
  ]),
);
const textPartSchema = z.object({ key: z.string(), params: z.record(z.string(), messageParamSchema).optional() });
const dialogStateSchema = z.object({
  formId: z.string(),
  token: z.string(),
  index: z.number().int().min(0),
  values: z.record(z.string(), fieldValueSchema),
  /** The form's hints (what is recorded now), read once when it started. */
  hints: z.record(z.string(), textPartSchema).optional(),
  /** "Change" was tapped at the summary: the question is which answer to give anew. */
  changing: z.boolean().optional(),
  /** A list of ticks picked to be changed from the summary: asked again with the earlier ticks set, until "Finished". */
  reopened: z.string().optional(),
  /** When a text as long as a whole Telegram message was refused: its rest, arriving right after it, is not an answer. */
  longTextAt: z.number().optional(),
});
type DialogState = z.output<typeof dialogStateSchema>;

export type { DialogContext } from "./form.ts";

export type FormLookup = (formId: string) => FormDefinition | undefined;

/** How a person sees an option (a literal label, else the key); used to match typed answers. */
export type OptionLabel = (option: FieldOption) => string;
const keyLabel: OptionLabel = (option) => option.label ?? option.value;

async function saveState(context: DialogContext, state: DialogState): Promise<void> {
  await context.deps.store.dialogs.put(dialogKey(context.session), state, new Date(context.deps.clock.now().getTime() + DIALOG_TTL_MS));
}

async function loadState(context: DialogContext): Promise<DialogState | null> {
  const raw = await context.deps.store.dialogs.get(dialogKey(context.session), context.deps.clock.now());
  const parsed = dialogStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const clearState = (context: DialogContext) => context.deps.store.dialogs.delete(dialogKey(context.session));

/** How long a finished form is remembered, so that a late second tap on its last button is told it was saved. */
const FINISHED_TTL_MS = 10 * 60 * 1000;
const finishedSchema = z.object({ finishedToken: z.string() });

/** The form was submitted: its state gives way to a marker of its token (no form is running any more). */
async function markFinished(context: DialogContext, token: string): Promise<void> {
  await context.deps.store.dialogs.put(dialogKey(context.session), { finishedToken: token }, new Date(context.deps.clock.now().getTime() + FINISHED_TTL_MS));
}

/** Whether a button of no running form belongs to the form this chat just finished (a double tap on "confirm"). */
async function belongsToFinishedForm(context: DialogContext, data: string): Promise<boolean> {
  const parsed = finishedSchema.safeParse(await context.deps.store.dialogs.get(dialogKey(context.session), context.deps.clock.now()));
  return parsed.success && tokenOf(data) === parsed.data.finishedToken;
}

function tokenOf(data: string): string | undefined {
  const action = decodeAction(data);
  return formAnswerAction.match(action)?.[0] ?? formSkipAction.match(action)?.[0] ?? formDoneAction.match(action)?.[0] ?? formCancelAction.match(action)?.[0];
}

/** The most options a question shows as buttons; the others are answered by typing (a name, a label). */
const MAX_OPTION_BUTTONS = 20;

function optionButtons(field: FormField, options: FieldOption[], token: string, selected: string[]): Button[][] {
  const buttons = options.slice(0, MAX_OPTION_BUTTONS).map((option): Button => ({
    labelKey: option.labelKey,
    ...(option.labelParams ? { labelParams: option.labelParams } : {}),
    ...(option.label !== undefined ? { label: option.label } : {}),
    ...(field.type === "multi_choice" ? { selected: selected.includes(option.value) } : {}),
    data: formAnswerAction.encode(token, option.value),
  }));
  // Two may share a row; the renderer splits a row whose labels do not fit a phone (src/i18n/button-rows.ts).
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return rows;
}

const cancelButton = (token: string): Button => ({ labelKey: "dialog.button.cancel", data: formCancelAction.encode(token) });

/**
 * Finished, skip and cancel under the options. A form's closing yes-or-no question has no "cancel" beside its "no":
 * both would leave everything as it is, and "Really cancel the appointment? [Yes] [No] [Cancel]" reads as two ways to
 * cancel it. A yes-or-no question within a form ("own phone?") keeps it, as the way out of the form.
 */
function controlButtons(field: FormField, token: string, closing: boolean): Button[] {
  const controls: Button[] = [];
  if (field.type === "multi_choice") controls.push({ labelKey: "dialog.button.done", data: formDoneAction.encode(token) });
  if (field.optional) controls.push({ labelKey: "dialog.button.skip", data: formSkipAction.encode(token) });
  if (!closing || field.type !== "confirm" || offersChange(field)) controls.push(cancelButton(token));
  return controls;
}

/** The question of the field at hand, or, after "change" at a summary, which answer to give anew. */
async function prompt(context: DialogContext, form: FormDefinition, state: DialogState, edit = false): Promise<Outbound> {
  const field = form.fields[state.index];
  if (!field) throw new Error(`form ${form.id} has no field ${state.index}`);
  const changing = state.changing === true;
  const options = changing ? changeOptions(form, state.values) : await optionsOf(field, context, state.values);
  const selected = field.type === "multi_choice" ? ((state.values[field.name] as string[] | undefined) ?? []) : [];
  const hint: TextPart | undefined = changing ? undefined : state.hints?.[field.name];
  const summary = field.summary
    ? await field.summary({ deps: context.deps, actor: context.actor, values: withoutSkipped(state.values), zone: context.zone })
    : [];
  const question: TextPart = changing
    ? { key: "dialog.change.which" }
    : { key: field.promptKey, ...(field.promptParams ? { params: field.promptParams } : {}) };
  const asked: FormField = changing ? { name: field.name, type: "choice", promptKey: question.key } : field;
  return {
    parts: [...summary, question, ...(hint ? [hint] : [])],
    buttons: [
      ...optionButtons(asked, options, state.token, selected),
      changing ? [cancelButton(state.token)] : controlButtons(field, state.token, state.index === form.fields.length - 1),
    ],
    ...(edit ? { edit: true } : {}),
  };
}

/** The answers a summary lets the person give anew: every labelled question asked in the chat so far. */
function changeOptions(form: FormDefinition, values: Record<string, unknown>): FieldOption[] {
  return form.fields
    .filter((field) => field.labelKey && field.type !== "confirm" && !field.cardOnly && values[field.name] !== undefined && (field.when?.(values) ?? true))
    .map((field) => ({ value: field.name, labelKey: field.labelKey ?? field.promptKey }));
}

/** The chosen answer (and those that follow from it) is asked again; the others stay, so the summary comes back after it. */
function reopen(form: FormDefinition, state: DialogState, name: string): DialogState {
  const field = form.fields.find((candidate) => candidate.name === name);
  // The earlier ticks of a list stay set, to be changed one by one; any other answer is given anew.
  const keepsTicks = field?.type === "multi_choice" && Array.isArray(state.values[name]);
  const cleared = new Set([...(keepsTicks ? [] : [name]), ...(field?.resets ?? [])]);
  const values = Object.fromEntries(Object.entries(state.values).filter(([key]) => !cleared.has(key)));
  return { ...state, index: 0, values, changing: false, ...(keepsTicks ? { reopened: name } : {}) };
}

/**
 * Starts a form for this chat (replacing any unfinished one) and asks its first open question; on a channel that
 * shows forms whole, answers with the whole form instead and stores nothing. `prefill` is decided (the client of a
 * card); `suggested` was read from what the person typed with the command (`/appointment Fatemeh morgen 10
 * Rathaus`): a chat takes it as answers (its summary lets each be changed), a card shows it in its inputs.
 */
export async function startForm(
  context: DialogContext,
  form: FormDefinition,
  prefill: Record<string, FieldValue> = {},
  suggested: Record<string, FieldValue> = {},
): Promise<Outbound[]> {
  if (!form.allowed(context.actor)) return [say("errors.forbidden")];
  if (context.session.forms === "whole") {
    // Everything given already (`/contacts Amina`): nothing to ask, on a card either.
    if (form.fields.every((field) => !isOpen(field, prefill))) return (await submitValues(context, form, prefill)).outbound;
    return startWholeForm(context, form, prefill, suggested);
  }
  const values = { ...suggested, ...prefill };
  const hints = form.hints ? await form.hints({ deps: context.deps, actor: context.actor, values: { ...values }, zone: context.zone }) : {};
  const state: DialogState = {
    formId: form.id,
    token: context.deps.ids.newId().slice(-8),
    index: 0,
    values,
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
  };
  return advance(context, form, state);
}

/** Whether a field still needs an answer: it has none yet, is asked in a chat, and applies to the values given so far. */
const isOpen = (field: FormField | undefined, values: Record<string, unknown>, reopened?: string): boolean =>
  field !== undefined && !field.cardOnly && (values[field.name] === undefined || field.name === reopened) && (field.when?.(values) ?? true);

/** Moves to the next field without a value; submits when every field is answered. */
async function advance(context: DialogContext, form: FormDefinition, state: DialogState, edit = false): Promise<Outbound[]> {
  let index = state.index;
  while (index < form.fields.length && !isOpen(form.fields[index], state.values, state.reopened)) index += 1;
  if (index >= form.fields.length) {
    await clearState(context);
    const outcome = await submitValues(context, form, withoutSkipped(state.values));
    if (outcome.failedWith) return outcome.outbound;
    await markFinished(context, state.token);
    // The form goes on with another (a goal's first step): its first question follows the answer.
    return outcome.next ? [...outcome.outbound, ...(await startForm(context, outcome.next.form, outcome.next.values))] : outcome.outbound;
  }
  const next = { ...state, index };
  await saveState(context, next);
  return [await prompt(context, form, next, edit)];
}

type StepResult = { state: DialogState; outbound?: Outbound[]; edit?: boolean };

/**
 * "stale": a button of another or an older form; "earlier": a button of this form's earlier question (the form goes on,
 * so its current question is asked again); "cancelled".
 */
async function applyAction(
  context: DialogContext,
  form: FormDefinition,
  state: DialogState,
  data: string,
): Promise<StepResult | "stale" | "earlier" | "cancelled"> {
  const action = decodeAction(data);
  const field = form.fields[state.index];
  const answer = formAnswerAction.match(action);
  const token = tokenOf(data);
  if (!field || token !== state.token) return "stale";
  if (formCancelAction.match(action)) return "cancelled";
  if (state.changing) {
    const name = answer?.[1];
    return name !== undefined && changeOptions(form, state.values).some((option) => option.value === name) ? { state: reopen(form, state, name) } : "earlier";
  }
  if (formSkipAction.match(action) && field.optional) return { state: withValue(state, field, "") };
  if (formDoneAction.match(action) && field.type === "multi_choice") {
    const chosen = (state.values[field.name] as string[] | undefined) ?? [];
    if (chosen.length === 0 && !field.optional) return { state, outbound: [say("dialog.error.choose")] };
    return { state: withValue(state, field, chosen) };
  }
  if (!answer) return "earlier";
  const options = await optionsOf(field, context, state.values);
  const value = answer[1];
  if (!options.some((o) => o.value === value)) return "earlier";
  if (field.type === "multi_choice") {
    const current = (state.values[field.name] as string[] | undefined) ?? [];
    const toggled = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    return { state: { ...state, values: { ...state.values, [field.name]: toggled } }, edit: true };
  }
  if (field.type === "confirm" && value === "n" && offersChange(field)) return { state: { ...state, changing: true }, edit: true };
  if (field.type === "confirm") return { state: withValue(state, field, value === "y") };
  return { state: withValue(state, field, value) };
}

function withValue({ reopened: _answered, ...state }: DialogState, field: FormField, value: FieldValue): DialogState {
  return { ...state, index: state.index + 1, values: { ...state.values, [field.name]: value } };
}

/** Empty answers of skipped optional fields are dropped before validation. */
function withoutSkipped(values: Record<string, FieldValue>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
}

/**
 * Continues the chat's running form with what the person did. Returns null when no form is running, so the caller
 * can treat the input otherwise; a button from an older dialog answers "out of date" and changes nothing.
 */
export async function continueForm(context: DialogContext, inbound: Inbound, forms: FormLookup, labelOf: OptionLabel = keyLabel): Promise<Outbound[] | null> {
  // A chat that fills forms whole never has one running: nothing to read.
  if (context.session.forms === "whole") return inbound.kind === "action" && isFormAction(inbound.data) ? [say("dialog.stale")] : null;
  const state = await loadState(context);
  const form = state ? forms(state.formId) : undefined;
  if (!state || !form) {
    if (inbound.kind === "action" && isFormAction(inbound.data)) {
      return [say((await belongsToFinishedForm(context, inbound.data)) ? "dialog.already_saved" : "dialog.stale")];
    }
    return null;
  }
  if (inbound.kind === "command") {
    // Another command is a new intent, like another button: the unfinished form ends, so that text typed afterwards
    // never lands in a question the person left (an answer to a client, say).
    await clearState(context);
    return inbound.command === "cancel" ? [say("dialog.cancelled")] : null;
  }
  if (inbound.kind === "form") return null;
  // A photo or document while a question is open: it cannot answer it; the question stands.
  if (inbound.kind === "file") return [say("dialog.error.file"), await prompt(context, form, state)];
  if (inbound.kind === "action" && !isFormAction(inbound.data)) {
    // Another button (an escalation, a reminder, a card): a new intent. The unfinished form ends and the button is
    // routed as if no form were running.
    await clearState(context);
    return null;
  }
  const step = inbound.kind === "action" ? await applyAction(context, form, state, inbound.data) : await applyText(context, form, state, inbound.text, labelOf);
  if (step === "stale") return [say("dialog.stale")];
  if (step === "earlier") return [say("dialog.stale_step"), await prompt(context, form, state)];
  if (step === "cancelled") {
    await clearState(context);
    return [say("dialog.cancelled")];
  }
  if (step.outbound) {
    if (step.state !== state) await saveState(context, step.state);
    return step.outbound;
  }
  if (step.edit) {
    await saveState(context, step.state);
    return [await prompt(context, form, step.state, true)];
  }
  return advance(context, form, step.state);
}

async function applyText(context: DialogContext, form: FormDefinition, state: DialogState, text: string, labelOf: OptionLabel): Promise<StepResult> {
  const current = form.fields[state.index];
  if (!current) return { state };
  // After "change": the answer to give anew may be typed by its label ("Ort").
  const field: FormField = state.changing ? { name: "change", type: "choice", promptKey: "dialog.change.which" } : current;
  const options = state.changing ? changeOptions(form, state.values) : await optionsOf(field, context, state.values);
  const reading = readTypedValue(field, text, {
    now: context.deps.clock.now(),
    zone: context.zone,
    datePhrases: context.deps.datePhrases,
    options,
    labelOf,
    values: state.values,
  });
  const now = context.deps.clock.now().getTime();
  if (field.type === "text" && state.longTextAt !== undefined && now - state.longTextAt <= SPLIT_PART_WINDOW_MS) {
    // Telegram sent one long text as several messages: this part is the rest of the text just refused, not an answer.
    return { state: { ...state, longTextAt: now }, outbound: [say("dialog.error.too_long_rest", { max: field.maxLength ?? 500 })] };
  }
  const { longTextAt: _earlier, ...base } = state;
  if (!reading.ok) {
    const split = reading.errorKey === tooLongKey && text.length >= SPLIT_PART_MIN_LENGTH;
    const next = split ? { ...base, longTextAt: now } : base;
    return { state: next, outbound: [say(reading.errorKey, reading.errorParams), await prompt(context, form, next)] };
  }
  if (state.changing) return { state: reopen(form, base, String(reading.value)) };
  if (field.type === "confirm") {
    // "Nein" after a summary means "let me change something", as the button does; "Abbrechen" stops.
    if (reading.value === "n" && offersChange(field)) return { state: { ...base, changing: true } };
    return { state: withValue(base, field, reading.value === "y") };
  }
  return { state: withValue(base, field, reading.value) };
}

const isFormAction = (data: string): boolean => tokenOf(data) !== undefined;
