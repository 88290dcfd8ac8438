import type { DatePhrases, PhraseDay } from "../ports/date-phrases.ts";
import { localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";

/** A day named in a contact log: read, no such day, or after today (a contact has taken place). */
export type ContactDayReading = { ok: true; day: PhraseDay } | { ok: false; reason: "no_such_date" | "future" | "not_understood" };

const isSameDay = (a: PhraseDay, b: PhraseDay) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The moment a contact on `day` is recorded at: now for today (or no day named), else noon of that day in the zone.
 * The list and the card show the day; noon keeps it on that day in every zone nearby.
 */
export function contactMoment(day: PhraseDay | null, now: Date, zone: string): Date {
  if (!day || isSameDay(day, localParts(now, zone))) return now;
  return zonedLocalToUtc({ ...day, hour: 12, minute: 0 }, zone);
}

/**
 * Reads the day of a contact as a manager types it ("gestern", "3.12.", "03.12.2026", "yesterday"): through the date
 * phrase port, the past allowed. A date without a year that lies ahead means last year's (on 2 January, "30.12." is
 * three days ago); a day after today is refused.
 */
export function readContactDay(datePhrases: DatePhrases, text: string, now: Date, zone: string): ContactDayReading {
  const reading = datePhrases.read(text, { now, zone, expect: "any" });
  if (!reading.ok) return { ok: false, reason: reading.reason === "no_such_date" ? "no_such_date" : "not_understood" };
  const today = localParts(now, zone);
  const key = (d: PhraseDay) => d.year * 10_000 + d.month * 100 + d.day;
  let day = reading.day;
  if (key(day) > key(today) && /^\d{1,2}\.\d{1,2}\.$/.test(text.trim())) day = { ...day, year: day.year - 1 };
  if (key(day) > key(today)) return { ok: false, reason: "future" };
  return { ok: true, day };
}
