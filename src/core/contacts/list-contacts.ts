import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { canAccessClient, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { toContactView } from "./contact-view.ts";
import type { ContactView } from "./model.ts";

export const listContactsInput = z.object({
  clientId: idSchema,
  limit: z.number().int().min(1).max(200).default(50),
});

/**
 * A client's contacts, newest first. Notes are decrypted only for those who may read them (the case's managers);
 * a supervisor of the tenant sees kinds, times and durations without notes.
 */
export async function listContacts(deps: CoreDeps, actor: Actor, input: unknown): Promise<ContactView[]> {
  const parsed = parseInput(listContactsInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "basic");
    const revealNotes = canAccessClient(actor, client, assignments, "notes");
    const contacts = await repositories.contacts.listForClient(client.id, parsed.limit);
    await recordAudit(deps, repositories, actor, {
      action: revealNotes ? "contact.list_with_notes" : "contact.list",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return contacts.map((contact) => toContactView(deps, contact, revealNotes));
  });
}
