import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { canAccessClient, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { toContactView } from "./contact-view.ts";
import type { ContactView } from "./model.ts";

export const lastContactInput = z.object({ clientId: idSchema });

/** The latest contact with a client, or null; the note only for those who may read notes. */
export async function lastContact(deps: CoreDeps, actor: Actor, input: unknown): Promise<ContactView | null> {
  const parsed = parseInput(lastContactInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "basic");
    const contact = await repositories.contacts.latestForClient(client.id);
    await recordAudit(deps, repositories, actor, {
      action: "contact.read_last",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return contact ? toContactView(deps, contact, canAccessClient(actor, client, assignments, "notes")) : null;
  });
}
