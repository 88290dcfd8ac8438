import { addLocalDays, localParts } from "../shared/zoned-time.ts";
import { localTimeOn, moveOutOfQuietHours, nextLocalTime } from "./quiet-hours.ts";
import { defaultReminderSettings, type ReminderSettings } from "./settings.ts";

/** When planned messages other than appointment reminders go out, in the recipient's zone. */

/** An escalation to a manager goes out at once, or when the quiet hours end (08:00) if it falls inside them. */
export function escalationDueAt(now: Date, zone: string, settings: Pick<ReminderSettings, "quietHours"> = defaultReminderSettings): Date {
  return moveOutOfQuietHours(now, zone, settings.quietHours, "later");
}

/** The next morning agenda time (07:30 local by default); the sweep moves it out of the staff member's quiet hours. */
export function morningAgendaDueAt(now: Date, zone: string, settings: Pick<ReminderSettings, "morningAgendaAt"> = defaultReminderSettings): Date {
  return nextLocalTime(now, zone, settings.morningAgendaAt);
}

/** A plan-review nudge: 08:00 local on the due day (out of the quiet hours if a tenant set them later). */
export function reviewNudgeDueAt(
  dueDate: { year: number; month: number; day: number },
  zone: string,
  settings: Pick<ReminderSettings, "reviewNudgeAt" | "quietHours"> = defaultReminderSettings,
): Date {
  return moveOutOfQuietHours(localTimeOn(dueDate, zone, settings.reviewNudgeAt), zone, settings.quietHours, "later");
}

/**
 * Step check-in number `number` (1, 2, …): every `cadenceDays` local days after `from`, at 10:00 local, moved out of
 * the quiet hours (later). Calendar days, so a check-in stays at 10:00 across daylight-saving changes.
 */
export function stepCheckInDueAt(
  from: Date,
  cadenceDays: number,
  number: number,
  zone: string,
  settings: Pick<ReminderSettings, "checkInAt" | "quietHours"> = defaultReminderSettings,
): Date {
  const start = localParts(from, zone);
  const day = addLocalDays({ year: start.year, month: start.month, day: start.day }, cadenceDays * number);
  return moveOutOfQuietHours(localTimeOn(day, zone, settings.checkInAt), zone, settings.quietHours, "later");
}
