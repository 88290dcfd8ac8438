import { isOpenAppointment } from "../appointments/model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { CoreDeps } from "../deps.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { planAppointmentReminders, reminderKeyPrefix, type ReminderRecipient } from "./appointment-reminders.ts";
import { clientQuietHours } from "./recipient-quiet.ts";
import { clientZone, loadReminderSettings } from "./recipient-zone.ts";

export type ReplanRepositories = Pick<Repositories, "appointments" | "outbox" | "consents" | "clients" | "tenants" | "managers" | "settings">;

/**
 * Replaces an appointment's pending reminders: cancels them, then plans fresh ones for every client who consented
 * to messaging, in the client's zone, with the tenant's settings. A cancelled, declined or past appointment ends up
 * with none. Call it in the transaction that creates, moves or cancels the appointment. Returns what was planned.
 */
export async function replanAppointmentReminders(
  deps: Pick<CoreDeps, "clock" | "ids" | "defaultZone">,
  repositories: ReplanRepositories,
  appointmentId: string,
): Promise<PlannedMessage[]> {
  await repositories.outbox.cancelPendingByPrefix(reminderKeyPrefix(appointmentId));
  const appointment = await repositories.appointments.get(appointmentId);
  if (!appointment || !isOpenAppointment(appointment) || appointment.status === "declined") return [];
  const settings = await loadReminderSettings(repositories, appointment.tenantId);
  const recipients: ReminderRecipient[] = [];
  for (const clientId of appointment.clientIds) {
    const client = await repositories.clients.get(clientId);
    if (!client || client.anonymizedAt) continue;
    if (!hasCurrentConsent(await repositories.consents.listForClient(clientId), "messaging")) continue;
    recipients.push({ clientId, timezone: await clientZone(repositories, client, deps.defaultZone), quietHours: clientQuietHours(client, settings) });
  }
  if (recipients.length === 0) return [];
  const manager = await repositories.managers.get(appointment.managerId);
  const planned = planAppointmentReminders(appointment, recipients, deps.clock.now(), settings, { managerName: manager?.name ?? "" });
  for (const message of planned) await planMessage(deps, repositories, message);
  return planned;
}
