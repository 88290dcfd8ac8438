import { DomainError } from "../errors.ts";

/**
 * Wall-clock time in an IANA time zone, converted with `Intl.DateTimeFormat` only. Used to turn what a person
 * means ("Tuesday 9:00 in Heilbronn") into an instant and back, across daylight-saving changes.
 */

/** A wall-clock date and time; `month` is 1-12, `second` defaults to 0. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LocalParts extends LocalDateTime {
  second: number;
  weekday: IsoWeekday;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new DomainError("invalid_input", `unknown time zone ${zone}`, [
      { path: "timeZone", message: "unknown time zone (use an IANA name like Europe/Berlin)" },
    ]);
  }
  formatters.set(zone, formatter);
  return formatter;
}

/**
 * The last answer of `localParts` per zone, by whole second: every chat update asks for "now" in its tenant's zone
 * (today's date), many in the same second, and each `formatToParts` costs several microseconds and a dozen objects.
 */
const lastLocalParts = new Map<string, { second: number; parts: LocalParts }>();

/** The wall-clock date and time of an instant in a zone (seconds precision). */
export function localParts(date: Date, zone: string): LocalParts {
  const second = Math.floor(date.getTime() / 1000);
  const last = lastLocalParts.get(zone);
  if (last?.second === second) return { ...last.parts };
  const parts = formattedLocalParts(date, zone);
  lastLocalParts.set(zone, { second, parts });
  return { ...parts };
}

function formattedLocalParts(date: Date, zone: string): LocalParts {
  let year = Number.NaN;
  let month = Number.NaN;
  let day = Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(zone).formatToParts(date)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
    else if (part.type === "second") second = Number(part.value);
  }
  return { year, month, day, hour, minute, second, weekday: isoWeekday(year, month, day) };
}

/** The ISO weekday of a calendar date. */
export function isoWeekday(year: number, month: number, day: number): IsoWeekday {
  const sundayFirst = new Date(utcMidnightMs(year, month, day)).getUTCDay();
  return (sundayFirst === 0 ? 7 : sundayFirst) as IsoWeekday;
}

/** True when the numbers form a real calendar date (no 31 April, 29 February only in leap years). */
export function isValidLocalDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  const check = new Date(utcMidnightMs(year, month, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/** The calendar date `days` days after the given one (negative goes back). */
export function addLocalDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const shifted = new Date(utcMidnightMs(date.year, date.month, date.day) + days * dayMs);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in minutes (Berlin in summer: 120). */
export function zoneOffsetMinutes(date: Date, zone: string): number {
  const wholeSecond = Math.floor(date.getTime() / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(localParts(new Date(wholeSecond), zone)) - wholeSecond) / minuteMs);
}

/**
 * Wall times already converted, per zone: the same few (today's and tomorrow's local midnight for every /agenda)
 * come up again and again, and each conversion formats four or five instants (~6 µs each). The answer depends
 * only on the zone's rules, which do not change while the process runs; all maps are emptied when they hold
 * `wallTimeCacheSize` wall times together.
 */
const instantsOfWallTimes = new Map<string, Map<number, number>>();
let wallTimesRemembered = 0;
const wallTimeCacheSize = 1024;

/**
 * The instant at which the zone's clocks show `parts`. A wall time that does not exist (skipped when the clocks
 * go forward) moves forward by the length of the gap; a wall time that occurs twice (when the clocks go back)
 * resolves to the first, still summer-time, instant.
 */
export function zonedLocalToUtc(parts: LocalDateTime, zone: string): Date {
  assertValidLocalDateTime(parts);
  const wall = wallClockAsUtcMs(parts);
  let ofZone = instantsOfWallTimes.get(zone);
  const cached = ofZone?.get(wall);
  if (cached !== undefined) return new Date(cached);
  const instant = wallTimeToInstantMs(wall, zone);
  if (wallTimesRemembered >= wallTimeCacheSize) {
    instantsOfWallTimes.clear();
    wallTimesRemembered = 0;
    ofZone = undefined;
  }
  if (!ofZone) {
    ofZone = new Map();
    instantsOfWallTimes.set(zone, ofZone);
  }
  ofZone.set(wall, instant);
  wallTimesRemembered += 1;
  return new Date(instant);
}

function wallTimeToInstantMs(wall: number, zone: string): number {
  const offsetBefore = zoneOffsetMinutes(new Date(wall - dayMs), zone);
  const offsetAfter = zoneOffsetMinutes(new Date(wall + dayMs), zone);
  const matches = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wall - offset * minuteMs)
    .filter((instant) => wallClockAsUtcMs(localParts(new Date(instant), zone)) === wall)
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first !== undefined) return first;
  // In the gap: read the wall time with the offset in force before the change, which lands after the gap.
  return wall - offsetBefore * minuteMs;
}

/** Like `Date.UTC`, without its mapping of the years 0-99 to 1900-1999. */
function utcMidnightMs(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime();
}

function wallClockAsUtcMs(parts: LocalDateTime): number {
  return utcMidnightMs(parts.year, parts.month, parts.day) + ((parts.hour * 60 + parts.minute) * 60 + (parts.second ?? 0)) * 1000;
}

function assertValidLocalDateTime(parts: LocalDateTime): void {
  const second = parts.second ?? 0;
  const timeIsValid =
    Number.isInteger(parts.hour) &&
    Number.isInteger(parts.minute) &&
    Number.isInteger(second) &&
    parts.hour >= 0 &&
    parts.hour <= 23 &&
    parts.minute >= 0 &&
    parts.minute <= 59 &&
    second >= 0 &&
    second <= 59;
  if (!isValidLocalDate(parts.year, parts.month, parts.day) || !timeIsValid) {
    throw new DomainError("invalid_input", `not a local date and time: ${JSON.stringify(parts)}`, [{ path: "when", message: "not a valid date and time" }]);
  }
}
