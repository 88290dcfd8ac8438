import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { IntegreatRegion } from "../offers/model.ts";
import { regionOf } from "../offers/sync-integreat.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { assertCanSeeStaff } from "./setup-scope.ts";

export const listMunicipalitiesInput = z.object({ tenantId: idSchema });

export interface MunicipalityOverview {
  id: string;
  name: string;
  /** Where its local offers come from; null: offers are added by hand. */
  integreat: IntegreatRegion | null;
  /** Active staff assigned to it. */
  managers: number;
  /** Open cases in it (the client's municipality, else their household's, as the funding report counts them). */
  openCases: number;
}

/**
 * A tenant's municipalities (`lotse municipality list`): name, Integreat region, how many active staff work there and
 * how many open cases it has. Counts only. The operator (any tenant) and the tenant's supervisors and admins.
 */
export async function listMunicipalities(deps: Pick<CoreDeps, "store">, actor: Actor, input: unknown): Promise<MunicipalityOverview[]> {
  const parsed = parseInput(listMunicipalitiesInput, input);
  assertCanSeeStaff(actor, parsed.tenantId);
  const { store } = deps;
  const tenant = await store.tenants.get(parsed.tenantId);
  if (!tenant) throw notFound("tenant", parsed.tenantId);
  const [municipalities, managers, clients] = await Promise.all([
    store.municipalities.listByTenant(tenant.id),
    store.managers.listByTenant(tenant.id),
    store.reports.clients(tenant.id),
  ]);
  const openCases = new Map<string, number>();
  for (const client of clients) {
    if (client.closedAt !== null || client.anonymized || client.municipalityId === null) continue;
    openCases.set(client.municipalityId, (openCases.get(client.municipalityId) ?? 0) + 1);
  }
  const overview: MunicipalityOverview[] = [];
  for (const municipality of municipalities) {
    overview.push({
      id: municipality.id,
      name: municipality.name,
      integreat: await regionOf(deps, municipality),
      managers: managers.filter((m) => m.active && m.municipalityIds.includes(municipality.id)).length,
      openCases: openCases.get(municipality.id) ?? 0,
    });
  }
  return overview;
}
