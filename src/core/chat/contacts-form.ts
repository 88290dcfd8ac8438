import { z } from "zod";
import { listContacts } from "../contacts/list-contacts.ts";
import { defineForm } from "../dialog/form.ts";
import { say, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { caseloadOptions, kindKeys } from "./staff-options.ts";

/** How many of a client's contacts the chat shows: the newest. */
const shown = 10;

/**
 * /contacts: a client's latest contacts (when, what kind, how long), newest first. Notes stay in the store: a chat
 * message never carries them.
 */
export const contactsForm = defineForm({
  id: "contacts",
  titleKey: "manager.contacts.title",
  schema: z.object({ clientId: z.string().min(1) }),
  allowed: (actor) => actor.kind === "staff",
  fields: [{ name: "clientId", type: "choice", promptKey: "manager.contacts.client", labelKey: "manager.contacts.client_label", options: caseloadOptions }],
  submit: async ({ deps, actor, zone }, values): Promise<Outbound[]> => {
    const contacts = await listContacts(deps, actor, { clientId: values.clientId, limit: shown });
    const name = (await deps.store.clients.get(values.clientId))?.name ?? "";
    if (contacts.length === 0) return [say("manager.contacts.none", { name })];
    const items: MessageParam[] = contacts.map((contact) => ({
      t: "key",
      key: "manager.contacts.item",
      params: { at: { t: "datetime", iso: contact.at.toISOString(), zone }, kind: { t: "key", key: kindKeys[contact.kind] }, minutes: contact.durationMin },
    }));
    return [say("manager.contacts.list", { name, contacts: { t: "lines", items } })];
  },
});
