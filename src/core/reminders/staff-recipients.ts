import type { Actor } from "../actor.ts";
import type { Repositories } from "../ports/store.ts";
import type { Manager, Tenant } from "../setup/model.ts";
import type { ManagerRole } from "../shared/values.ts";
import type { ReminderSettings } from "./settings.ts";
import { loadReminderSettings } from "./recipient-zone.ts";

/** A member of staff a scheduled job writes to, with the zone and settings of their tenant. */
export interface StaffRecipient {
  manager: Manager;
  tenant: Tenant;
  /** Managers have no zone of their own: the tenant's (the dispatcher renders in it too). */
  zone: string;
  settings: ReminderSettings;
  actor: Actor;
}

const staffActorOf = (manager: Manager): Actor => ({ kind: "staff", managerId: manager.id, tenantId: manager.tenantId, role: manager.role });

/**
 * Active staff of every tenant (optionally of some roles) who have an active chat account: a scheduled message to
 * someone the bot cannot reach would only fail.
 */
export async function listStaffRecipients(
  repositories: Pick<Repositories, "tenants" | "managers" | "identities" | "settings">,
  roles?: readonly ManagerRole[],
): Promise<StaffRecipient[]> {
  const recipients: StaffRecipient[] = [];
  for (const tenant of await repositories.tenants.list()) {
    const settings = await loadReminderSettings(repositories, tenant.id);
    for (const manager of await repositories.managers.listByTenant(tenant.id)) {
      if (!manager.active || (roles && !roles.includes(manager.role))) continue;
      const identities = await repositories.identities.listForManager(manager.id);
      if (!identities.some((identity) => identity.active)) continue;
      recipients.push({ manager, tenant, zone: tenant.timezone, settings, actor: staffActorOf(manager) });
    }
  }
  return recipients;
}

/** The local calendar day of an instant, "YYYY-MM-DD" (dedupe keys and `…Date` message params). */
export function localIsoDate(parts: { year: number; month: number; day: number }): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** What a sweep did: rows planned (new or refreshed) and pending rows cancelled. */
export interface SweepReport {
  planned: number;
  cancelled: number;
}

export const emptySweep = (): SweepReport => ({ planned: 0, cancelled: 0 });
