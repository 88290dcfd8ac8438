import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Contact } from "./model.ts";
import { ownRecentContact } from "./own-recent-contact.ts";

export const deleteContactInput = z.object({ contactId: idSchema });

/** The author deletes a contact logged by mistake, within a day of logging it; audited as `contact.delete`. */
export async function deleteContact(deps: CoreDeps, actor: Actor, input: unknown): Promise<Pick<Contact, "clientId" | "at" | "kind">> {
  const parsed = parseInput(deleteContactInput, input);
  return deps.store.transaction(async (repositories) => {
    const { contact, client } = await ownRecentContact(deps, repositories, actor, parsed.contactId);
    await repositories.contacts.remove(contact.id);
    await recordAudit(deps, repositories, actor, {
      action: "contact.delete",
      subjectKind: "contact",
      subjectId: contact.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { clientId: contact.clientId, at: contact.at, kind: contact.kind };
  });
}
