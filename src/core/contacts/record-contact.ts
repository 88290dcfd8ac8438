import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import type { PlanArea } from "../plans/areas.ts";
import type { Repositories } from "../ports/store.ts";
import { toContactView } from "./contact-view.ts";
import type { Contact, ContactView } from "./model.ts";
import type { ContactKind } from "./parse-quick-log.ts";

export interface ContactFields {
  at: Date;
  kind: ContactKind;
  durationMin: number;
  areas: PlanArea[];
  note: string | null;
}

type StaffActor = Extract<Actor, { kind: "staff" }>;

/** Stores a contact the acting manager logged for a client in their scope (checked by the caller). */
export async function recordContact(
  deps: CoreDeps,
  repositories: Repositories,
  actor: StaffActor,
  client: Client,
  fields: ContactFields,
): Promise<ContactView> {
  if (fields.at.getTime() > deps.clock.now().getTime()) {
    throw new DomainError("invalid_input", "at must not be in the future", [{ path: "at", message: "must not be in the future" }]);
  }
  const contact: Contact = {
    id: deps.ids.newId(),
    tenantId: client.tenantId,
    clientId: client.id,
    managerId: actor.managerId,
    at: fields.at,
    kind: fields.kind,
    durationMin: fields.durationMin,
    areas: [...new Set(fields.areas)],
    note: fields.note === null ? null : deps.crypto.encrypt(fields.note),
    createdAt: deps.clock.now(),
  };
  await repositories.contacts.create(contact);
  await recordAudit(deps, repositories, actor, {
    action: "contact.create",
    subjectKind: "contact",
    subjectId: contact.id,
    tenantId: contact.tenantId,
    clientId: client.id,
  });
  return toContactView(deps, contact, true);
}
