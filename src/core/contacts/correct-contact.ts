import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { toContactView } from "./contact-view.ts";
import type { ContactView } from "./model.ts";
import { ownRecentContact } from "./own-recent-contact.ts";
import { contactKinds, maxDurationMin, minDurationMin } from "./parse-quick-log.ts";

export const correctContactInput = z.object({
  contactId: idSchema,
  at: instantSchema,
  kind: z.enum(contactKinds),
  durationMin: z.number().int().min(minDurationMin).max(maxDurationMin),
  areas: z.array(planAreaSchema).max(20),
});

/**
 * The author corrects a contact within a day of logging it: its day, kind, duration and areas (the note stays).
 * Audited as `contact.correct`; afterwards it stands as documented.
 */
export async function correctContact(deps: CoreDeps, actor: Actor, input: unknown): Promise<ContactView> {
  const parsed = parseInput(correctContactInput, input);
  return deps.store.transaction(async (repositories) => {
    const { contact, client } = await ownRecentContact(deps, repositories, actor, parsed.contactId);
    const at = new Date(parsed.at);
    if (at.getTime() > deps.clock.now().getTime()) {
      throw new DomainError("invalid_input", "at must not be in the future", [{ path: "at", message: "must not be in the future" }]);
    }
    const change = { at, kind: parsed.kind, durationMin: parsed.durationMin, areas: [...new Set(parsed.areas)] };
    await repositories.contacts.correct(contact.id, change);
    await recordAudit(deps, repositories, actor, {
      action: "contact.correct",
      subjectKind: "contact",
      subjectId: contact.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return toContactView(deps, { ...contact, ...change }, true);
  });
}
