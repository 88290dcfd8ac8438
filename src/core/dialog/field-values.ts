import type { DatePhraseReading, DatePhrases } from "../ports/date-phrases.ts";
import { localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import type { FieldOption, FormField } from "./form.ts";
import type { FormValue, MessageParams } from "./messages.ts";

export type FieldValue = FormValue;

/** A text refused for its length: the message names its length and the most that fits. */
export const tooLongKey = "dialog.error.too_long";

export type FieldReading = { ok: true; value: FieldValue } | { ok: false; errorKey: string; errorParams?: MessageParams };

const durationPattern = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*(h|std\.?|stunden?|hours?|hrs?|m|min\.?|minuten?|minutes?)?$/i;

/** "30", "30 min", "1h", "1,5 Std" → minutes. */
export function readDuration(text: string): number | null {
  const match = durationPattern.exec(text.trim());
  if (!match?.[1]) return null;
  const amount = Number(match[1].replace(",", "."));
  const hours = match[2] !== undefined && /^(h|std|stunde|hour|hr)/i.test(match[2]);
  const minutes = Math.round(hours ? amount * 60 : amount);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : null;
}

function matchOption(text: string, options: FieldOption[], labelOf: (option: FieldOption) => string): FieldOption | null {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle) return null;
  const exact = options.find((o) => o.value.toLowerCase() === needle || labelOf(o).toLocaleLowerCase() === needle);
  if (exact) return exact;
  // The start of a name ("wern" for Wernau) decides even where the name also appears inside another (Unterwernau).
  const prefix = options.filter((o) => labelOf(o).toLocaleLowerCase().startsWith(needle));
  if (prefix.length === 1) return prefix[0] ?? null;
  const partial = options.filter((o) => labelOf(o).toLocaleLowerCase().includes(needle));
  return partial.length === 1 ? (partial[0] ?? null) : null;
}

const pickedDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A time typed after a day was picked ("14:30" after "Übermorgen"): read on that day, not on today. Null when the
 * field names no such day, or the text does not name a time on it (a whole phrase like "Di 9:15" is read as usual).
 */
function onPickedDay(field: FormField, text: string, context: ReadingContext): FieldReading | null {
  const picked = field.onDayOf ? pickedDayPattern.exec(String(context.values?.[field.onDayOf] ?? "")) : null;
  if (!picked) return null;
  const day = { year: Number(picked[1]), month: Number(picked[2]), day: Number(picked[3]) };
  const dayStart = zonedLocalToUtc({ ...day, hour: 0, minute: 0 }, context.zone);
  const reading = context.datePhrases.read(text, { now: dayStart, zone: context.zone, expect: "future" });
  if (!reading.ok || !reading.timeGiven || reading.day.year !== day.year || reading.day.month !== day.month || reading.day.day !== day.day) return null;
  if (reading.at.getTime() <= context.now.getTime()) {
    return { ok: false, errorKey: "manager_time_picker.error.past", errorParams: { at: { t: "datetime", iso: reading.at.toISOString(), zone: context.zone } } };
  }
  return { ok: true, value: reading.at.toISOString() };
}

/**
 * A time typed at the time buttons of a picked day ("9:30", "14 Uhr") instead of tapping one: read on that day, kept
 * as the buttons' values are ("0930"); one already past on that day is refused, naming it.
 */
function timeOnPickedDay(field: FormField, text: string, context: ReadingContext): FieldReading | null {
  const reading = onPickedDay(field, text, context);
  if (!reading?.ok) return reading;
  const { hour, minute } = localParts(new Date(String(reading.value)), context.zone);
  return { ok: true, value: `${pad(hour)}${pad(minute)}` };
}

interface ReadingContext {
  now: Date;
  zone: string;
  datePhrases: DatePhrases;
  options: FieldOption[];
  labelOf: (option: FieldOption) => string;
  /** The answers given so far (a picked day, for a time typed after it). */
  values?: Record<string, unknown>;
}

/**
 * Reads a typed answer for a field. Choice fields accept an option's value or its label, case-insensitive, or an
 * unambiguous start or part of it;
 * `labelOf` gives the label as the person sees it.
 */
export function readTypedValue(field: FormField, text: string, context: ReadingContext): FieldReading {
  const trimmed = text.trim();
  switch (field.type) {
    case "text": {
      const max = field.maxLength ?? 500;
      if (!trimmed) return { ok: false, errorKey: "dialog.error.empty" };
      if (trimmed.length > max) return { ok: false, errorKey: tooLongKey, errorParams: { length: trimmed.length, max } };
      return field.read ? field.read(trimmed) : { ok: true, value: trimmed };
    }
    case "number": {
      const value = Number(trimmed.replace(",", "."));
      if (!/^\d+([.,]\d+)?$/.test(trimmed) || !Number.isFinite(value)) return { ok: false, errorKey: "dialog.error.number" };
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
        return { ok: false, errorKey: "dialog.error.range" };
      }
      return { ok: true, value };
    }
    case "duration": {
      const minutes = readDuration(trimmed);
      if (minutes === null) return { ok: false, errorKey: "dialog.error.duration" };
      if ((field.min !== undefined && minutes < field.min) || (field.max !== undefined && minutes > field.max)) {
        return { ok: false, errorKey: "dialog.error.range" };
      }
      return { ok: true, value: minutes };
    }
    case "datetime": {
      const onDay = onPickedDay(field, trimmed, context);
      if (onDay) return onDay;
      return readDateTime(field, context.datePhrases.read(trimmed, { now: context.now, zone: context.zone, expect: "future" }), context);
    }
    case "date": {
      const reading = context.datePhrases.read(trimmed, { now: context.now, zone: context.zone, expect: "any" });
      if (!reading.ok) return { ok: false, errorKey: reading.reason === "no_such_date" ? "dialog.error.no_such_date" : "dialog.error.date" };
      const { year, month, day } = reading.day;
      if (field.notAfterToday && reading.at.getTime() > context.now.getTime()) {
        return {
          ok: false,
          errorKey: "manager_time_picker.error.future_day",
          errorParams: { day: { t: "date", iso: reading.at.toISOString(), zone: context.zone } },
        };
      }
      return { ok: true, value: `${year}-${pad(month)}-${pad(day)}` };
    }
    case "choice": {
      const option = matchOption(trimmed, context.options, context.labelOf);
      if (option) return { ok: true, value: option.value };
      const time = timeOnPickedDay(field, trimmed, context);
      if (time) return time;
      if (!field.unknownChoiceKey) return { ok: false, errorKey: "dialog.error.choose" };
      const names = context.options.map(context.labelOf);
      return { ok: false, errorKey: field.unknownChoiceKey, errorParams: { text: trimmed, options: { t: "list", items: names } } };
    }
    case "confirm": {
      // Typed like its buttons ("Ja", "Ändern") or as a plain yes or no: "y" or "n", as a tap gives.
      const option = matchOption(trimmed, context.options, context.labelOf);
      if (option) return { ok: true, value: option.value };
      if (yesWords.has(trimmed.toLocaleLowerCase())) return { ok: true, value: "y" };
      if (noWords.has(trimmed.toLocaleLowerCase())) return { ok: true, value: "n" };
      return { ok: false, errorKey: "dialog.error.use_buttons" };
    }
    case "multi_choice":
      return { ok: false, errorKey: "dialog.error.use_buttons" };
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Plain answers to a yes-or-no question, German and English (the buttons' own labels are matched first). */
const yesWords = new Set(["ja", "j", "yes", "y", "ok", "okay"]);
const noWords = new Set(["nein", "n", "no", "nö"]);

/**
 * A moment ahead, as an ISO instant. A day alone ("18.12.", "in 2 Wochen") is enough where the field names a time for
 * it (`dayAloneAt`); elsewhere the time is asked for. Each refusal says what was wrong: not understood, no such day,
 * already past (naming what was understood), or the time missing.
 */
function readDateTime(field: FormField, reading: DatePhraseReading, context: { now: Date; zone: string }): FieldReading {
  const { zone } = context;
  const past = (at: Date, timeGiven: boolean): FieldReading => ({
    ok: false,
    errorKey: "manager_time_picker.error.past",
    errorParams: { at: { t: timeGiven ? "datetime" : "date", iso: at.toISOString(), zone } },
  });
  if (!reading.ok) {
    if (reading.reason === "past") return past(reading.at, reading.timeGiven);
    return { ok: false, errorKey: reading.reason === "no_such_date" ? "dialog.error.no_such_date" : "dialog.error.datetime" };
  }
  if (reading.timeGiven) return { ok: true, value: reading.at.toISOString() };
  const dayAloneAt = field.dayAloneAt ? /^(\d{2}):(\d{2})$/.exec(field.dayAloneAt) : null;
  if (!dayAloneAt) {
    return { ok: false, errorKey: "manager_time_picker.error.time_missing", errorParams: { day: { t: "date", iso: reading.at.toISOString(), zone } } };
  }
  const at = zonedLocalToUtc({ ...reading.day, hour: Number(dayAloneAt[1]), minute: Number(dayAloneAt[2]) }, zone);
  return at.getTime() > context.now.getTime() ? { ok: true, value: at.toISOString() } : past(at, true);
}
