import { outboxContent } from "../outbox/message-kinds.ts";
import { appointmentAnswerActions } from "../appointments/actions.ts";
import type { Appointment } from "../appointments/model.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { addLocalDays, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { moveOutOfQuietHours, type QuietHours } from "./quiet-hours.ts";
import type { ReminderSettings } from "./settings.ts";

const minuteMs = 60_000;
const dayMinutes = 24 * 60;

export const reminderMessageKey = "client.appointment.reminder";

/** Every reminder of an appointment has a dedupe key starting with this (cancelled together when replanned). */
export const reminderKeyPrefix = (appointmentId: string): string => `appt:${appointmentId}:remind:`;

/** "24h", "2h", "90m": how far before the start, as the dedupe key and logs show it. */
export const offsetLabel = (offsetMin: number): string => (offsetMin % 60 === 0 ? `${offsetMin / 60}h` : `${offsetMin}m`);

/**
 * The key names the offset, the client and the start: moving an appointment gives fresh keys, so a reminder already
 * sent for the old time does not suppress the one for the new time; planning the same thing twice keeps one row.
 */
export const reminderDedupeKey = (appointmentId: string, offsetMin: number, clientId: string, startsAt: Date): string =>
  `${reminderKeyPrefix(appointmentId)}${offsetLabel(offsetMin)}:${clientId}:${startsAt.getTime()}`;

export interface ReminderRecipient {
  clientId: string;
  /** The client's IANA zone (their own, else the tenant's). */
  timezone: string;
  /** The client's own quiet hours; absent: the tenant's (settings). */
  quietHours?: QuietHours;
}

export type RemindedAppointment = Pick<Appointment, "id" | "tenantId" | "startsAt" | "durationMin" | "place" | "status">;

/**
 * The instant `offsetMin` before the start. Whole days are counted on the local calendar (a 24 h reminder for
 * 10:00 comes at 10:00 the day before, also across a daylight-saving change); anything else is elapsed time.
 */
export function reminderInstant(startsAt: Date, offsetMin: number, zone: string): Date {
  if (offsetMin % dayMinutes !== 0) return new Date(startsAt.getTime() - offsetMin * minuteMs);
  const local = localParts(startsAt, zone);
  const day = addLocalDays(local, -offsetMin / dayMinutes);
  return zonedLocalToUtc({ ...day, hour: local.hour, minute: local.minute, second: local.second }, zone);
}

interface Slot {
  offsetMin: number;
  dueAt: Date;
}

/** Reminder times for one zone: out of the quiet hours (earlier), in the future, close ones merged into the later. */
export function reminderSlots(startsAt: Date, zone: string, now: Date, settings: ReminderSettings, quiet: QuietHours = settings.quietHours): Slot[] {
  const slots = [...new Set(settings.appointmentOffsetsMin)]
    .filter((offsetMin) => offsetMin > 0)
    .map((offsetMin) => ({
      offsetMin,
      dueAt: moveOutOfQuietHours(reminderInstant(startsAt, offsetMin, zone), zone, quiet, "earlier"),
    }))
    // Moving earlier never passes the start; a time already gone is dropped (the booking notice has just gone out).
    .filter((slot) => slot.dueAt.getTime() > now.getTime() && slot.dueAt.getTime() < startsAt.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || b.offsetMin - a.offsetMin);
  const kept: Slot[] = [];
  for (const slot of slots) {
    const previous = kept.at(-1);
    if (previous && slot.dueAt.getTime() - previous.dueAt.getTime() < settings.mergeWithinMin * minuteMs) kept.pop();
    kept.push(slot);
  }
  return kept;
}

/**
 * Appointment reminders for each client, in the client's zone. Pure: the caller checks consent and enqueues.
 * Params say when, how long, where and with whom, never anything else.
 */
export function planAppointmentReminders(
  appointment: RemindedAppointment,
  recipients: ReminderRecipient[],
  now: Date,
  settings: ReminderSettings,
  details: { managerName: string },
): PlannedMessage[] {
  if (appointment.startsAt.getTime() <= now.getTime()) return [];
  const actions = appointment.status === "scheduled" ? appointmentAnswerActions(appointment) : [];
  return recipients.flatMap((recipient) =>
    reminderSlots(appointment.startsAt, recipient.timezone, now, settings, recipient.quietHours).map((slot) => ({
      dedupeKey: reminderDedupeKey(appointment.id, slot.offsetMin, recipient.clientId, appointment.startsAt),
      tenantId: appointment.tenantId,
      recipientKind: "client" as const,
      recipientId: recipient.clientId,
      clientId: recipient.clientId,
      ...outboxContent(reminderMessageKey, {
        startsAt: appointment.startsAt.toISOString(),
        durationMin: appointment.durationMin,
        place: appointment.place,
        managerName: details.managerName,
      }),
      actions,
      dueAt: slot.dueAt,
    })),
  );
}
