import { addLocalDays, isValidLocalDate, localParts } from "../shared/zoned-time.ts";

export type DateReading = { ok: true; date: string } | { ok: false; errorKey: "dialog.error.date" | "dialog.error.no_such_date" };

const relativeDays: Record<string, number> = { heute: 0, today: 0, gestern: -1, yesterday: -1, morgen: 1, tomorrow: 1 };

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A calendar day as a person types it, German or English: "heute", "gestern", "1.3.2027", "01.03.27", "1.3." (this
 * year), "2027-03-01" (what a Teams date input sends). Returns "YYYY-MM-DD"; a day that does not exist ("31.2.2027")
 * is named as such, anything else unreadable asks for an example.
 */
export function readLocalDate(text: string, now: Date, zone: string): DateReading {
  const typed = text.trim().toLocaleLowerCase();
  const today = localParts(now, zone);
  const relative = relativeDays[typed];
  if (relative !== undefined) {
    const day = addLocalDays(today, relative);
    return { ok: true, date: `${day.year}-${pad(day.month)}-${pad(day.day)}` };
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  const german = /^(\d{1,2})\.(\d{1,2})\.?(\d{2}|\d{4})?$/.exec(typed);
  let parts: [number, number, number] | null = null;
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (german) {
    const year = german[3] === undefined ? today.year : german[3].length === 2 ? 2000 + Number(german[3]) : Number(german[3]);
    parts = [year, Number(german[2]), Number(german[1])];
  }
  if (!parts) return { ok: false, errorKey: "dialog.error.date" };
  const [year, month, day] = parts;
  if (!isValidLocalDate(year, month, day)) return { ok: false, errorKey: "dialog.error.no_such_date" };
  return { ok: true, date: `${year}-${pad(month)}-${pad(day)}` };
}
