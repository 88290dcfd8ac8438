import { z } from "zod";
import type { Repositories } from "../ports/store.ts";

/** Days after a case closed before it is anonymised: the bounds an operator may set (LOTSE_RETENTION_DAYS has the same). */
export const retentionDaysSchema = z.number().int().min(30).max(3650);

export const retentionDaysKey = (tenantId: string): string => `tenant:${tenantId}:retention-days`;

/** The tenant's own retention period, or null when it uses the installation's default (LOTSE_RETENTION_DAYS). */
export async function loadTenantRetentionDays(repositories: Pick<Repositories, "settings">, tenantId: string): Promise<number | null> {
  const stored = await repositories.settings.get(retentionDaysKey(tenantId));
  if (stored === null || stored === "") return null;
  const parsed = retentionDaysSchema.safeParse(Number(stored));
  return parsed.success ? parsed.data : null;
}
