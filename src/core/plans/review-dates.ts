import { addLocalDays, isValidLocalDate, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";

/** Months until the next review (Fortschreibung) when the manager sets no date. */
const defaultReviewMonths = 6;

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/**
 * A review date is a calendar day: it is kept as the last millisecond of that day in the zone, so the review is due
 * (and listed by /review) the whole day and overdue only from the next day on, whatever time it was set at.
 */
export function reviewDateOn(day: LocalDay, zone: string): Date {
  return new Date(zonedLocalToUtc({ ...addLocalDays(day, 1), hour: 0, minute: 0 }, zone).getTime() - 1);
}

/** The review date `defaultReviewMonths` after today when the manager sets none: that day in the zone. */
export const defaultNextReview = (now: Date, zone: string): Date => reviewDateOn(localDayInMonths(now, zone, defaultReviewMonths), zone);

/** The local day `months` calendar months after `now`'s day in the zone (the month's last day when the day does not exist). */
export function localDayInMonths(now: Date, zone: string, months: number): LocalDay {
  const today = localParts(now, zone);
  const index = today.year * 12 + (today.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  let day = today.day;
  while (day > 28 && !isValidLocalDate(year, month, day)) day -= 1;
  return { year, month, day };
}

/** The local day `days` days after `now`'s day in the zone. */
export function localDayInDays(now: Date, zone: string, days: number): LocalDay {
  const today = localParts(now, zone);
  return addLocalDays({ year: today.year, month: today.month, day: today.day }, days);
}
