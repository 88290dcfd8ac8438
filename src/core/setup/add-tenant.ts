import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { labelSchema, timeZoneSchema } from "../shared/values.ts";
import type { Tenant } from "./model.ts";
import { assertOperator } from "./setup-scope.ts";

export const addTenantInput = z.object({
  name: labelSchema,
  /** Without one, the installation's zone (LOTSE_TIMEZONE). */
  timezone: timeZoneSchema.optional(),
});

export async function addTenant(deps: CoreDeps, actor: Actor, input: unknown): Promise<Tenant> {
  assertOperator(actor);
  const { name, timezone } = parseInput(addTenantInput, input);
  const tenant: Tenant = { id: deps.ids.newId(), name, timezone: timezone ?? deps.defaultZone, createdAt: deps.clock.now() };
  await deps.store.transaction(async (repositories) => {
    await repositories.tenants.create(tenant);
    await recordAudit(deps, repositories, actor, {
      action: "tenant.create",
      subjectKind: "tenant",
      subjectId: tenant.id,
      tenantId: tenant.id,
    });
  });
  return tenant;
}
