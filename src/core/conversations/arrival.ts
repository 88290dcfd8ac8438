import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { allowedFrom, clientQuietHours, staffQuietHours } from "../reminders/recipient-quiet.ts";
import { clientZone, loadReminderSettings, tenantZone } from "../reminders/recipient-zone.ts";
import type { Manager } from "../setup/model.ts";

type People = Pick<Repositories, "tenants" | "settings">;

const laterThanNow = (now: Date, at: Date): Date | null => (at.getTime() > now.getTime() ? at : null);

/**
 * When a message planned now reaches its recipient: the dispatcher holds every message inside the recipient's quiet
 * hours (src/delivery/recipients.ts, with the same `allowedFrom`), so the sender is told the minute they end.
 * Null: it goes now.
 */
export async function arrivalAtManager(deps: Pick<CoreDeps, "clock" | "defaultZone">, repositories: People, manager: Manager): Promise<Date | null> {
  const now = deps.clock.now();
  const settings = await loadReminderSettings(repositories, manager.tenantId);
  const zone = await tenantZone(repositories, manager.tenantId, deps.defaultZone);
  return laterThanNow(now, allowedFrom(now, zone, staffQuietHours(manager, settings)));
}

export async function arrivalAtClient(deps: Pick<CoreDeps, "clock" | "defaultZone">, repositories: People, client: Client): Promise<Date | null> {
  const now = deps.clock.now();
  const settings = await loadReminderSettings(repositories, client.tenantId);
  const zone = await clientZone(repositories, client, deps.defaultZone);
  return laterThanNow(now, allowedFrom(now, zone, clientQuietHours(client, settings)));
}
