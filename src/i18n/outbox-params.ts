import type { MessageParams } from "../core/dialog/messages.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import { isPlanArea } from "../core/plans/areas.ts";
import { findCatalogueStep } from "../core/plans/step-catalogue.ts";
import { splitKey } from "./keys.ts";
import { z } from "zod";
import { conversationFileKinds } from "../core/conversations/model.ts";
import { isConversationPhrase, phraseKeys } from "../core/conversations/phrases.ts";
import { clientLanguageSchema } from "../core/shared/languages.ts";
import type { RelayedFile } from "../delivery/ports.ts";
import type { RenderedMessage, Translator } from "./translator.ts";

/**
 * Outbox rows keep their params as plain strings and numbers (src/core/outbox/model.ts): times as ISO strings, a
 * plan step as its catalogue key. This turns them into `MessageParams` by naming convention, so that the
 * translator formats times in the recipient's language and zone and translates keys:
 * - a name ending in `At` with an ISO instant → `{t: "datetime"}` in `zone` (`startsAt`, `previousStartsAt`);
 * - a name ending in `Date` with "YYYY-MM-DD" → `{t: "date"}`;
 * - `durationMin` (a number) → "30 minutes" (`client.duration.minutes`, with plural forms);
 * - `stepKey` → the catalogue step's title (`catalogue.<key>.title`), or `client.step.custom` for a step
 *   written as free text (whose German text is never sent);
 * - `area` → the plan area's name (`areas.<area>`);
 * - `reason` (a snake_case code) → `<namespace of the message>.reason.<code>`, e.g. `manager.reason.blocked`;
 * - `phrase` → a manager's standard answer in the recipient's language (`client.conversation.phrase.<code>`);
 * - `language` (a client language code) → its name for staff (`manager.language_name.<code>`);
 * - `file*` (a client's file passed on) → not text: the rendered message's `file` (`relayedFileOf`).
 * Everything else is passed on as it is (names, places).
 */
export function messageParamsFromOutbox(params: Readonly<Record<string, string | number>>, zone: string, messageKey = ""): MessageParams {
  const namespace = splitKey(messageKey).namespace;
  const result: MessageParams = {};
  for (const [name, value] of Object.entries(params)) if (!name.startsWith("file")) result[name] = convert(name, value, zone, namespace);
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
export function relayedFileOf(params: Readonly<Record<string, string | number>>): RelayedFile | undefined {
  const parsed = relayedFileSchema.safeParse(params);
  if (!parsed.success) return undefined;
  const { fileKind, fileChannel, fileRef, fileName, fileMime } = parsed.data;
  return { kind: fileKind, channel: fileChannel, ref: fileRef, name: fileName || null, mimeType: fileMime || null };
}

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function convert(name: string, value: string | number, zone: string, namespace: string): MessageParams[string] {
  if (name === "durationMin" && typeof value === "number") {
    return { t: "key", key: "client.duration.minutes", params: { count: value } };
  }
  if (typeof value !== "string") return value;
  if (name.endsWith("At") && instantPattern.test(value)) return { t: "datetime", iso: value, zone };
  if (name.endsWith("Date") && datePattern.test(value)) return { t: "date", iso: value, zone };
  if (name === "stepKey") {
    return findCatalogueStep(value) ? { t: "key", key: `catalogue.${value}.title` } : { t: "key", key: "client.step.custom" };
  }
  if (name === "area" && isPlanArea(value)) return { t: "key", key: `areas.${value}` };
  if (name === "phrase" && isConversationPhrase(value)) return { t: "key", key: phraseKeys[value] };
  if (name === "language" && clientLanguageSchema.safeParse(value).success) return { t: "key", key: `manager.language_name.${value}` };
  if (name === "reason" && namespace && /^[a-z][a-z0-9_]*$/.test(value)) return { t: "key", key: `${namespace}.reason.${value}` };
  return value;
}

/**
 * Renders an outbox row for its recipient at the moment of sending: text in their current language, times in their
 * zone, one row of buttons from the row's actions. Fits the dispatcher's renderer port
 * (`{ render: (message, recipient) => renderOutboxMessage(translator, message, recipient) }`).
 */
export function renderOutboxMessage(
  translator: Translator,
  message: Pick<OutboxMessage, "messageKey" | "params" | "actions">,
  recipient: { language: string; timezone: string },
  now?: Date,
): RenderedMessage & { buttons: { label: string; data: string }[][]; file?: RelayedFile; fileMissingText?: string } {
  const options = { language: recipient.language, timeZone: recipient.timezone, ...(now ? { now } : {}) };
  const text = translator.renderText(
    message.messageKey,
    messageParamsFromOutbox(message.params, recipient.timezone, message.messageKey),
    recipient.language,
    options,
  );
  const row = message.actions.map((action) => ({ label: translator.renderButton({ labelKey: action.labelKey }, options).label, data: action.data }));
  const file = relayedFileOf(message.params);
  const missing = file ? translator.renderText("manager.conversation.file_not_attached", {}, recipient.language, options) : undefined;
  return { text, buttons: row.length > 0 ? [row] : [], ...(file ? { file, fileMissingText: missing } : {}) };
}
