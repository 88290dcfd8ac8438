import type { CoreDeps } from "../deps.ts";
import type { Contact, ContactView } from "./model.ts";

export function toContactView(deps: Pick<CoreDeps, "crypto">, contact: Contact, revealNote: boolean): ContactView {
  return { ...contact, note: revealNote && contact.note !== null ? deps.crypto.decrypt(contact.note) : null };
}
