import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import type { Repositories } from "../ports/store.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import type { Contact } from "./model.ts";

/** How long the author may correct or delete a contact they logged: a day, then it stands as documented. */
export const contactCorrectionWindowMs = 24 * 60 * 60 * 1000;

/** Whether `actor` may still correct or delete `contact`: its author, within a day of logging it. */
export function canCorrectContact(actor: Actor, contact: Pick<Contact, "managerId" | "createdAt">, now: Date): boolean {
  return actor.kind === "staff" && actor.managerId === contact.managerId && now.getTime() - contact.createdAt.getTime() < contactCorrectionWindowMs;
}

/**
 * The contact the acting manager logged within the last day, with its client (whose case they may still change):
 * not found when it is not in their scope, conflict when someone else logged it or the day has passed.
 */
export async function ownRecentContact(
  deps: Pick<CoreDeps, "clock">,
  repositories: Repositories,
  actor: Actor,
  contactId: string,
): Promise<{ contact: Contact; client: Client }> {
  assertStaff(actor);
  const contact = await repositories.contacts.get(contactId);
  if (!contact) throw notFound("contact", contactId);
  const { client } = await loadClientInScope(repositories, actor, contact.clientId, "write");
  if (!canCorrectContact(actor, contact, deps.clock.now())) {
    throw new DomainError("conflict", `contact ${contact.id} can only be changed by its author within a day`, [
      { path: "contactId", message: "only its author, within 24 hours of logging it" },
    ]);
  }
  return { contact, client };
}
