import { z } from "zod";
import { logContact } from "../contacts/log-contact.ts";
import { logQuickContact } from "../contacts/log-quick-contact.ts";
import { maxContactNoteLength, type ContactView } from "../contacts/model.ts";
import { contactKinds, maxDurationMin, minDurationMin } from "../contacts/parse-quick-log.ts";
import { candidatePath } from "../contacts/resolve-client-name.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import type { ChatContext } from "./chat-context.ts";
import { quickLogClientAction } from "./chat-actions.ts";
import { areaOptions, caseloadOptions, isStaffManager, kindKeys, kindOptions } from "./staff-options.ts";

const logSchema = z.object({
  client: z.string().min(1),
  kind: z.enum(contactKinds),
  areas: z.array(planAreaSchema).default([]),
  durationMin: z.number().int().min(minDurationMin).max(maxDurationMin),
  note: z.string().trim().max(maxContactNoteLength).optional(),
});

function logged(contact: ContactView): Outbound {
  return say("manager.contact.logged", { kind: { t: "key", key: kindKeys[contact.kind] }, minutes: contact.durationMin });
}

/** /log: client (recent first) → kind → areas → duration → optional note; a visit in at most four taps. */
export const logForm = defineForm({
  id: "log",
  titleKey: "manager.contact.title",
  schema: logSchema,
  allowed: isStaffManager,
  fields: [
    { name: "client", type: "choice", promptKey: "manager.contact.client", labelKey: "manager.labels.client", options: caseloadOptions },
    {
      name: "kind",
      type: "choice",
      promptKey: "manager.contact.kind",
      labelKey: "manager.labels.contact_kind",
      options: async () => kindOptions(contactKinds),
    },
    {
      name: "areas",
      type: "multi_choice",
      promptKey: "manager.contact.areas",
      labelKey: "manager.labels.areas",
      optional: true,
      options: async () => areaOptions(),
    },
    {
      name: "durationMin",
      type: "duration",
      promptKey: "manager.contact.duration",
      labelKey: "manager.labels.duration",
      min: minDurationMin,
      max: maxDurationMin,
    },
    { name: "note", type: "text", promptKey: "manager.contact.note", labelKey: "manager.labels.note", optional: true, maxLength: maxContactNoteLength },
  ],
  submit: async ({ deps, actor }, values): Promise<Outbound[]> => {
    const contact = await logContact(deps, actor, {
      clientId: values.client,
      kind: values.kind,
      areas: values.areas,
      durationMin: values.durationMin,
      ...(values.note ? { note: values.note } : {}),
    });
    return [logged(contact)];
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
    return [logged(await logQuickContact(context.deps, context.actor, { text, ...(clientId ? { clientId } : {}) }))];
  } catch (error) {
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

/** A candidate was tapped: the waiting line is logged for that client. */
export async function quickLogForClient(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const key = pendingKey(context);
  const pending = z.object({ quickLog: z.string().min(1) }).safeParse(await context.deps.store.dialogs.get(key, context.deps.clock.now()));
  if (!pending.success) return [say("dialog.stale")];
  const outbound = await quickLog(context, pending.data.quickLog, clientId);
  await context.deps.store.dialogs.delete(key);
  return outbound;
}
