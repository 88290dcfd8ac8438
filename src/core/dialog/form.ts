import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "./inbound.ts";
import type { FormFieldKind, FormValue, MessageParams, Outbound, TextPart } from "./messages.ts";

/**
 * A form is a channel-neutral dialog: typed fields, each with a prompt key, and one zod schema for the whole.
 * Telegram asks the fields one message at a time; Teams shows the whole form as one Adaptive Card. Both end in
 * the same `submit` with the same validation.
 */
export type FieldType = FormFieldKind;

export interface FieldOption {
  /** The stored value (an id or a short code; at most 26 characters so it fits a button). */
  value: string;
  labelKey: string;
  labelParams?: MessageParams;
  /** A literal label (e.g. a person's name) instead of a key. */
  label?: string;
}

/** A chat filling a form: who, in which chat, and the zone typed dates and times are read in. */
export interface DialogContext {
  deps: CoreDeps;
  actor: Actor;
  session: ChatSession;
  /** The time zone in which typed dates and times are read. */
  zone: string;
}

export interface FormContext {
  deps: CoreDeps;
  actor: Actor;
  /** Values given so far (later options may depend on earlier answers). */
  values: Record<string, unknown>;
  /** Time zone for reading and showing times. */
  zone: string;
}

/** A text field's own reading of what was typed: the value to keep, or why not (a text that may name the wrong part). */
export type TextReading = { ok: true; value: string } | { ok: false; errorKey: string; errorParams?: MessageParams };

export interface FormField {
  name: string;
  type: FieldType;
  /** The question asked in a chat, one field at a time ("Who was it with? Tap a name or type it"). */
  promptKey: string;
  promptParams?: MessageParams;
  /** The field's label where the whole form is shown at once ("Client"); without it, the prompt. */
  labelKey?: string;
  optional?: boolean;
  /** Asked only when this holds for the values given so far (e.g. a custom text only for a custom step). */
  when?: (values: Record<string, unknown>) => boolean;
  /** Options of choice fields; may depend on the actor (e.g. their caseload) and earlier values. */
  options?: (context: FormContext) => Promise<FieldOption[]>;
  /**
   * Choice: a typed answer that names no option is refused with this key, given `text` (what was typed) and `options`
   * (every option's label, as a list), so that a name typed wrong is answered with the names there are. Without it:
   * "please choose".
   */
  unknownChoiceKey?: string;
  /**
   * Text: reads what was typed, after the length check (a compact list such as "ar Muttersprache, en B1"). A refusal
   * asks again in a chat and is named under the input on a card.
   */
  read?: (text: string) => TextReading;
  /**
   * What leaving the field empty means ("leer: 60 Minuten"), shown in the card's empty input. Not in a chat, whose
   * question says it beside its "skip", and not in the label, which names the field where a summary offers to change it.
   */
  emptyMeansKey?: string;
  /**
   * Datetime: a day alone ("18.12.", "in 2 Wochen", "Freitag") is enough and means this local time on it, "HH:MM" (a
   * deadline: "23:59"); without it, the time must be named.
   */
  dayAloneAt?: string;
  /**
   * Datetime: a time alone is read on the day picked in this field ("14:30" after "Übermorgen"), not on today.
   * Choice (the time buttons of a picked day): a time typed instead of tapped is read on that day and kept as "HHMM".
   */
  onDayOf?: string;
  /**
   * Shown on a card only, never asked question by question: an optional detail a chat gives another way (the day of a
   * contact: in the one-line log, or from the attended appointment), so the chat keeps its few taps.
   */
  cardOnly?: boolean;
  /**
   * Shown above the question in a chat, from the answers so far: what will be saved, so that a wrong date or place
   * is seen before the last tap (the appointment's confirmation names client, day, time, duration, place and kind).
   */
  summary?: (context: FormContext) => Promise<TextPart[]>;
  /** A confirmation whose summary only says what it is about (which appointment to cancel): "no", not "change". */
  summaryOnly?: boolean;
  /**
   * Fields answered again when this one is changed from a summary (a new day asks its time again). A confirmation with
   * a summary offers "change" instead of "no": each labelled answer can be picked and given anew.
   */
  resets?: string[];
  /**
   * Choice: on a card, the fields after it are shown once it is chosen (the card is sent with it and comes back with
   * it fixed), so that their options and whether they apply follow from it (the steps of the area chosen, the values
   * of the step chosen). Answered in a chat one question at a time anyway.
   */
  refreshesCard?: boolean;
  /** Date: the day something took place, so today or earlier; a later day is refused, naming the day understood. */
  notAfterToday?: boolean;
  /** Text: maximum length; number: range. */
  maxLength?: number;
  min?: number;
  max?: number;
}

/**
 * What a submission may lead to besides its messages: another form, started at once with values given (a new goal
 * goes on with its first step), so that the person is not sent back to a button first.
 */
export interface FormSubmitted {
  outbound: Outbound[];
  next?: { form: FormDefinition; values: Record<string, FormValue> };
}

export interface FormDefinition<T = unknown> {
  /** Short id (≤ 8 of a-z0-9), used in button data and dialog state. */
  id: string;
  titleKey: string;
  fields: FormField[];
  /** Validates all values together; the same for step-by-step and whole-form submission. */
  schema: z.ZodType<T>;
  /**
   * What is recorded now, by field name: shown with the field (in a chat under its question, on a card in its empty
   * input), so that the person sees what skipping keeps. Read once when the form is shown, with the values given then.
   */
  hints?(context: FormContext): Promise<Record<string, TextPart>>;
  /** Whether the actor may use the form at all (checked before the first question). */
  allowed(actor: Actor): boolean;
  submit(context: Omit<FormContext, "values">, values: T): Promise<Outbound[] | FormSubmitted>;
}

export function defineForm<T>(form: FormDefinition<T>): FormDefinition<T> {
  if (!/^[a-z0-9]{1,8}$/.test(form.id)) throw new Error(`form id "${form.id}" must be 1-8 of a-z0-9`);
  return form;
}
