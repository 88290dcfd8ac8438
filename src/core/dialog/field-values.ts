import { parseWhen } from "../appointments/parse-when.ts";
import type { FieldOption, FormField } from "./form.ts";
import { readLocalDate } from "./read-date.ts";
import type { FormValue } from "./messages.ts";

export type FieldValue = FormValue;

export type FieldReading = { ok: true; value: FieldValue } | { ok: false; errorKey: string };

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
  const partial = options.filter((o) => labelOf(o).toLocaleLowerCase().includes(needle));
  return partial.length === 1 ? (partial[0] ?? null) : null;
}

/**
 * Reads a typed answer for a field. Choice fields accept an option's value or (unambiguous part of) its label;
 * `labelOf` gives the label as the person sees it.
 */
export function readTypedValue(
  field: FormField,
  text: string,
  context: { now: Date; zone: string; options: FieldOption[]; labelOf: (option: FieldOption) => string },
): FieldReading {
  const trimmed = text.trim();
  switch (field.type) {
    case "text": {
      const max = field.maxLength ?? 500;
      if (!trimmed) return { ok: false, errorKey: "dialog.error.empty" };
      return trimmed.length > max ? { ok: false, errorKey: "dialog.error.too_long" } : { ok: true, value: trimmed };
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
      const when = parseWhen(trimmed, context.now, context.zone);
      return when ? { ok: true, value: when.toISOString() } : { ok: false, errorKey: "dialog.error.datetime" };
    }
    case "date": {
      const reading = readLocalDate(trimmed, context.now, context.zone);
      return reading.ok ? { ok: true, value: reading.date } : { ok: false, errorKey: reading.errorKey };
    }
    case "choice": {
      const option = matchOption(trimmed, context.options, context.labelOf);
      return option ? { ok: true, value: option.value } : { ok: false, errorKey: "dialog.error.choose" };
    }
    case "confirm":
    case "multi_choice":
      return { ok: false, errorKey: "dialog.error.use_buttons" };
  }
}
