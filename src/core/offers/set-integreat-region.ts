import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { assertCanSetUpTenant } from "../setup/setup-scope.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { integreatRegionKey, integreatRegionSchema, type IntegreatRegion } from "./model.ts";

export const setIntegreatRegionInput = z.object({
  municipalityId: idSchema,
  /** The region's slug, or null to stop syncing (cached offers stay until replaced). */
  region: integreatRegionSchema.shape.region.nullable(),
  baseUrl: integreatRegionSchema.shape.baseUrl.optional(),
});

/** Names the Integreat region (and CMS) a municipality's local offers come from; operator or tenant admin. */
export async function setIntegreatRegion(deps: CoreDeps, actor: Actor, input: unknown): Promise<IntegreatRegion | null> {
  const parsed = parseInput(setIntegreatRegionInput, input);
  return deps.store.transaction(async (repositories) => {
    const municipality = await repositories.municipalities.get(parsed.municipalityId);
    if (!municipality) throw notFound("municipality", parsed.municipalityId);
    assertCanSetUpTenant(actor, municipality.tenantId);
    const region = parsed.region === null ? null : integreatRegionSchema.parse({ region: parsed.region, baseUrl: parsed.baseUrl });
    await repositories.settings.set(integreatRegionKey(municipality.id), region ? JSON.stringify(region) : "");
    await recordAudit(deps, repositories, actor, {
      action: "municipality.integreat",
      subjectKind: "municipality",
      subjectId: municipality.id,
      tenantId: municipality.tenantId,
    });
    return region;
  });
}
