import type { Button, MessageParams, TextPart } from "../core/dialog/messages.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import { outboxParamKindsOf, type OutboxParamKind, type OutboxParamValue, type OutboxParams } from "../core/outbox/message-kinds.ts";
import { catalogueStepTitle } from "../core/plans/step-title.ts";
import { splitKey } from "./keys.ts";
import { z } from "zod";
import { conversationFileKinds } from "../core/conversations/model.ts";
import { isConversationPhrase, phraseKeys } from "../core/conversations/phrases.ts";
import { clientLanguageSchema } from "../core/shared/languages.ts";
import type { RelayedFile } from "../delivery/ports.ts";
import type { RenderedMessage, Translator } from "./translator.ts";

/**
 * Outbox rows keep their params as plain values (src/core/outbox/model.ts): times as ISO strings, a plan step as its
 * catalogue key and values. Each message kind declares what its params are (src/core/outbox/message-kinds.ts); this
 * turns them into `MessageParams`, so that the translator formats times in the recipient's language and zone and
 * translates codes. A param the kind does not declare is left out; a row of a kind no longer planned shows its values
 * as they are.
 */
export function messageParamsFromOutbox(params: OutboxParams, zone: string, messageKey: string): MessageParams {
  const kinds = outboxParamKindsOf(messageKey);
  const namespace = splitKey(messageKey).namespace;
  const result: MessageParams = {};
  for (const [name, value] of Object.entries(params)) {
    const kind = kinds ? kinds[name] : "text";
    if (kind === undefined || kind === "file" || kind === "appointment" || kind === "plan") continue;
    result[name] = convert(kind, value, zone, namespace);
  }
  return result;
}

const relayedFileSchema = z.object({
  fileKind: z.enum(conversationFileKinds),
  fileChannel: z.literal("telegram"),
  fileRef: z.string().min(1),
  fileName: z.string(),
  fileMime: z.string(),
});

/** The file a row carries (pass-client-message.ts puts it there), read with zod like any stored JSON. */
export function relayedFileOf(params: OutboxParams): RelayedFile | undefined {
  const parsed = relayedFileSchema.safeParse(params);
  if (!parsed.success) return undefined;
  const { fileKind, fileChannel, fileRef, fileName, fileMime } = parsed.data;
  return { kind: fileKind, channel: fileChannel, ref: fileRef, name: fileName || null, mimeType: fileMime || null };
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const codePattern = /^[a-z][a-z0-9_]*$/;

function convert(kind: OutboxParamKind, value: OutboxParamValue, zone: string, namespace: string): MessageParams[string] {
  if (typeof value === "object") {
    if (kind === "step") return stepTitle(value.key, value.params);
    if (kind === "tally") return tally(value.key, value.params, namespace);
    // A mark is a key of the message's own namespace: a row never names a text of another part of the application.
    if (kind === "marked") {
      return namespace && value.key.startsWith(`${namespace}.`)
        ? { t: "key", key: value.key, params: { ...value.params } }
        : (Object.values(value.params)[0] ?? "");
    }
    return value.key;
  }
  switch (kind) {
    case "minutes":
      return typeof value === "number" ? { t: "key", key: "client.duration.minutes", params: { count: value } } : value;
    case "instant":
      return typeof value === "string" && instantPattern.test(value) ? { t: "datetime", iso: value, zone } : value;
    case "date":
      return typeof value === "string" && datePattern.test(value) ? { t: "date", iso: value, zone } : value;
    case "until":
      return typeof value === "string" && datePattern.test(value) ? { t: "until", iso: value, zone } : value;
    case "step":
      return stepTitle(String(value), {});
    case "reason":
      return typeof value === "string" && namespace && codePattern.test(value) ? { t: "key", key: `${namespace}.reason.${value}` } : value;
    case "service":
      return typeof value === "string" && namespace && codePattern.test(value) ? { t: "key", key: `${namespace}.service.${value}` } : value;
    case "phrase":
      return typeof value === "string" && isConversationPhrase(value) ? { t: "key", key: phraseKeys[value] } : value;
    case "language":
      return clientLanguageSchema.safeParse(value).success ? { t: "key", key: `manager.language_name.${String(value)}` } : value;
    default:
      return value;
  }
}

/**
 * Counts by name as a list of those not zero ("2 offene Anliegen und 3 fällige Schritte"), or the tally's "none"; a
 * key outside the message's own namespace names nothing.
 */
function tally(key: string, counts: Readonly<Record<string, string>>, namespace: string): MessageParams[string] {
  if (!namespace || !key.startsWith(`${namespace}.`)) return "";
  const items = Object.entries(counts)
    .map(([name, count]) => ({ name, count: Number(count) }))
    .filter(({ count }) => Number.isInteger(count) && count > 0)
    .map(({ name, count }): MessageParams[string] => ({ t: "key", key: `${key}.${name}`, params: { count } }));
  return items.length > 0 ? { t: "list", items } : { t: "key", key: `${key}.none` };
}

/** A catalogue step's title with its own values; a step written as free text is "a step agreed with your manager". */
function stepTitle(key: string, params: Readonly<Record<string, string>>): MessageParams[string] {
  return catalogueStepTitle(key, params) ?? { t: "key", key: "client.step.custom" };
}

/** The row's actions as the core's button rows: a new row where an action says so (`OutboxAction.newRow`). */
function actionRows(actions: OutboxMessage["actions"]): Button[][] {
  const rows: Button[][] = [];
  for (const action of actions) {
    const button = { labelKey: action.labelKey, data: action.data };
    const row = rows.at(-1);
    if (row && !action.newRow) row.push(button);
    else rows.push([button]);
  }
  return rows;
}

/**
 * Renders an outbox row for its recipient at the moment of sending: text in their current language, times in their
 * zone, the row's actions as buttons: in one row, or more where an action starts a new one, each split further where
 * the labels need it, as every keyboard. Fits the dispatcher's renderer port
 * (`{ render: (message, recipient) => renderOutboxMessage(translator, message, recipient) }`).
 */
export function renderOutboxMessage(
  translator: Translator,
  message: Pick<OutboxMessage, "messageKey" | "params" | "actions">,
  recipient: { language: string; timezone: string },
  now?: Date,
  /** Parts shown below the message's text (a plan sent for agreement, made by the delivery at sending). */
  extraParts: TextPart[] = [],
): RenderedMessage & { buttons: { label: string; data: string }[][]; file?: RelayedFile; fileMissingText?: string } {
  const options = { language: recipient.language, timeZone: recipient.timezone, ...(now ? { now } : {}) };
  const params = messageParamsFromOutbox(message.params, recipient.timezone, message.messageKey);
  const { text, buttons } = translator.renderOutbound(
    {
      parts: [{ key: message.messageKey, params }, ...extraParts],
      buttons: actionRows(message.actions),
    },
    options,
  );
  const file = relayedFileOf(message.params);
  const missing = file ? translator.renderText("manager.conversation.file_not_attached", {}, recipient.language, options) : undefined;
  return {
    text,
    buttons: buttons.map((row) => row.map((button) => ({ label: button.label, data: button.data ?? "" }))),
    ...(file ? { file, fileMissingText: missing } : {}),
  };
}
