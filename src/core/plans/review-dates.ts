/** Months until the next review (Fortschreibung) when the manager sets no date. */
export const defaultReviewMonths = 6;

/** The same time of day `months` calendar months later (UTC), on the month's last day when the day does not exist. */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from);
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return result;
}

export const defaultNextReview = (now: Date): Date => addMonths(now, defaultReviewMonths);
