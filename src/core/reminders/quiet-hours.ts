import { addLocalDays, localParts, zonedLocalToUtc, type LocalDateTime } from "../shared/zoned-time.ts";

/**
 * Local times of day and quiet hours, all in the recipient's time zone. Conversions go through
 * `zoned-time.ts`, so a wall time skipped or repeated on a daylight-saving day resolves the same way everywhere.
 */

/** A wall-clock time of day, "HH:MM" (24 h). */
export type TimeOfDay = `${number}:${number}`;

/** Quiet hours from `start` (inclusive) to `end` (exclusive); `start` later than `end` spans midnight. */
export interface QuietHours {
  start: TimeOfDay;
  end: TimeOfDay;
}

export const defaultQuietHours: QuietHours = { start: "21:00", end: "08:00" };

const minuteMs = 60_000;

/** Minutes since midnight of "HH:MM"; throws on anything else (settings are validated before they get here). */
export function minutesOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`not a time of day (HH:MM): ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function atMinutes(date: { year: number; month: number; day: number }, minutes: number): LocalDateTime {
  return { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

/** True when the instant's local minute lies inside the quiet hours. */
export function isInQuietHours(instant: Date, zone: string, quiet: QuietHours): boolean {
  const local = localParts(instant, zone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * Moves an instant out of the quiet hours, in the recipient's zone:
 * - "earlier": to the last allowed minute before they began (a reminder: 20:59 the evening before);
 * - "later": to the minute they end (an escalation or check-in: 08:00).
 * An instant outside the quiet hours is returned unchanged.
 */
export function moveOutOfQuietHours(instant: Date, zone: string, quiet: QuietHours, direction: "earlier" | "later"): Date {
  if (!isInQuietHours(instant, zone, quiet)) return instant;
  const local = localParts(instant, zone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  const today = { year: local.year, month: local.month, day: local.day };
  // Over midnight: before the end we are in the quiet hours that began yesterday evening.
  const beganYesterday = start > end && minute < end;
  if (direction === "earlier") {
    const startDay = beganYesterday ? addLocalDays(today, -1) : today;
    return new Date(zonedLocalToUtc(atMinutes(startDay, start), zone).getTime() - minuteMs);
  }
  const endsTomorrow = start > end && minute >= start;
  return zonedLocalToUtc(atMinutes(endsTomorrow ? addLocalDays(today, 1) : today, end), zone);
}

/** The first instant at or after `now` at which the zone's clocks show `time` (e.g. the 07:30 morning agenda). */
export function nextLocalTime(now: Date, zone: string, time: TimeOfDay | string): Date {
  const minutes = minutesOfDay(time);
  const local = localParts(now, zone);
  const today = { year: local.year, month: local.month, day: local.day };
  for (let days = 0; days <= 2; days += 1) {
    const candidate = zonedLocalToUtc(atMinutes(addLocalDays(today, days), minutes), zone);
    if (candidate.getTime() >= now.getTime()) return candidate;
  }
  throw new Error(`no ${time} after ${now.toISOString()} in ${zone}`);
}

/** The instant of `time` on a local calendar day in a zone. */
export function localTimeOn(date: { year: number; month: number; day: number }, zone: string, time: TimeOfDay | string): Date {
  return zonedLocalToUtc(atMinutes(date, minutesOfDay(time)), zone);
}
