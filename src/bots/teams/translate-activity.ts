import { z } from "zod";
import { inboundSchema, type ChatSession, type Inbound } from "../../core/dialog/inbound.ts";
import { conversationRefOf } from "./conversation-ref.ts";
import { FILE_CONSENT_INVOKE, readFileConsent, type FileConsentAnswer } from "./file-consent.ts";

/**
 * Bot Framework activity → what the core understands. Pure: no I/O, no flow logic. Every shape Teams may send
 * (and fields it adds in the future) ends in one of these cases; nothing here throws on odd input.
 */
export type TranslatedActivity =
  /** A person in a personal chat: hand it to the core. `cardId`: the card whose button or form was used. */
  | { kind: "inbound"; session: ChatSession; inbound: Inbound; cardId: string | null }
  /** "Allow" or "Decline" on a file consent card; `answer` null when its value has an unknown shape. */
  | { kind: "fileConsent"; session: ChatSession; answer: FileConsentAnswer | null }
  /** The bot was added to a personal chat: greet. */
  | { kind: "welcome"; session: ChatSession }
  /** A personal chat, but something the core cannot take (a file, an empty message, an unknown card). */
  | { kind: "unsupported"; session: ChatSession; fromCard: boolean }
  /** A personal chat's activity with nothing to answer (app updated, members changed, a reaction): only keep it current. */
  | { kind: "refresh"; session: ChatSession; reason: string }
  /** Nothing to answer (group chats, channels, other activity types). */
  | { kind: "ignore"; reason: string };

const COMMAND = /^\/([A-Za-z_]{1,32})(?:\s+([\s\S]*))?$/;

/** The ids a Teams activity carries; anything else is read loosely below. */
const accountSchema = z.object({ id: z.string().min(1).max(256), aadObjectId: z.string().max(64).optional() });
const activityBase = z.object({
  type: z.string(),
  id: z.string().max(256).optional(),
  channelId: z.string().max(64).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  locale: z.string().max(35).optional(),
  from: accountSchema,
  recipient: accountSchema,
  conversation: z.object({ id: z.string().min(1).max(512), conversationType: z.string().max(32).optional(), tenantId: z.string().max(64).optional() }),
  replyToId: z.string().max(256).optional(),
});
export type ActivityBase = z.output<typeof activityBase>;

/** Action.Submit data of a button: `{ lotseAction: <encoded action> }`; of a whole form: `{ lotseForm: <form id>, …values }`. */
export const ACTION_KEY = "lotseAction";
export const FORM_KEY = "lotseForm";
/** The names of the values a form card carried unasked (comma-separated), so a rejected card can ask the rest again. */
export const FIXED_KEY = "lotseFixed";
/** Which showing of the form a submission comes from (a double click submits the same one twice). */
export const INSTANCE_KEY = "lotseInstance";
/** The invoke Teams sends for an Adaptive Card's Action.Execute; it must be answered with an invoke response. */
export const UNIVERSAL_ACTION_INVOKE = "adaptiveCard/action";
/** A date-and-time field is two inputs on the card: `<name>__date` and `<name>__time`. */
export const DATE_SUFFIX = "__date";
export const TIME_SUFFIX = "__time";

const mention = /<at>[^<]*<\/at>/gi;

/**
 * Typed text → a slash command (`/plan Amina`) or plain text. Words without the slash (`plan Amina`,
 * `link ABCD-2345`) are plain text here: the core knows which words start which command for whom.
 */
export function parseTeamsText(raw: string): Inbound | null {
  const text = raw
    .replace(mention, " ")
    .replace(/&nbsp;/g, " ")
    .trim();
  const match = text.startsWith("/") ? COMMAND.exec(text) : null;
  if (match) {
    const parsed = inboundSchema.safeParse({ kind: "command", command: (match[1] ?? "").toLowerCase(), args: (match[2] ?? "").trim() });
    if (parsed.success) return parsed.data;
  }
  if (!text) return null;
  const parsed = inboundSchema.safeParse({ kind: "text", text });
  return parsed.success ? parsed.data : null;
}

/** Joins `<name>__date` and `<name>__time` into "<date> <time>", the way the core reads typed dates. */
export function joinDateTimes(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parts = new Map<string, { date?: string; time?: string }>();
  for (const [key, value] of Object.entries(values)) {
    const suffix = key.endsWith(DATE_SUFFIX) ? "date" : key.endsWith(TIME_SUFFIX) ? "time" : null;
    if (!suffix) {
      out[key] = value;
      continue;
    }
    const name = key.slice(0, -(suffix === "date" ? DATE_SUFFIX : TIME_SUFFIX).length);
    const part = parts.get(name) ?? {};
    if (typeof value === "string" && value.trim()) part[suffix] = value.trim();
    parts.set(name, part);
  }
  for (const [name, { date, time }] of parts) out[name] = [date, time].filter(Boolean).join(" ");
  return out;
}

/** What a card's Action.Submit sent back: a button's action or a whole form. */
function fromCardValue(value: unknown): Inbound | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (typeof record[ACTION_KEY] === "string") {
    const parsed = inboundSchema.safeParse({ kind: "action", data: record[ACTION_KEY] });
    return parsed.success ? parsed.data : null;
  }
  if (typeof record[FORM_KEY] === "string") {
    const { [FORM_KEY]: formId, [FIXED_KEY]: fixedNames, [INSTANCE_KEY]: instanceId, ...values } = record;
    const fixed = typeof fixedNames === "string" ? fixedNames.split(",").filter(Boolean) : [];
    const parsed = inboundSchema.safeParse({
      kind: "form",
      formId,
      values: joinDateTimes(values),
      ...(fixed.length > 0 ? { fixed } : {}),
      ...(typeof instanceId === "string" ? { instanceId } : {}),
    });
    return parsed.success ? parsed.data : null;
  }
  return null;
}

function sessionOf(activity: ActivityBase): ChatSession {
  return {
    channel: "teams",
    externalId: activity.from.id,
    conversationRef: conversationRefOf(activity),
    locale: activity.locale ?? null,
    aadObjectId: aadOf(activity),
    forms: "whole",
  };
}

const aadOf = (activity: ActivityBase) => activity.from.aadObjectId?.toLowerCase() ?? null;

export function translateActivity(raw: unknown): TranslatedActivity {
  const base = activityBase.safeParse(raw);
  if (!base.success) return { kind: "ignore", reason: "malformed" };
  const activity = base.data;
  const rest = raw as { text?: unknown; value?: unknown; membersAdded?: unknown; name?: unknown };
  if (activity.conversation.conversationType && activity.conversation.conversationType !== "personal") {
    return { kind: "ignore", reason: "not_personal" };
  }
  const session = sessionOf(activity);
  if (activity.type === "conversationUpdate") {
    const added = Array.isArray(rest.membersAdded) ? rest.membersAdded : [];
    const botAdded = added.some((member) => (member as { id?: unknown } | null)?.id === activity.recipient.id);
    if (!botAdded) return { kind: "refresh", session, reason: "members_changed" };
    // In a personal chat `from` is the person who installed the app.
    return { kind: "welcome", session };
  }
  if (activity.type === "invoke" && rest.name === UNIVERSAL_ACTION_INVOKE) {
    // A card button as Action.Execute (Universal Actions): its data is read like Action.Submit's.
    const inbound = fromCardValue((rest.value as { action?: { data?: unknown } } | null)?.action?.data);
    return inbound ? { kind: "inbound", session, inbound, cardId: activity.replyToId ?? null } : { kind: "unsupported", session, fromCard: true };
  }
  if (activity.type === "invoke" && rest.name === FILE_CONSENT_INVOKE) return { kind: "fileConsent", session, answer: readFileConsent(rest.value) };
  if (activity.type !== "message") return { kind: "refresh", session, reason: `activity_type:${activity.type}` };
  if (activity.from.id === activity.recipient.id) return { kind: "ignore", reason: "from_bot" };
  if (rest.value !== undefined) {
    const cardId = activity.replyToId ?? null;
    const inbound = fromCardValue(rest.value);
    return inbound ? { kind: "inbound", session, inbound, cardId } : { kind: "unsupported", session, fromCard: true };
  }
  const inbound = typeof rest.text === "string" ? parseTeamsText(rest.text) : null;
  if (!inbound) return { kind: "unsupported", session, fromCard: false };
  return { kind: "inbound", session, inbound, cardId: null };
}
