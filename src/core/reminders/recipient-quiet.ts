import type { Client } from "../cases/model.ts";
import type { Manager } from "../setup/model.ts";
import { isInQuietHours, moveOutOfQuietHours, type QuietHours } from "./quiet-hours.ts";
import { quietHoursSchema } from "./set-reminder-settings.ts";
import type { ReminderSettings } from "./settings.ts";

/**
 * Quiet hours per person. Every message to a client or a staff member goes out of the recipient's quiet hours: their
 * own when they set them, else their tenant's. The dispatcher holds a message that falls due inside them until they
 * end (a late reply to the person's own tap excepted); planners that know the person move their times out of them
 * beforehand (a reminder comes the evening before rather than after the appointment).
 */

/** Stored quiet hours ("21:00-08:00" or "off", as `lotse tenant reminders --quiet` takes them); null for none stored or unreadable. */
export function parseStoredQuietHours(stored: string | null | undefined): QuietHours | null {
  if (!stored) return null;
  const parsed = quietHoursSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export const clientQuietHours = (client: Pick<Client, "quietHours">, tenant: Pick<ReminderSettings, "quietHours">): QuietHours =>
  parseStoredQuietHours(client.quietHours) ?? tenant.quietHours;

export const staffQuietHours = (manager: Pick<Manager, "quietHours">, tenant: Pick<ReminderSettings, "quietHours">): QuietHours =>
  parseStoredQuietHours(manager.quietHours) ?? tenant.quietHours;

/** Monday to Friday (ISO weekdays 1 to 5). */
export const defaultWorkDays = [1, 2, 3, 4, 5] as const;

/** Stored working days ("1,2,3,4,5") as ISO weekdays; Monday to Friday for none stored or anything unreadable. */
export function parseWorkDays(stored: string | null | undefined): number[] {
  const days = (stored ?? "")
    .split(",")
    .map((day) => Number(day.trim()))
    .filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
  return days.length > 0 ? [...new Set(days)].sort() : [...defaultWorkDays];
}

/** When a message may reach the person: `now`, or the minute their quiet hours end. */
export function allowedFrom(now: Date, zone: string, quiet: QuietHours): Date {
  return isInQuietHours(now, zone, quiet) ? moveOutOfQuietHours(now, zone, quiet, "later") : now;
}
