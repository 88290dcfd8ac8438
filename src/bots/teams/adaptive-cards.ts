import type { FormValue, MessageParams, WholeForm, WholeFormField } from "../../core/dialog/messages.ts";
import type { RenderedButton, RenderedMessage } from "../../i18n/index.ts";
import { ACTION_KEY, DATE_SUFFIX, FIXED_KEY, FORM_KEY, INSTANCE_KEY, TIME_SUFFIX } from "./translate-activity.ts";

/** Adaptive Cards 1.5: what Teams renders on desktop, web and mobile. */
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
const CARD_VERSION = "1.5";
/** Action.Submit data must stay small; a button whose data is longer is left out (the codec keeps ≤ 64 bytes). */
const ACTION_DATA_LIMIT_BYTES = 256;

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

export interface CardAttachment {
  contentType: typeof CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

export type Translate = (key: string, params?: MessageParams) => string;

const card = (body: CardElement[], actions: CardElement[] = []): CardAttachment => ({
  contentType: CARD_CONTENT_TYPE,
  content: {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  },
});

/** Text as text blocks: one per line, paragraphs spaced (a single TextBlock would swallow single line breaks). */
export function textBlocks(text: string, heading?: string): CardElement[] {
  const blocks: CardElement[] = heading ? [{ type: "TextBlock", text: heading, weight: "Bolder", size: "Medium", wrap: true }] : [];
  let paragraphStart = blocks.length > 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      paragraphStart = true;
      continue;
    }
    blocks.push({ type: "TextBlock", text: line, wrap: true, spacing: paragraphStart ? "Medium" : "None" });
    paragraphStart = false;
  }
  return blocks;
}

function buttonAction(button: RenderedButton): CardElement | null {
  const title = button.label.trim();
  if (!title) return null;
  if (button.url) return { type: "Action.OpenUrl", title, url: button.url };
  if (!button.data || Buffer.byteLength(button.data, "utf8") > ACTION_DATA_LIMIT_BYTES) return null;
  return { type: "Action.Submit", title, data: { [ACTION_KEY]: button.data } };
}

/** A message with buttons: the text, then one ActionSet per row (rows stay rows, as on Telegram). */
export function messageCard(message: RenderedMessage, heading?: string): CardAttachment {
  const rows = message.buttons
    .map((row) => row.map(buttonAction).filter((action): action is CardElement => action !== null))
    .filter((row) => row.length > 0)
    .map((actions): CardElement => ({ type: "ActionSet", actions }));
  return card([...textBlocks(message.text, heading), ...rows]);
}

/** A submitted form's card, replaced in place by the result under the form's title: no inputs left to submit. */
export function resultCard(title: string, result: RenderedMessage): CardAttachment {
  return messageCard(result, title);
}

type CardField = WholeFormField;
/** From how many choices a drop-down becomes searchable (Adaptive Cards 1.5 "filtered", which Teams renders). */
const FILTERED_FROM = 15;
type CardChoice = WholeFormField["choices"][number];

const optionTitle = (option: CardChoice, t: Translate) => option.label ?? t(option.labelKey, option.labelParams);

function choiceSet(id: string, options: CardChoice[], t: Translate, extra: CardElement): CardElement {
  return { type: "Input.ChoiceSet", id, choices: options.map((option) => ({ title: optionTitle(option, t), value: option.value })), ...extra };
}

/** The inputs of a field; `given` is what the person typed before (a rejected card keeps it). */
function fieldInputs(field: CardField, t: Translate, given: string | undefined): CardElement[] {
  const label = t(field.labelKey, field.labelParams);
  // A field asked only under a condition (e.g. a custom text for a custom step) cannot be required on a static card.
  const required = !field.optional && !field.conditional;
  const common = { label, isRequired: required, ...(required ? { errorMessage: t("manager_teams.form.required") } : {}) };
  const value = given !== undefined ? { value: given } : {};
  // What is recorded now, in the empty input (leaving it empty keeps it); a toggle and a list of boxes have no room.
  const placeholder = field.hint ? { placeholder: t(field.hint.key, field.hint.params) } : {};
  switch (field.type) {
    case "choice":
      // A long list (a caseload) is searchable as one types; a short one is a plain drop-down.
      return [
        choiceSet(field.name, field.choices, t, { ...common, ...value, ...placeholder, style: field.choices.length > FILTERED_FROM ? "filtered" : "compact" }),
      ];
    case "multi_choice":
      return [choiceSet(field.name, field.choices, t, { ...common, ...value, style: "expanded", isMultiSelect: true })];
    case "confirm":
      return [
        {
          type: "Input.Toggle",
          id: field.name,
          title: label,
          value: given === "false" || given === "n" ? "false" : "true",
          valueOn: "true",
          valueOff: "false",
        },
      ];
    case "datetime": {
      const [date, time] = (given ?? "").split(/\s+/);
      return [
        { type: "Input.Date", id: `${field.name}${DATE_SUFFIX}`, ...common, ...(date ? { value: date } : {}) },
        {
          type: "Input.Time",
          id: `${field.name}${TIME_SUFFIX}`,
          label: t("manager_teams.form.time"),
          isRequired: required,
          ...(required ? { errorMessage: t("manager_teams.form.required") } : {}),
          ...(time ? { value: time } : {}),
        },
      ];
    }
    case "date":
      return [{ type: "Input.Date", id: field.name, ...common, ...value, ...placeholder }];
    case "duration":
    case "number":
      return [
        {
          type: "Input.Number",
          id: field.name,
          ...common,
          ...value,
          ...placeholder,
          ...(field.min !== undefined ? { min: field.min } : {}),
          ...(field.max !== undefined ? { max: field.max } : {}),
        },
      ];
    case "text":
      return [
        {
          type: "Input.Text",
          id: field.name,
          ...common,
          ...value,
          ...placeholder,
          ...(field.maxLength ? { maxLength: field.maxLength } : {}),
          isMultiline: (field.maxLength ?? 0) > 200,
        },
      ];
  }
}

const dataValue = (value: FormValue): string => (Array.isArray(value) ? value.join(",") : String(value));
const attention = (text: string): CardElement => ({ type: "TextBlock", text, color: "Attention", wrap: true, size: "Small", spacing: "None" });

/** A rejected submission: what is wrong overall, and per field why (shown under the field's inputs). */
export interface CardRejection {
  message: string;
  given: Record<string, string>;
  invalid: { field: string; reasonKey: string; reasonParams?: MessageParams }[];
}

/**
 * A whole core form as one card: an input per field. Values fixed before (e.g. the plan a goal belongs to) travel in
 * the submit data instead, with their names under FIXED_KEY. The submission comes back as Inbound "form" and meets
 * the same zod schema as the step-by-step dialog. A rejected submission comes back as the same card with the wrong
 * fields named under their inputs and what was typed kept.
 */
export function formCard(form: WholeForm, t: Translate, rejection?: CardRejection): CardAttachment {
  const body: CardElement[] = [{ type: "TextBlock", text: t(form.titleKey), weight: "Bolder", size: "Medium", wrap: true }];
  for (const part of form.chosen ?? []) body.push({ type: "TextBlock", text: t(part.key, part.params), wrap: true, spacing: "Small" });
  if (rejection) body.push({ ...attention(rejection.message), size: "Default", spacing: "Small" });
  for (const field of form.fields) {
    const given = rejection?.given[field.name] ?? form.given?.[field.name];
    body.push(...fieldInputs(field, t, given));
    const wrong = rejection?.invalid.find((invalid) => invalid.field === field.name);
    if (wrong) body.push(attention(t(wrong.reasonKey, wrong.reasonParams)));
  }
  const data: Record<string, string> = { [FORM_KEY]: form.id, [INSTANCE_KEY]: form.instanceId };
  for (const [name, value] of Object.entries(form.fixed)) data[name] = dataValue(value);
  if (Object.keys(form.fixed).length > 0) data[FIXED_KEY] = Object.keys(form.fixed).join(",");
  const title = t(form.continues ? "manager_teams.form.next" : "manager_teams.form.submit");
  return card(body, [{ type: "Action.Submit", title, data, associatedInputs: "auto" }]);
}
