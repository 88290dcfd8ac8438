import { addLocalDays, isoWeekday, isValidLocalDate, localParts, zonedLocalToUtc, type IsoWeekday } from "../shared/zoned-time.ts";

/**
 * Reads a date and time as a manager types it, in German or English: "morgen 10", "Di 14:30", "tue 2pm",
 * "24.12. 9 Uhr", "2027-03-28 10:00", "in 2 Stunden". Returns the instant, or null when the text is not
 * understood or names a time that is already past.
 *
 * - A weekday means the next such day; today counts while the time is still ahead.
 * - A date without a year means this year unless that day has passed, then next year.
 * - A time alone means today.
 */

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

interface LocalTime {
  hour: number;
  minute: number;
}

type DateSpec =
  { kind: "offset"; days: number } | { kind: "weekday"; weekday: IsoWeekday } | { kind: "dayMonth"; day: number; month: number; year: number | null };

const maxTextLength = 80;
const minuteMs = 60_000;

const dayOffsets: Record<string, number> = {
  heute: 0,
  today: 0,
  morgen: 1,
  tomorrow: 1,
  übermorgen: 2,
  uebermorgen: 2,
};

const weekdays: Record<string, IsoWeekday> = {
  mo: 1,
  montag: 1,
  mon: 1,
  monday: 1,
  di: 2,
  dienstag: 2,
  tue: 2,
  tues: 2,
  tuesday: 2,
  mi: 3,
  mittwoch: 3,
  wed: 3,
  wednesday: 3,
  do: 4,
  donnerstag: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fr: 5,
  freitag: 5,
  fri: 5,
  friday: 5,
  sa: 6,
  samstag: 6,
  sonnabend: 6,
  sat: 6,
  saturday: 6,
  so: 7,
  sonntag: 7,
  sun: 7,
  sunday: 7,
};

const fillerWords = new Set(["um", "at", "on", "am", "den", "the", "gegen", "ab"]);
const meridiems = new Set(["am", "pm"]);
const timeSuffixes = new Set(["uhr", "h", "am", "pm"]);
const numberWords: Record<string, number> = { a: 1, an: 1, one: 1, ein: 1, eine: 1, einer: 1, einem: 1 };

const hourUnits = new Set(["h", "std", "stunde", "stunden", "hour", "hours", "hr", "hrs"]);
const minuteUnits = new Set(["m", "min", "mins", "minute", "minuten", "minutes"]);
const dayUnits = new Set(["tag", "tage", "tagen", "day", "days"]);

export function parseWhen(text: string, reference: Date, zone: string): Date | null {
  if (text.length > maxTextLength || Number.isNaN(reference.getTime())) return null;
  const tokens = tokenize(text);
  const relative = parseRelativeDuration(tokens);
  if (relative !== null) {
    const instant = new Date(Math.floor((reference.getTime() + relative) / minuteMs) * minuteMs);
    return instant.getTime() > reference.getTime() ? instant : null;
  }
  const parsed = parseDateAndTime(tokens);
  if (!parsed) return null;
  const date = resolveDate(parsed.date, parsed.time, reference, zone);
  if (!date) return null;
  const instant = zonedLocalToUtc({ ...date, ...parsed.time }, zone);
  return instant.getTime() > reference.getTime() ? instant : null;
}

function tokenize(text: string): string[] {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/day after tomorrow/g, "übermorgen")
    .replace(/o'clock/g, "uhr")
    .replace(/([ap])\.m\./g, "$1m")
    .replace(/(\d{4}-\d{2}-\d{2})t(?=\d)/g, "$1 ")
    .replace(/(?<!\d),|,(?!\d)/g, " ")
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map((token) => (/^\p{L}+\.+$/u.test(token) ? token.replace(/\.+$/, "") : token));
}

/** "in 2 Stunden", "in 30 min", "in an hour": the offset in milliseconds, or null. */
function parseRelativeDuration(tokens: string[]): number | null {
  const [first, ...rest] = tokens;
  if (first !== "in" || rest.length === 0 || rest.length > 2) return null;
  const joined = rest.join(" ");
  const match = /^(\d+(?:[.,]\d+)?|\p{L}+)\s?(\p{L}+)$/u.exec(joined);
  if (!match) return null;
  const amount = readAmount(match[1] ?? "");
  const unit = match[2] ?? "";
  if (amount === null || amount <= 0) return null;
  if (hourUnits.has(unit)) return amount * 60 * minuteMs;
  if (minuteUnits.has(unit)) return amount * minuteMs;
  return null;
}

function readAmount(word: string): number | null {
  if (/^\d+(?:[.,]\d+)?$/.test(word)) return Number(word.replace(",", "."));
  return numberWords[word] ?? null;
}

type Token = { kind: "date"; date: DateSpec } | { kind: "time"; time: LocalTime } | { kind: "dateOrTime"; date: DateSpec; time: LocalTime | null };

function parseDateAndTime(words: string[]): { date: DateSpec | null; time: LocalTime } | null {
  const tokens: Token[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    const next = words[index + 1];

    const inDays = readInDays(word, next, words[index + 2]);
    if (inDays) {
      tokens.push({ kind: "date", date: inDays });
      index += 2;
      continue;
    }
    if (next !== undefined && timeSuffixes.has(next) && /^\d{1,2}([:.]\d{2})?$/.test(word)) {
      const time = readTime(word + next);
      if (!time) return null;
      tokens.push({ kind: "time", time });
      index += 1;
      continue;
    }
    if (fillerWords.has(word)) continue;

    const token = readToken(word);
    if (!token) return null;
    tokens.push(token);
  }
  return combine(tokens);
}

function readInDays(word: string, amountWord: string | undefined, unit: string | undefined): DateSpec | null {
  if (word !== "in" || amountWord === undefined || unit === undefined || !dayUnits.has(unit)) return null;
  const amount = readAmount(amountWord);
  if (amount === null || !Number.isInteger(amount) || amount < 0 || amount > 366) return null;
  return { kind: "offset", days: amount };
}

function readToken(word: string): Token | null {
  const offset = dayOffsets[word];
  if (offset !== undefined) return { kind: "date", date: { kind: "offset", days: offset } };
  const weekday = weekdays[word];
  if (weekday !== undefined) return { kind: "date", date: { kind: "weekday", weekday } };

  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
  if (iso) return dayMonthToken(iso[3], iso[2], iso[1]);

  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?$/.exec(word);
  if (dotted) return dayMonthToken(dotted[1], dotted[2], dotted[3]);
  // "14.30" is a time after a date, "24.12" is a date before a time: decided once the other tokens are known.
  const dayMonthOrTime = /^(\d{1,2})\.(\d{1,2})$/.exec(word);
  if (dayMonthOrTime) {
    return {
      kind: "dateOrTime",
      date: { kind: "dayMonth", day: Number(dayMonthOrTime[1]), month: Number(dayMonthOrTime[2]), year: null },
      time: readTime(word),
    };
  }

  const time = readTime(word);
  return time ? { kind: "time", time } : null;
}

function dayMonthToken(day: string | undefined, month: string | undefined, year: string | undefined): Token {
  return { kind: "date", date: { kind: "dayMonth", day: Number(day), month: Number(month), year: readYear(year) } };
}

/** "27" is 2027; a missing year is decided later. */
function readYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

/** "10", "9uhr", "14:30", "14.30", "14h", "14h30", "2pm", "2:30pm". */
function readTime(word: string): LocalTime | null {
  const match = /^(\d{1,2})(?:(?:[:.]|(?<=\d)h(?=\d))(\d{2}))?(uhr|h|am|pm)?$/.exec(word);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3];
  if (minute > 59) return null;
  if (suffix !== undefined && meridiems.has(suffix)) {
    if (hour < 1 || hour > 12) return null;
    return { hour: (hour % 12) + (suffix === "pm" ? 12 : 0), minute };
  }
  return hour <= 23 ? { hour, minute } : null;
}

function combine(tokens: Token[]): { date: DateSpec | null; time: LocalTime } | null {
  const dates: DateSpec[] = [];
  const times: LocalTime[] = [];
  for (const token of tokens) {
    if (token.kind === "date") dates.push(token.date);
    if (token.kind === "time") times.push(token.time);
  }
  const undecided = tokens.filter((token) => token.kind === "dateOrTime");
  for (const [index, token] of undecided.entries()) {
    const timeStillComes = times.length > 0 || index < undecided.length - 1;
    if (dates.length === 0 && timeStillComes) dates.push(token.date);
    else if (times.length === 0 && token.time) times.push(token.time);
    else return null;
  }
  const [time] = times;
  if (dates.length > 1 || times.length !== 1 || !time) return null;
  return { date: dates[0] ?? null, time };
}

function resolveDate(spec: DateSpec | null, time: LocalTime, reference: Date, zone: string): LocalDate | null {
  const now = localParts(reference, zone);
  const today: LocalDate = { year: now.year, month: now.month, day: now.day };
  if (spec === null) return today;
  switch (spec.kind) {
    case "offset":
      return addLocalDays(today, spec.days);
    case "weekday":
      return nextWeekday(today, spec.weekday, time, reference, zone);
    case "dayMonth":
      if (spec.year === null) return nextDayMonth(today, spec.day, spec.month);
      return isValidLocalDate(spec.year, spec.month, spec.day) ? { year: spec.year, month: spec.month, day: spec.day } : null;
  }
}

function nextWeekday(today: LocalDate, weekday: IsoWeekday, time: LocalTime, reference: Date, zone: string): LocalDate {
  const ahead = (weekday - isoWeekday(today.year, today.month, today.day) + 7) % 7;
  const candidate = addLocalDays(today, ahead);
  if (ahead > 0) return candidate;
  const stillAhead = zonedLocalToUtc({ ...candidate, ...time }, zone).getTime() > reference.getTime();
  return stillAhead ? candidate : addLocalDays(today, 7);
}

function nextDayMonth(today: LocalDate, day: number, month: number): LocalDate | null {
  // Eight years always include a leap year, for 29 February.
  for (let year = today.year; year <= today.year + 8; year++) {
    if (!isValidLocalDate(year, month, day)) continue;
    if (year > today.year || month > today.month || (month === today.month && day >= today.day)) {
      return { year, month, day };
    }
  }
  return null;
}
