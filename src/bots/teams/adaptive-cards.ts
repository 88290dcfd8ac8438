import type { FieldOption } from "../../core/dialog/form.ts";
import type { FieldValue } from "../../core/dialog/field-values.ts";
import type { FormView } from "../../core/dialog/form-runner.ts";
import type { MessageParams } from "../../core/dialog/messages.ts";
import type { RenderedButton, RenderedMessage } from "../../i18n/index.ts";
import { ACTION_KEY, DATE_SUFFIX, FORM_KEY, TIME_SUFFIX } from "./translate-activity.ts";

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

const optionTitle = (option: FieldOption, t: Translate) => option.label ?? t(option.labelKey, option.labelParams);

function choiceSet(id: string, options: FieldOption[], t: Translate, extra: CardElement): CardElement {
  return { type: "Input.ChoiceSet", id, choices: options.map((option) => ({ title: optionTitle(option, t), value: option.value })), ...extra };
}

function fieldInputs(field: FormView["fields"][number], t: Translate): CardElement[] {
  const label = t(field.promptKey, field.promptParams);
  // A field asked only under a condition (e.g. a custom text for a custom step) cannot be required on a static card.
  const required = !field.optional && !field.when;
  const common = { label, isRequired: required, ...(required ? { errorMessage: t("manager_teams.form.required") } : {}) };
  switch (field.type) {
    case "choice":
      return [choiceSet(field.name, field.choices, t, { ...common, style: "compact" })];
    case "multi_choice":
      return [choiceSet(field.name, field.choices, t, { ...common, style: "expanded", isMultiSelect: true })];
    case "confirm":
      return [
        choiceSet(field.name, [{ value: "y", labelKey: "dialog.button.yes" }, { value: "n", labelKey: "dialog.button.no" }], t, {
          ...common,
          style: "expanded",
          value: "y",
        }),
      ];
    case "datetime":
      return [
        { type: "Input.Date", id: `${field.name}${DATE_SUFFIX}`, ...common },
        { type: "Input.Time", id: `${field.name}${TIME_SUFFIX}`, label: t("manager_teams.form.time"), isRequired: required, ...(required ? { errorMessage: t("manager_teams.form.required") } : {}) },
      ];
    case "duration":
    case "number":
      return [{ type: "Input.Number", id: field.name, ...common, ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}) }];
    case "text":
      return [{ type: "Input.Text", id: field.name, ...common, ...(field.maxLength ? { maxLength: field.maxLength } : {}), isMultiline: (field.maxLength ?? 0) > 200 }];
  }
}

const dataValue = (value: FieldValue): string => (Array.isArray(value) ? value.join(",") : String(value));

/**
 * A whole core form as one card: an input per field (values given already, e.g. the plan a goal belongs to, travel
 * in the submit data instead). The submission comes back as Inbound "form" and meets the same zod schema as the
 * step-by-step dialog.
 */
export function formCard(view: FormView, prefill: Record<string, FieldValue>, t: Translate): CardAttachment {
  const body: CardElement[] = [{ type: "TextBlock", text: t(view.titleKey), weight: "Bolder", size: "Medium", wrap: true }];
  for (const field of view.fields) {
    if (prefill[field.name] !== undefined) continue;
    body.push(...fieldInputs(field, t));
  }
  const data: Record<string, string> = { [FORM_KEY]: view.id };
  for (const [name, value] of Object.entries(prefill)) data[name] = dataValue(value);
  return card(body, [{ type: "Action.Submit", title: t("manager_teams.form.submit"), data, associatedInputs: "auto" }]);
}
