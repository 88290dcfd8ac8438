import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { assertCanSetUpTenant } from "../setup/setup-scope.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { loadTenantRetentionDays, retentionDaysKey, retentionDaysSchema } from "./retention-settings.ts";

export const setRetentionDaysInput = z.object({
  tenantId: idSchema,
  /** A number of days, "default" for the installation's LOTSE_RETENTION_DAYS, or nothing to only read. */
  days: z
    .string()
    .trim()
    .refine((text) => text === "default" || (/^\d{1,4}$/.test(text) && retentionDaysSchema.safeParse(Number(text)).success), {
      message: "must be a whole number of days from 30 to 3650, or default",
    })
    .transform((text): number | "default" => (text === "default" ? "default" : Number(text)))
    .optional(),
});

export interface TenantRetention {
  tenantId: string;
  /** The days that apply to the tenant now. */
  days: number;
  /** Whether they are the installation's default rather than the tenant's own. */
  isDefault: boolean;
  changed: boolean;
}

/**
 * A tenant's retention period: days after a case closed before the daily job anonymises it (settings key
 * `tenant:<id>:retention-days`). Each municipality decides its own (its record of processing names it); without one,
 * LOTSE_RETENTION_DAYS applies. Operators (command line) and the tenant's admin.
 */
export async function setRetentionDays(deps: CoreDeps, actor: Actor, input: unknown, installationDays: number): Promise<TenantRetention> {
  const parsed = parseInput(setRetentionDaysInput, input);
  assertCanSetUpTenant(actor, parsed.tenantId);
  return deps.store.transaction(async (repositories) => {
    const tenant = await repositories.tenants.get(parsed.tenantId);
    if (!tenant) throw notFound("tenant", parsed.tenantId);
    const own = await loadTenantRetentionDays(repositories, tenant.id);
    if (parsed.days === undefined) return { tenantId: tenant.id, days: own ?? installationDays, isDefault: own === null, changed: false };
    const next = parsed.days === "default" ? null : parsed.days;
    if (next === own) return { tenantId: tenant.id, days: own ?? installationDays, isDefault: own === null, changed: false };
    await repositories.settings.set(retentionDaysKey(tenant.id), next === null ? "" : String(next));
    await recordAudit(deps, repositories, actor, { action: "tenant.retention.set", subjectKind: "tenant", subjectId: tenant.id, tenantId: tenant.id });
    return { tenantId: tenant.id, days: next ?? installationDays, isDefault: next === null, changed: true };
  });
}
