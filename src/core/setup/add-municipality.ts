import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, labelSchema } from "../shared/values.ts";
import type { Municipality } from "./model.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const addMunicipalityInput = z.object({ tenantId: idSchema, name: labelSchema });

export async function addMunicipality(deps: CoreDeps, actor: Actor, input: unknown): Promise<Municipality> {
  const { tenantId, name } = parseInput(addMunicipalityInput, input);
  assertCanSetUpTenant(actor, tenantId);
  return deps.store.transaction(async (repositories) => {
    if (!(await repositories.tenants.get(tenantId))) throw notFound("tenant", tenantId);
    const municipality: Municipality = { id: deps.ids.newId(), tenantId, name, createdAt: deps.clock.now() };
    await repositories.municipalities.create(municipality);
    await recordAudit(deps, repositories, actor, {
      action: "municipality.create",
      subjectKind: "municipality",
      subjectId: municipality.id,
      tenantId,
    });
    return municipality;
  });
}
