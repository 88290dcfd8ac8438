import { defineClientForm } from "./client-form.ts";
import { listContacts } from "../contacts/list-contacts.ts";
import { say, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { kindKeys } from "./staff-options.ts";

/** How many of a client's contacts the chat shows: the newest. */
const shown = 10;

/**
 * /contacts: a client's latest contacts (when, what kind, how long), newest first. Notes stay in the store: a chat
 * message never carries them.
 */
export const contactsForm = defineClientForm({
  id: "contacts",
  titleKey: "manager.contacts.title",
  promptKey: "manager.contacts.client",
  allowed: (actor) => actor.kind === "staff",
  run: async ({ deps, actor, zone }, clientId): Promise<Outbound[]> => {
    const contacts = await listContacts(deps, actor, { clientId, limit: shown });
    const name = (await deps.store.clients.get(clientId))?.name ?? "";
    if (contacts.length === 0) return [say("manager.contacts.none", { name })];
    const items: MessageParam[] = contacts.map((contact) => ({
      t: "key",
      key: "manager.contacts.item",
      params: { at: { t: "datetime", iso: contact.at.toISOString(), zone }, kind: { t: "key", key: kindKeys[contact.kind] }, minutes: contact.durationMin },
    }));
    return [say("manager.contacts.list", { name, contacts: { t: "lines", items } })];
  },
});
