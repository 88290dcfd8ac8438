import { z } from "zod";
import { contactMoment } from "../contacts/contact-day.ts";
import { logContact } from "../contacts/log-contact.ts";
import { logQuickContact } from "../contacts/log-quick-contact.ts";
import { maxContactNoteLength, type ContactView } from "../contacts/model.ts";
import { contactKinds, maxDurationMin, minDurationMin } from "../contacts/parse-quick-log.ts";
import { candidatePath } from "../contacts/resolve-client-name.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Button, type MessageParam, type Outbound, type TextPart } from "../dialog/messages.ts";
import { isDomainError, type DomainError } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import type { ChatContext } from "./chat-context.ts";
import { quickLogClientAction } from "./chat-actions.ts";
import { contactCorrectionButtons } from "./contact-corrections.ts";
import { caseloadOptions, isStaffManager, kindKeys } from "./staff-options.ts";
import { contactDetailFields, dayOfField } from "./contact-fields.ts";

const logSchema = z.object({
  client: z.string().min(1),
  kind: z.enum(contactKinds),
  areas: z.array(planAreaSchema).default([]),
  durationMin: z.number().int().min(minDurationMin).max(maxDurationMin),
  /** The day of the contact, "YYYY-MM-DD"; today when skipped. */
  day: z.preprocess((value) => (value === "" ? undefined : value), z.iso.date().optional()),
  note: z.string().trim().max(maxContactNoteLength).optional(),
});

/** What was logged, to check at a glance: with whom, what, on which day, how long, and the plan areas. */
async function logged(context: Pick<ChatContext, "actor" | "deps">, contact: ContactView, zone: string): Promise<Outbound> {
  const client = (await context.deps.store.clients.get(contact.clientId))?.name ?? "";
  const parts: TextPart[] = [
    {
      key: "manager.contact.logged",
      params: {
        client,
        kind: { t: "key", key: kindKeys[contact.kind] },
        day: { t: "date", iso: contact.at.toISOString(), zone },
        minutes: contact.durationMin,
      },
    },
  ];
  if (contact.areas.length > 0) {
    const items: MessageParam[] = contact.areas.map((area) => ({ t: "key", key: `areas.${area}` }));
    parts.push({ key: "manager.contact.logged_areas", params: { areas: { t: "list", items } } });
  }
  return { parts, buttons: contactCorrectionButtons(context, contact) };
}

/**
 * /log: client (recent first) → kind → areas → duration → optional note; a visit in at most four taps. The day is on
 * the card only: in a chat it comes with the one-line log ("/log Omar gestern 30 Hausbesuch") or from the attended
 * appointment; otherwise the contact is today's.
 */
export const logForm = defineForm({
  id: "log",
  titleKey: "manager.contact.title",
  schema: logSchema,
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "choice", promptKey: "manager.contact.client", labelKey: "manager.labels.client", options: caseloadOptions },
    ...contactDetailFields,
    {
      name: "day",
      type: "date",
      promptKey: "manager.contact.day",
      labelKey: "manager.labels.contact_day",
      emptyMeansKey: "manager.labels.contact_day_empty",
      optional: true,
      notAfterToday: true,
      cardOnly: true,
    },
    { name: "note", type: "text", promptKey: "manager.contact.note", labelKey: "manager.labels.note", optional: true, maxLength: maxContactNoteLength },
  ],
  submit: async (context, values): Promise<Outbound[]> => {
    const { deps, actor, zone } = context;
    const contact = await logContact(deps, actor, {
      clientId: values.client,
      at: contactMoment(dayOfField(values.day), deps.clock.now(), zone).toISOString(),
      kind: values.kind,
      areas: values.areas,
      durationMin: values.durationMin,
      ...(values.note ? { note: values.note } : {}),
    });
    return [await logged(context, contact, zone)];
  },
});

/** The one-line text of a quick log kept while the manager picks among clients with the same name. */
const pendingKey = (context: ChatContext) => `quicklog:${context.session.channel}:${context.session.externalId}`;
const PENDING_TTL_MS = 30 * 60 * 1000;

/**
 * `/log <one line>` or "log …": the contact in one line. An ambiguous name is answered with one button per
 * candidate; the line waits (like a dialog) until one is tapped.
 */
export async function quickLog(context: ChatContext, text: string, clientId?: string): Promise<Outbound[]> {
  try {
    const contact = await logQuickContact(context.deps, context.actor, { text, ...(clientId ? { clientId } : {}) });
    return [await logged(context, contact, context.zone)];
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid_input") return [quickLogRefusal(error)];
    // Not "not found, maybe deleted": the name matches nobody of the caseload.
    if (isDomainError(error) && error.code === "not_found" && error.issues.some((issue) => issue.path === "client")) {
      return [{ parts: [{ key: "manager.contact.error.no_client" }, { key: "manager.contact.error.example" }] }];
    }
    if (!isDomainError(error) || error.code !== "conflict") throw error;
    const candidates = error.issues.filter((issue) => issue.path.startsWith(candidatePath("")));
    if (candidates.length === 0) throw error;
    const now = context.deps.clock.now();
    await context.deps.store.dialogs.put(pendingKey(context), { quickLog: text }, new Date(now.getTime() + PENDING_TTL_MS));
    const buttons: Button[][] = candidates.map((issue) => [
      { labelKey: "", label: issue.message, data: quickLogClientAction.encode(issue.path.slice(candidatePath("").length)) },
    ]);
    return [{ parts: [{ key: "manager.contact.which_client" }], buttons }];
  }
}

/** Each part of a one-line log that could not be read, by what it should have been; the parts typed are named. */
const refusalKeys: Record<string, string> = {
  client: "manager.contact.error.client",
  duration: "manager.contact.error.duration",
  kind: "manager.contact.error.kind",
  words: "manager.contact.error.words",
  date: "manager.contact.error.date",
  text: "manager.contact.error.text",
};

/** Says what in the line was wrong and what to type, one line per problem, then an example; nothing is saved. */
function quickLogRefusal(error: DomainError): Outbound {
  const parts: TextPart[] = [];
  for (const issue of error.issues) {
    const key = refusalKeys[issue.path];
    if (!key) continue;
    const word = /"([^"]*)"/.exec(issue.message)?.[1] ?? "";
    if (!parts.some((part) => part.key === key && part.params?.word === word)) parts.push({ key, params: { word } });
  }
  return { parts: [...(parts.length > 0 ? parts : [{ key: "errors.invalid_input" }]), { key: "manager.contact.error.example" }] };
}

/** A candidate was tapped: the waiting line is logged for that client. */
export async function quickLogForClient(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const key = pendingKey(context);
  const pending = z.object({ quickLog: z.string().min(1) }).safeParse(await context.deps.store.dialogs.get(key, context.deps.clock.now()));
  if (!pending.success) return [say("dialog.stale")];
  const outbound = await quickLog(context, pending.data.quickLog, clientId);
  await context.deps.store.dialogs.delete(key);
  return outbound;
}
