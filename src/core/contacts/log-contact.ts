import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { planAreaSchema } from "../plans/areas.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { maxContactNoteLength, type ContactView } from "./model.ts";
import { contactKinds, maxDurationMin, minDurationMin } from "./parse-quick-log.ts";
import { recordContact } from "./record-contact.ts";

export const logContactInput = z.object({
  clientId: idSchema,
  /** When the contact took place; now when left out. */
  at: instantSchema.optional(),
  kind: z.enum(contactKinds),
  durationMin: z.number().int().min(minDurationMin).max(maxDurationMin),
  areas: z.array(planAreaSchema).max(20).default([]),
  note: z.string().trim().max(maxContactNoteLength).optional(),
});

/** A manager logs a contact with a client of their caseload; the note is stored encrypted. */
export async function logContact(deps: CoreDeps, actor: Actor, input: unknown): Promise<ContactView> {
  assertStaff(actor);
  const parsed = parseInput(logContactInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    return recordContact(deps, repositories, actor, client, {
      at: parsed.at ?? deps.clock.now(),
      kind: parsed.kind,
      durationMin: parsed.durationMin,
      areas: parsed.areas,
      note: parsed.note ? parsed.note : null,
    });
  });
}
