import { zonedLocalToUtc } from "../core/shared/zoned-time.ts";
import { baseLanguage } from "./languages.ts";

/**
 * Dates, times and numbers in the recipient's language, through `Intl` only:
 * - Gregorian calendar for everyone (German letters and offices use it; `fa` and `ps` would default to the Solar
 *   Hijri calendar), 24-hour clock (as on German letters and timetables), the language's own digits.
 * - `datetime`: weekday, day, month and time, e.g. de "Di., 2. März, 10:00", ar "الثلاثاء، 2 مارس، 10:00";
 *   `date`: the same without the time; `time`: "10:00". The year is added when it is not the current year
 *   (only when the caller passes `now`).
 * - A plain calendar date ("2027-06-14", as catalogue steps store it) is that day everywhere, whatever the zone.
 */

export type InstantStyle = "datetime" | "date" | "time";

const FSI = "\u2068";
const PDI = "\u2069";

/** Wraps a value in a Unicode first-strong isolate so it keeps its own direction inside right-to-left text. */
export function isolate(value: string): string {
  return `${FSI}${value}${PDI}`;
}

/** Escapes text for Telegram's (and any) HTML: &, <, > and quotes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const calendarDatePattern = /^\d{4}-\d{2}-\d{2}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter of a language, zone and style, made once: `style` names the options (each caller passes the same
 * options under the same name), so the cache key is built without serialising them on every call.
 */
function formatter(language: string, zone: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${language}|${zone}|${style}`;
  const cached = formatters.get(cacheKey);
  if (cached) return cached;
  let created: Intl.DateTimeFormat;
  try {
    created = new Intl.DateTimeFormat(`${language}-u-ca-gregory`, { ...options, timeZone: zone });
  } catch {
    // An unknown language tag: German words, still in the recipient's zone; an unknown zone (zones are validated
    // where they are stored, so this is a guard): UTC, never a guessed local zone.
    try {
      created = new Intl.DateTimeFormat("de-u-ca-gregory", { ...options, timeZone: zone });
    } catch {
      created = new Intl.DateTimeFormat("de-u-ca-gregory", { ...options, timeZone: "UTC" });
    }
  }
  formatters.set(cacheKey, created);
  return created;
}

/** The separator between the date and the time part, in the language's own punctuation. */
function dateTimeSeparator(language: string): string {
  switch (baseLanguage(language)) {
    case "ar":
    case "fa":
    case "ps":
    case "ckb":
      return "، ";
    case "ti":
      return "፣ ";
    default:
      return ", ";
  }
}

const yearOnly: Intl.DateTimeFormatOptions = { year: "numeric" };
const dateWithYear: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "long", year: "numeric" };
const dateWithoutYear: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "long" };
const timeOfDay: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const isoDay: Intl.DateTimeFormatOptions = { year: "numeric", month: "2-digit", day: "2-digit" };

/**
 * Per zone, the last year an instant was found in and the instants it lasts there: every date shown with `now` asks
 * for the year of the date and of now, nearly always the same year, and each format costs microseconds.
 */
const yearSpans = new Map<string, { from: number; to: number; year: string }>();

function yearOf(instant: Date, zone: string): string {
  const time = instant.getTime();
  const known = yearSpans.get(zone);
  if (known && time >= known.from && time < known.to) return known.year;
  const year = formatter("en", zone, "year", yearOnly).format(instant);
  const span = yearSpan(Number(year), zone);
  if (span && time >= span.from && time < span.to) yearSpans.set(zone, { ...span, year });
  return year;
}

/** From the zone's first instant of a year to that of the next; null for an unknown zone (then nothing is kept). */
function yearSpan(year: number, zone: string): { from: number; to: number } | null {
  if (!Number.isInteger(year) || year < 1000) return null;
  const newYear = (of: number) => zonedLocalToUtc({ year: of, month: 1, day: 1, hour: 0, minute: 0 }, zone).getTime();
  try {
    return { from: newYear(year), to: newYear(year + 1) };
  } catch {
    return null;
  }
}

/**
 * Texts of instants already formatted, by instant, style, language, zone and whether the year shows: the same few
 * (today's and tomorrow's date in every /agenda) are formatted again and again, and a date with weekday and month
 * name costs several microseconds. The text depends on nothing else (Intl's data does not change while the process
 * runs); the map is emptied when it is full.
 */
const formattedInstants = new Map<string, string>();
const formattedInstantsSize = 2048;

export interface FormatInstantOptions {
  language: string;
  zone: string;
  /** When given, a year other than `now`'s is shown. */
  now?: Date;
}

/** Formats an ISO instant (or a plain "YYYY-MM-DD" date) for a person. Returns null for an unreadable value. */
export function formatInstant(iso: string, style: InstantStyle, options: FormatInstantOptions): string | null {
  const calendarDate = calendarDatePattern.test(iso);
  const instant = new Date(calendarDate ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(instant.getTime())) return null;
  const zone = calendarDate ? "UTC" : options.zone;
  const language = options.language;
  const showYear = options.now !== undefined && yearOf(instant, zone) !== yearOf(options.now, zone);
  const shownStyle = calendarDate ? "date" : style;
  const cacheKey = `${instant.getTime()}|${shownStyle}|${language}|${zone}|${showYear ? "y" : ""}`;
  const cached = formattedInstants.get(cacheKey);
  if (cached !== undefined) return cached;
  const text = formattedInstant(instant, shownStyle, language, zone, showYear);
  if (formattedInstants.size >= formattedInstantsSize) formattedInstants.clear();
  formattedInstants.set(cacheKey, text);
  return text;
}

function formattedInstant(instant: Date, style: InstantStyle, language: string, zone: string, showYear: boolean): string {
  const date = formatter(language, zone, showYear ? "date-year" : "date", showYear ? dateWithYear : dateWithoutYear).format(instant);
  if (style === "date") return date;
  const time = formatter(language, zone, "time", timeOfDay).format(instant);
  if (style === "time") return time;
  return `${date}${dateTimeSeparator(language)}${time}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the language's own digits and grouping. */
export function formatNumber(value: number, language: string): string {
  let format = numberFormats.get(language);
  if (!format) {
    try {
      format = new Intl.NumberFormat(language);
    } catch {
      format = new Intl.NumberFormat("de");
    }
    numberFormats.set(language, format);
  }
  return format.format(value);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/**
 * The days from `now` to a calendar day "YYYY-MM-DD", counted in the zone, as the language says them
 * (Intl.RelativeTimeFormat, so plurals and "tomorrow" come from CLDR): "heute", "morgen", "in 44 Tagen". Never
 * rounded to weeks or months: 44 days is not "in drei Monaten". Null for an unreadable day.
 */
export function formatDaysUntil(day: string, options: { language: string; zone: string; now: Date }): string | null {
  if (!calendarDatePattern.test(day)) return null;
  const target = Date.parse(`${day}T00:00:00Z`);
  const today = Date.parse(`${formatter("en-CA", options.zone, "iso-day", isoDay).format(options.now)}T00:00:00Z`);
  if (Number.isNaN(target) || Number.isNaN(today)) return null;
  let format = relativeFormats.get(options.language);
  if (!format) {
    try {
      format = new Intl.RelativeTimeFormat(options.language, { numeric: "auto" });
    } catch {
      format = new Intl.RelativeTimeFormat("de", { numeric: "auto" });
    }
    relativeFormats.set(options.language, format);
  }
  return format.format(Math.round((target - today) / 86_400_000), "day");
}
