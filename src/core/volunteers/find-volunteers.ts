import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { offerMunicipalityIds } from "../offers/list-offers.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { volunteerOffers, type Volunteer } from "./model.ts";

export const findVolunteersInput = z.object({ clientId: idSchema, offer: z.enum(volunteerOffers) });

export interface VolunteerCandidate {
  volunteer: Volunteer;
  /** The volunteer speaks the client's language (else they are listed after those who do). */
  speaksClientLanguage: boolean;
}

/**
 * Volunteers for a client's need: active, registered with consent in the client's municipality (or the manager's,
 * when the client has none), offering that kind of help; those who speak the client's language first.
 */
export async function findVolunteersFor(deps: CoreDeps, actor: Actor, input: unknown): Promise<VolunteerCandidate[]> {
  const parsed = parseInput(findVolunteersInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    const household = client.municipalityId ? null : await repositories.households.get(client.householdId);
    const municipalityId = client.municipalityId ?? household?.municipalityId ?? null;
    const municipalityIds = municipalityId ? [municipalityId] : await offerMunicipalityIds(repositories, actor);
    const volunteers = (await repositories.volunteers.listForMunicipalities(municipalityIds)).filter(
      (v) => v.active && v.tenantId === client.tenantId && v.offers.includes(parsed.offer),
    );
    return volunteers
      .map((volunteer) => ({ volunteer, speaksClientLanguage: volunteer.languages.includes(client.language) }))
      .sort((a, b) => Number(b.speaksClientLanguage) - Number(a.speaksClientLanguage));
  });
}
