import type { Client } from "../cases/model.ts";
import type { Repositories } from "../ports/store.ts";
import { defaultReminderSettings, reminderSettingsSchema, type ReminderSettings } from "./settings.ts";

/** A tenant's zone; the installation's default (`defaultZone`, from LOTSE_TIMEZONE) when the tenant is unknown. */
export async function tenantZone(repositories: Pick<Repositories, "tenants">, tenantId: string | null, defaultZone: string): Promise<string> {
  const tenant = tenantId ? await repositories.tenants.get(tenantId) : null;
  return tenant?.timezone ?? defaultZone;
}

/** A client's zone: their own, else their tenant's. */
export async function clientZone(repositories: Pick<Repositories, "tenants">, client: Client, defaultZone: string): Promise<string> {
  return client.timezone ?? (await tenantZone(repositories, client.tenantId, defaultZone));
}

/** The settings key of a tenant's reminder settings (JSON, see `reminderSettingsSchema`). */
export const reminderSettingsKey = (tenantId: string): string => `tenant:${tenantId}:reminders`;

/** A tenant's reminder settings; defaults for anything unset or unreadable. */
export async function loadReminderSettings(repositories: Pick<Repositories, "settings">, tenantId: string | null): Promise<ReminderSettings> {
  const stored = tenantId ? await repositories.settings.get(reminderSettingsKey(tenantId)) : null;
  if (!stored) return defaultReminderSettings;
  try {
    const parsed = reminderSettingsSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : defaultReminderSettings;
  } catch {
    return defaultReminderSettings;
  }
}
