import type { Repositories } from "../ports/store.ts";
import { escalationDueAt } from "./manager-times.ts";
import { loadReminderSettings, tenantZone } from "./recipient-zone.ts";

/**
 * When a message that alerts a manager (client needs help, declined an appointment, wants another time, declined
 * consent, cannot be reached) goes out: at once, or when the tenant's quiet hours end if `now` lies inside them.
 * Managers have no zone of their own: the tenant's.
 */
export async function managerAlertDueAt(
  repositories: Pick<Repositories, "tenants" | "settings">,
  tenantId: string,
  now: Date,
  defaultZone: string,
): Promise<Date> {
  const settings = await loadReminderSettings(repositories, tenantId);
  return escalationDueAt(now, await tenantZone(repositories, tenantId, defaultZone), settings);
}
