import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import { planAreaSchema } from "../plans/areas.ts";
import type { Repositories } from "../ports/store.ts";
import { parseInput } from "../shared/validate.ts";
import type { LocalOffer } from "./model.ts";

export const listOffersInput = z.object({ area: planAreaSchema.optional() });

/** Offers that are over (events that ended) are not shown. */
const current = (now: Date) => (offer: LocalOffer) => !offer.endsAt || offer.endsAt > now;

/** The municipalities whose offers an actor sees: a manager's own (all of the tenant when none is set); a client's. */
export async function offerMunicipalityIds(
  repositories: Pick<Repositories, "managers" | "municipalities" | "clients" | "households">,
  actor: Actor,
): Promise<string[]> {
  if (actor.kind === "staff") {
    const manager = await repositories.managers.get(actor.managerId);
    if (manager && manager.municipalityIds.length > 0) return manager.municipalityIds;
    return (await repositories.municipalities.listByTenant(actor.tenantId)).map((m) => m.id);
  }
  if (actor.kind === "client") {
    const client = await repositories.clients.get(actor.clientId);
    const municipalityId = client?.municipalityId ?? (client ? (await repositories.households.get(client.householdId))?.municipalityId : null);
    return municipalityId ? [municipalityId] : [];
  }
  throw forbidden(`${actor.kind} has no local offers`);
}

/** /offers: the current local offers of the actor's municipalities, optionally of one plan area. */
export async function listLocalOffers(deps: CoreDeps, actor: Actor, input: unknown = {}): Promise<LocalOffer[]> {
  const { area } = parseInput(listOffersInput, input);
  return deps.store.transaction(async (repositories) => {
    const municipalityIds = await offerMunicipalityIds(repositories, actor);
    if (municipalityIds.length === 0) return [];
    const offers = await repositories.localOffers.listForMunicipalities(municipalityIds, area ? { area } : {});
    return offers.filter(current(deps.clock.now()));
  });
}
