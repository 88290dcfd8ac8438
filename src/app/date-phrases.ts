import * as chronoDe from "chrono-node/de";
import * as chronoEn from "chrono-node/en";
import type { DatePhraseQuery, DatePhraseReading, DatePhrases, PhraseDay } from "../core/ports/date-phrases.ts";
import { addLocalDays, isoWeekday, isValidLocalDate, localParts, zonedLocalToUtc, zoneOffsetMinutes, type IsoWeekday } from "../core/shared/zoned-time.ts";

/**
 * The core's `DatePhrases`, read with chrono-node (German first, then English) and a little of our own around it:
 *
 * - Calendar dates ("18.12.", "24.12.27", "2027-03-28", "3. März", "Dec 24") are read here, not by chrono: a day
 *   that does not exist ("31.02.") is named as such instead of rolled over into March, and a date without a year
 *   rolls over to next year once this year's day has passed.
 * - Times as Germans write them ("14.30", "14h30", "halb 10", "Viertel nach 9", "9" alone) are made plain "H:MM"
 *   first; parts of the day ("früh", "abends", "morning") mean 08:00, 09:00, 12:00, 15:00 or 18:00, and turn
 *   "8 abends" into 20:00.
 * - Spans from now ("in 2 Stunden", "in einer halben Stunde") are counted here in real time.
 * - Parts of a month as deadlines are set ("Anfang April", "Mitte Mai", "Ende März", "Ende des Monats", "Jahresende")
 *   are read as the calendar date they mean.
 * - chrono reads the rest: "morgen", "übermorgen", "in 2 Wochen", "nächsten Dienstag", "tue 2pm", "14 Uhr". Only its
 *   known components are used; the instant is built in the zone from them, so both changes of the clocks come out
 *   right whatever the server's own zone is.
 * - Every word must be understood (apart from "am", "um", "bis" and the like): "31.02. 10 Uhr" is not read as
 *   "10 Uhr today", and a text that holds two days or two times is refused.
 */

interface LocalTime {
  hour: number;
  minute: number;
}

type DateFound = { ok: true; day: PhraseDay | null; rest: string } | { ok: false; reason: "not_understood" | "no_such_date" };

interface ChronoReading {
  /** The day chrono worked out ("morgen", "in 2 Wochen", "nächsten Dienstag"). */
  day: PhraseDay | null;
  /** The ISO weekday when the text named one (checked against a calendar date given with it). */
  weekday: IsoWeekday | null;
  /**
   * A weekday worked out here, not by chrono: "Dienstag" (coming: today while the time is still ahead) or "nächsten
   * Dienstag" (after today: the next Tuesday after today). "letzten Dienstag" and "Dienstag nächste Woche" stay chrono's.
   */
  weekdayRule: "coming" | "after_today" | null;
  time: LocalTime | null;
}

const maxTextLength = 80;
const minuteMs = 60_000;

const monthNumbers: Record<string, number> = {
  januar: 1,
  jänner: 1,
  jan: 1,
  january: 1,
  februar: 2,
  feber: 2,
  feb: 2,
  february: 2,
  märz: 3,
  maerz: 3,
  mär: 3,
  mar: 3,
  march: 3,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juni: 6,
  jun: 6,
  june: 6,
  juli: 7,
  jul: 7,
  july: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  okt: 10,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  dezember: 12,
  dez: 12,
  december: 12,
  dec: 12,
};
const monthPattern = Object.keys(monthNumbers)
  .sort((a, b) => b.length - a.length)
  .join("|");

const weekdayNames =
  "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so|" +
  "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thur|thurs|fri|sat|sun";

/** Parts of the day: the time they stand for alone, and whether an hour before them counts from noon ("8 abends"). */
const dayParts: { pattern: RegExp; time: LocalTime; afternoon: boolean }[] = [
  { pattern: /(?<!\p{L})(?:in der früh|früh|frueh|morgens|in the morning|morning)(?!\p{L})/u, time: { hour: 8, minute: 0 }, afternoon: false },
  { pattern: /(?<!\p{L})(?:vormittags?)(?!\p{L})/u, time: { hour: 9, minute: 0 }, afternoon: false },
  { pattern: /(?<!\p{L})(?:nachmittags?|in the afternoon|afternoon)(?!\p{L})/u, time: { hour: 15, minute: 0 }, afternoon: true },
  { pattern: /(?<!\p{L})(?:mittags?|noon|midday)(?!\p{L})/u, time: { hour: 12, minute: 0 }, afternoon: false },
  { pattern: /(?<!\p{L})(?:abends?|in the evening|evening|tonight)(?!\p{L})/u, time: { hour: 18, minute: 0 }, afternoon: true },
];

/** Words around a date or time that say nothing more ("am Dienstag um 9", "bis 18.12.", "on tue at 2pm"). */
const fillerWords = new Set(["am", "um", "den", "der", "ab", "gegen", "bis", "zum", "ca", "at", "on", "the", "by", "uhr"]);

/** A number followed by one of these counts something ("in 3 Tagen"); it is not an hour. */
const countUnits = "tage?n?|wochen?|monate?n?|jahre?n?|stunden?|std|minuten?|min|sekunden?|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?";
/** …and after these it is an hour that chrono reads as it stands ("9 Uhr", "2 pm"). */
const unitWords = `${countUnits}|uhr|h|pm|am`;

export const chronoDatePhrases: DatePhrases = { read: readDatePhrase };

function readDatePhrase(text: string, query: DatePhraseQuery): DatePhraseReading {
  const { now, zone } = query;
  if (text.length > maxTextLength || Number.isNaN(now.getTime())) return { ok: false, reason: "not_understood" };
  const today = localParts(now, zone);
  const normalized = normalize(text);
  if (!normalized) return { ok: false, reason: "not_understood" };

  const span = readSpan(normalized);
  if (span !== null) {
    const at = new Date(Math.floor((now.getTime() + span) / minuteMs) * minuteMs);
    const local = localParts(at, zone);
    return judge({ day: { year: local.year, month: local.month, day: local.day }, at, timeGiven: true }, query);
  }
  const date = findCalendarDate(partsOfMonths(normalized, today, query.expect), today, query.expect);
  if (!date.ok) return date;
  const dayPart = findDayPart(date.rest);
  const rest = plainTimes(dayPart.rest, dayPart.part?.afternoon !== false);

  let reading: ChronoReading = { day: null, weekday: null, weekdayRule: null, time: null };
  if (!onlyFiller(rest)) {
    const read = readWithChrono(rest, now, zone);
    if (!read) return { ok: false, reason: "not_understood" };
    reading = read;
  }
  let time = reading.time;
  if (dayPart.part) {
    if (!time) time = dayPart.part.time;
    else if (dayPart.part.afternoon && time.hour >= 1 && time.hour <= 11) time = { hour: time.hour + 12, minute: time.minute };
  }
  let day = reading.day;
  if (date.day) {
    // A calendar date may come with its weekday ("Fr., 24.12."), but not with another day ("morgen 24.12.").
    if (day && reading.weekday === null) return { ok: false, reason: "not_understood" };
    if (reading.weekday !== null && reading.weekday !== isoWeekday(date.day.year, date.day.month, date.day.day)) return { ok: false, reason: "not_understood" };
    day = date.day;
  } else if (reading.weekdayRule && reading.weekday !== null && query.expect === "future") {
    day = comingWeekday(reading.weekday, reading.weekdayRule === "after_today" ? null : time, reading.weekdayRule === "after_today", query);
  }
  if (!day && !time) return { ok: false, reason: "not_understood" };
  const resolvedDay = day ?? { year: today.year, month: today.month, day: today.day };
  const at = zonedLocalToUtc({ ...resolvedDay, ...(time ?? { hour: 0, minute: 0 }) }, zone);
  return judge({ day: resolvedDay, at, timeGiven: time !== null }, query);
}

/** "Dienstag": the coming Tuesday, today while the time named is still ahead (or no time was named); "nächsten Dienstag": after today. */
function comingWeekday(weekday: IsoWeekday, time: LocalTime | null, afterToday: boolean, query: DatePhraseQuery): PhraseDay {
  const today = localParts(query.now, query.zone);
  const ahead = (weekday - today.weekday + 7) % 7;
  if (ahead > 0) return addLocalDays(today, ahead);
  const stillAhead =
    !afterToday && (!time || zonedLocalToUtc({ year: today.year, month: today.month, day: today.day, ...time }, query.zone).getTime() > query.now.getTime());
  return addLocalDays(today, stillAhead ? 0 : 7);
}

const spanAmounts: Record<string, number> = {
  ein: 1,
  eine: 1,
  einer: 1,
  einem: 1,
  a: 1,
  an: 1,
  one: 1,
  zwei: 2,
  two: 2,
  drei: 3,
  three: 3,
  halben: 0.5,
  half: 0.5,
};
const spanPart = /^(\d+(?:[.,]\d+)?|\p{L}+) ?(stunden?|std|h|hours?|hrs?|minuten?|min|mins?|minutes?|m)$/u;

/**
 * "in 2 Stunden", "in 1,5 h", "in einer halben Stunde", "in 1 Stunde und 30 Minuten", "in 45 min", "in an hour": the
 * milliseconds from now, counted in real time (across a change of the clocks, too); null for any other text.
 */
function readSpan(text: string): number | null {
  const match = /^in (.+)$/.exec(text.replace(/(?<!\p{L})(?:einer |an? )?viertelstunde(?!\p{L})|(?<!\p{L})a quarter of an hour(?!\p{L})/u, "15 minuten"));
  if (!match?.[1]) return null;
  let total = 0;
  for (const part of match[1].replace(/(?<!\p{L})(?:einer|eine) halben(?!\p{L})/u, "halben").split(/ (?:und|and) | (?=\d)/)) {
    const [, amountText = "", unit = ""] = spanPart.exec(part.replace(/^half an? /, "half ").trim()) ?? [];
    const amount = /^\d/.test(amountText) ? Number(amountText.replace(",", ".")) : spanAmounts[amountText];
    if (amount === undefined || !Number.isFinite(amount) || !unit) return null;
    total += amount * (/^(?:stunden?|std|h|hours?|hrs?)$/.test(unit) ? 60 : 1) * minuteMs;
  }
  return total > 0 ? total : null;
}

function judge(moment: { day: PhraseDay; at: Date; timeGiven: boolean }, query: DatePhraseQuery): DatePhraseReading {
  if (query.expect === "future") {
    const today = localParts(query.now, query.zone);
    const past = moment.timeGiven ? moment.at.getTime() <= query.now.getTime() : compareDays(moment.day, today) < 0;
    if (past) return { ok: false, reason: "past", ...moment };
  }
  return { ok: true, ...moment };
}

function compareDays(a: PhraseDay, b: PhraseDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function normalize(text: string): string {
  return (
    text
      .normalize("NFC")
      .toLocaleLowerCase("de")
      .replace(/[„“”"«»!?]/g, " ")
      .replace(/uebermorgen/g, "übermorgen")
      .replace(/naechst/g, "nächst")
      .replace(/(?<!\p{L})kommende[nrs]?(?!\p{L})/gu, "nächsten")
      .replace(/(?<!\p{L})coming(?!\p{L})/gu, "next")
      // "nächste Woche Dienstag" as chrono knows it: "Dienstag nächste Woche".
      .replace(new RegExp(`(?<!\\p{L})(nächste woche|next week) (${weekdayNames})(?!\\p{L})`, "gu"), "$2 $1")
      .replace(/o'clock/g, " uhr")
      // "9 am Dienstag" is German: "am" goes with the day (and "9 am" meant 9:00 anyway).
      .replace(/(?<=\d)(?<!12|12:\d\d) am (?=\p{L})/gu, " ")
      .replace(/(?<=\d)\s*([ap])\.\s?m\.?/g, "$1m")
      // Commas and brackets outside numbers; the dot after a word ("Di.", "Okt.").
      .replace(/(?<!\d),|,(?!\d)|[()]/g, " ")
      .replace(/(?<=\p{L})\.+/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

const lastDayOf = (year: number, month: number): number => [31, 30, 29, 28].find((day) => isValidLocalDate(year, month, day)) ?? 28;

/**
 * Parts of a month or year as people set deadlines, written as the calendar date they mean: "Anfang April" → the 1st,
 * "Mitte April" → the 15th, "Ende März" (and "end of March") → its last day, "Ende des Monats" / "Monatsende" → this
 * month's last day, "Ende des Jahres" / "Jahresende" → 31 December. Without a year: this year, or ("future") next
 * year once the day has passed.
 */
function partsOfMonths(text: string, today: PhraseDay, expect: DatePhraseQuery["expect"]): string {
  const dated = (day: (year: number) => number, month: number, year: number) => `${day(year)}.${month}.${year}`;
  const yearOf = (day: (year: number) => number, month: number, given: string | undefined): number => {
    if (given !== undefined) return Number(given);
    const passed = compareDays({ year: today.year, month, day: day(today.year) }, today) < 0;
    return expect === "future" && passed ? today.year + 1 : today.year;
  };
  const parts: { pattern: string; day: (year: number, month: number) => number }[] = [
    { pattern: "anfang|beginning of|early", day: () => 1 },
    { pattern: "mitte|mid|middle of", day: () => 15 },
    { pattern: "ende|end of|late", day: (year, month) => lastDayOf(year, month) },
  ];
  let result = text;
  for (const part of parts) {
    const pattern = new RegExp(`(?<!\\p{L})(?:${part.pattern})[ -](${monthPattern})(?!\\p{L})(?: (\\d{4})(?![\\d:.]))?`, "gu");
    result = result.replace(pattern, (_match, name: string, given: string | undefined) => {
      const month = monthNumbers[name] ?? 0;
      const day = (year: number) => part.day(year, month);
      return dated(day, month, yearOf(day, month, given));
    });
  }
  return result
    .replace(/(?<!\p{L})(?:ende des monats|monatsende|end of the month)(?!\p{L})/u, () =>
      dated((year) => lastDayOf(year, today.month), today.month, today.year),
    )
    .replace(/(?<!\p{L})(?:ende des jahres|jahresende|end of the year)(?!\p{L})/u, () => dated(() => 31, 12, today.year));
}

/**
 * The calendar date in the text, if any, taken out of it. Day first, as in Germany: "24.12.", "24.12.2027", "24.12.27",
 * "24/12", "2027-12-24" (what a Teams date input sends), "24. Dezember", "24th of December", "Dec 24".
 */
function findCalendarDate(text: string, today: PhraseDay, expect: DatePhraseQuery["expect"]): DateFound {
  const found: { day: number; month: number; year: number | null; start: number; end: number }[] = [];
  const take = (match: RegExpExecArray, day: string | undefined, month: number, year: string | undefined) => {
    found.push({ day: Number(day), month, year: readYear(year), start: match.index, end: match.index + match[0].length });
  };
  const overlaps = (match: RegExpExecArray) => found.some((f) => match.index < f.end && match.index + match[0].length > f.start);

  for (const match of text.matchAll(/(?<![\d.:/-])(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d)|(?![\d.:/-]))/g)) {
    take(match, match[3], Number(match[2]), match[1]);
  }
  for (const match of text.matchAll(/(?<![\d.:/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2})?)(?![\d:/]|\.\d)/g)) {
    // "um 14.30." at the end of a sentence is a time.
    const isTime = match[4] === undefined && match[2] === "." && Number(match[3]) > 12 && Number(match[3]) <= 59 && Number(match[1]) <= 23;
    if (!overlaps(match) && !isTime) take(match, match[1], Number(match[3]), match[4]);
  }
  for (const match of text.matchAll(/(?<![\d.:/])(\d{1,2})\/(\d{1,2})(?![\d.:/])/g)) {
    if (!overlaps(match)) take(match, match[1], Number(match[2]), undefined);
  }
  const dayFirst = new RegExp(`(?<![\\d.:])(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s?(?:of\\s)?(${monthPattern})(?!\\p{L})(?:\\s(\\d{4})(?![\\d:.]))?`, "gu");
  for (const match of text.matchAll(dayFirst)) {
    if (!overlaps(match)) take(match, match[1], monthNumbers[match[2] ?? ""] ?? 0, match[3]);
  }
  const monthFirst = new RegExp(
    `(?<!\\p{L})(${monthPattern})\\s(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:.]|\\s?(?:uhr|h|am|pm)(?!\\p{L}))(?:\\s(\\d{4})(?![\\d:.]))?`,
    "gu",
  );
  for (const match of text.matchAll(monthFirst)) {
    if (!overlaps(match)) take(match, match[2], monthNumbers[match[1] ?? ""] ?? 0, match[3]);
  }
  // "24.12 9 Uhr": a day and month without the closing dot, when a time comes with it; "14.30" alone is a time.
  const undecided = [...text.matchAll(/(?<![\d.:/])(\d{1,2})\.(\d{1,2})(?![\d:/]|\.\d)/g)].filter((match) => !overlaps(match));
  const first = undecided.find((match) => Number(match[2]) <= 12);
  if (first && (undecided.length > 1 || hasAnotherTime(text, first))) take(first, first[1], Number(first[2]), undefined);

  if (found.length === 0) return { ok: true, day: null, rest: text };
  const [date] = found;
  if (found.length > 1 || !date) return { ok: false, reason: "not_understood" };
  const rest = `${text.slice(0, date.start)} ${text.slice(date.end)}`.replace(/\s+/g, " ").trim();
  const day = resolveYear(date, today, expect);
  return day ? { ok: true, day, rest } : { ok: false, reason: "no_such_date" };
}

/** Whether, besides the "24.12"-like match, the text holds an hour ("9", "9:30", "9 Uhr") and not just a count ("in 3 Tagen"). */
function hasAnotherTime(text: string, match: RegExpExecArray): boolean {
  const other = `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`;
  return new RegExp(`(?<![\\d.:])(?<!in\\s)\\d{1,2}(?![\\d])(?!\\s?(?:${countUnits})(?!\\p{L}))`, "u").test(other);
}

/** "27" is 2027. */
function readYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

/** The day meant; null when no calendar has it. Without a year: this year, or ("future") next year once the day has passed. */
function resolveYear(date: { day: number; month: number; year: number | null }, today: PhraseDay, expect: DatePhraseQuery["expect"]): PhraseDay | null {
  const { day, month } = date;
  if (date.year !== null) return isValidLocalDate(date.year, month, day) ? { year: date.year, month, day } : null;
  if (expect === "any") return isValidLocalDate(today.year, month, day) ? { year: today.year, month, day } : null;
  // Eight years always include a leap year, for 29 February.
  for (let year = today.year; year <= today.year + 8; year++) {
    if (!isValidLocalDate(year, month, day)) continue;
    if (compareDays({ year, month, day }, today) >= 0) return { year, month, day };
  }
  return null;
}

function findDayPart(text: string): { part: (typeof dayParts)[number] | null; rest: string } {
  // "heute Morgen" is this morning; "morgen" alone is tomorrow.
  const source = text.replace(/(?<!\p{L})(heute|gestern) morgen(?!\p{L})/u, "$1 morgens");
  const found = dayParts.filter(({ pattern }) => pattern.test(source));
  const [part] = found;
  if (!part || found.length > 1) return { part: null, rest: source };
  return { part, rest: source.replace(part.pattern, " ").replace(/\s+/g, " ").trim() };
}

/**
 * Times as "H:MM", the way chrono reads them best: "14.30" and "14h30" → "14:30", "halb 10" → "9:30", "Viertel nach 9"
 * → "9:15", "dreiviertel 10" → "9:45", "9" → "9:00".
 * The clock-face words speak of a twelve-hour clock: "halb 3" is 14:30 (and "halb 3 früh" 2:30), "halb 8" 7:30.
 */
function plainTimes(text: string, afternoonFirst: boolean): string {
  const clock = (hour: number, minute: number) => {
    if (hour < 0 || hour > 23) return "?";
    const onTheFace = hour % 12 === 0 ? 12 : hour;
    const meant = hour > 12 || !afternoonFirst ? hour : onTheFace < 7 ? onTheFace + 12 : onTheFace;
    return `${meant}:${String(minute).padStart(2, "0")}`;
  };
  const hourBefore = (hour: string) => Number(hour) - 1;
  return text
    .replace(/(?<![\d.:])(\d{1,2})[.h](\d{2})(?![\d:]|\.\d)/g, "$1:$2")
    .replace(/(?<![\d.:])(\d{1,2}) uhr (\d{2})(?![\d.:])/g, "$1:$2")
    .replace(/(?<![\d.:])(\d{1,2})h(?!\p{L})/gu, "$1:00")
    .replace(/(?<!\p{L})halb (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(hourBefore(hour), 30))
    .replace(/(?<!\p{L})dreiviertel (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(hourBefore(hour), 45))
    .replace(/(?<!\p{L})viertel nach (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(Number(hour), 15))
    .replace(/(?<!\p{L})viertel vor (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(hourBefore(hour), 45))
    .replace(/(?<!\p{L})viertel (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(hourBefore(hour), 15))
    .replace(/(?<!\p{L})half past (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(Number(hour), 30))
    .replace(/(?<!\p{L})quarter past (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(Number(hour), 15))
    .replace(/(?<!\p{L})quarter to (\d{1,2})(?![\d:])/gu, (_all, hour: string) => clock(hourBefore(hour), 45))
    .replace(new RegExp(`(?<![\\d.:,])(?<!(?:in|vor) )(\\d{1,2})(?![\\d:,]|\\.\\d)(?!\\s?(?:${unitWords})(?!\\p{L}))`, "gu"), "$1:00")
    .replace(/\s+/g, " ")
    .trim();
}

function onlyFiller(text: string): boolean {
  return text.split(" ").every((word) => word === "" || fillerWords.has(word));
}

/** German first, then English; the first reading that uses every word. */
function readWithChrono(text: string, now: Date, zone: string): ChronoReading | null {
  const reference = { instant: now, timezone: zoneOffsetMinutes(now, zone) };
  for (const parser of [chronoDe.casual, chronoEn.casual]) {
    const results = parser.parse(text, reference);
    if (results.length === 0) continue;
    let unread = text;
    for (const result of results) unread = unread.slice(0, result.index) + " ".repeat(result.text.length) + unread.slice(result.index + result.text.length);
    if (
      !onlyFiller(
        unread
          .replace(/[.,;:!?-]/g, " ")
          .replace(/\s+/g, " ")
          .trim(),
      )
    )
      continue;
    return combine(results);
  }
  return null;
}

type ChronoResult = ReturnType<typeof chronoDe.casual.parse>[number];

/** Weekdays chrono places well itself: "letzten Freitag", "last friday", "Dienstag nächste Woche", "tuesday next week". */
const chronosWeekday = /(?<!\p{L})(?:letzte[mn]?|vergangene[mn]?|last|past|woche|week)(?!\p{L})/u;
const nextWeekday = /(?<!\p{L})(?:nächste[mn]?|next)(?!\p{L})/u;

/** One reading from chrono's results: at most one day and one time ("10 Uhr" … "morgen"). */
function combine(results: ChronoResult[]): ChronoReading | null {
  const reading: ChronoReading = { day: null, weekday: null, weekdayRule: null, time: null };
  for (const { start: c, text } of results) {
    // Hours and minutes from now are read by readSpan: chrono counts them on the server's wall clock.
    if (c.tags().has("result/relativeDateAndTime")) return null;
    const namesDay = c.isCertain("day") || c.isCertain("month") || c.isCertain("year");
    const namesWeekday = c.isCertain("weekday");
    if (namesDay || namesWeekday) {
      if (reading.day) return null;
      const year = c.get("year");
      const month = c.get("month");
      const day = c.get("day");
      if (year === null || month === null || day === null || !isValidLocalDate(year, month, day)) return null;
      reading.day = { year, month, day };
      if (namesWeekday) {
        const weekday = c.get("weekday") ?? 0;
        reading.weekday = (weekday === 0 ? 7 : weekday) as IsoWeekday;
        if (!namesDay && !chronosWeekday.test(text)) reading.weekdayRule = nextWeekday.test(text) ? "after_today" : "coming";
      }
    }
    if (c.isCertain("hour")) {
      if (reading.time) return null;
      const hour = c.get("hour");
      const minute = c.get("minute") ?? 0;
      if (hour === null || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
      reading.time = { hour, minute };
    }
  }
  return reading;
}
