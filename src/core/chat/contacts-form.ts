import { defineClientForm } from "./client-form.ts";
import { listContacts } from "../contacts/list-contacts.ts";
import { say, type Button, type MessageParam, type Outbound } from "../dialog/messages.ts";
import { canCorrectContact } from "../contacts/own-recent-contact.ts";
import { contactCorrectAction, contactDeleteAction } from "./contact-corrections.ts";
import { kindKeys } from "./staff-options.ts";

/** How many of a client's contacts the chat shows: the newest. */
const shown = 10;

/** At most this many contacts get buttons to correct or delete them (the manager's own, logged within a day). */
const maxCorrectable = 3;

/**
 * /contacts: a client's latest contacts (when, what kind, how long, which areas), newest first, with "correct" and
 * "delete" under the manager's own of the last day. Notes stay in the store: a chat message never carries them.
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
    const items: MessageParam[] = contacts.map((contact) => {
      const params = {
        at: { t: "datetime" as const, iso: contact.at.toISOString(), zone },
        kind: { t: "key" as const, key: kindKeys[contact.kind] },
        minutes: contact.durationMin,
      };
      if (contact.areas.length === 0) return { t: "key", key: "manager.contacts.item", params };
      const areas: MessageParam[] = contact.areas.map((area) => ({ t: "key", key: `areas.${area}` }));
      return {
        t: "key",
        key: "manager.contacts.item_areas",
        params: { ...params, areas: { t: "list", items: areas } },
      };
    });
    const now = deps.clock.now();
    const buttons: Button[][] = contacts
      .filter((contact) => canCorrectContact(actor, contact, now))
      .slice(0, maxCorrectable)
      .map((contact) => {
        const labelParams = { at: { t: "datetime" as const, iso: contact.at.toISOString(), zone } };
        return [
          { labelKey: "manager.contacts.correct_item", labelParams, data: contactCorrectAction.encode(contact.id) },
          { labelKey: "manager.contacts.delete_item", labelParams, data: contactDeleteAction.encode(contact.id, "a") },
        ];
      });
    return [{ ...say("manager.contacts.list", { name, contacts: { t: "lines", items } }), ...(buttons.length > 0 ? { buttons } : {}) }];
  },
});
