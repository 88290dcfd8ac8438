import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { contactMoment, readContactDay } from "./contact-day.ts";
import type { ContactView } from "./model.ts";
import { parseQuickLog } from "./parse-quick-log.ts";
import { recordContact } from "./record-contact.ts";
import { resolveClientByName } from "./resolve-client-name.ts";

export const logQuickContactInput = z.object({
  /** The one-line log, e.g. "Amina 30 Hausbesuch Wohnen: Vermieter angerufen" (the parser limits its length). */
  text: z.string().min(1),
  /** The client the manager picked after an ambiguous name; the name in the text is then not searched. */
  clientId: idSchema.optional(),
  at: instantSchema.optional(),
});

/**
 * A manager logs a contact in one line; the client is found by name in their own caseload, the day ("gestern",
 * "3.12.") read in the tenant's zone.
 */
export async function logQuickContact(deps: CoreDeps, actor: Actor, input: unknown): Promise<ContactView> {
  assertStaff(actor);
  const parsed = parseInput(logQuickContactInput, input);
  const now = deps.clock.now();
  const zone = (await deps.store.tenants.get(actor.tenantId))?.timezone ?? deps.defaultZone;
  const log = parseQuickLog(parsed.text, (word) => readContactDay(deps.datePhrases, word, now, zone));
  return deps.store.transaction(async (repositories) => {
    const clientId = parsed.clientId ?? (await resolveClientByName(repositories, actor, log.clientQuery)).id;
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    return recordContact(deps, repositories, actor, client, {
      at: parsed.at ?? contactMoment(log.day, now, zone),
      kind: log.kind,
      durationMin: log.durationMin,
      areas: log.areas,
      note: log.note,
    });
  });
}
