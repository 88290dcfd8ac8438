import type { Client } from "../cases/model.ts";
import { isValidLocalDate, localParts, zonedLocalToUtc } from "../shared/zoned-time.ts";
import { EXTENDED_PERIOD_YEARS, REGULAR_PERIOD_YEARS, type CounsellingExtension, type PeriodStatus } from "./model.ts";

/** How long before the end the manager is nudged, in months. */
export const nudgeMonthsBefore = [3, 1] as const;
export type NudgeMonths = (typeof nudgeMonthsBefore)[number];

/** The same wall-clock day `months` later (or earlier) in the zone; 31 March + 1 month is 30 April. */
export function addLocalMonths(at: Date, months: number, zone: string): Date {
  const parts = localParts(at, zone);
  const total = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  let day = parts.day;
  while (!isValidLocalDate(year, month, day)) day -= 1;
  return zonedLocalToUtc({ year, month, day, hour: parts.hour, minute: parts.minute }, zone);
}

/** A case's counselling period as of now. */
export interface CounsellingPeriod {
  startedAt: Date;
  /** Midnight starting the day three years after the start's day (the last day is the one before). */
  regularEndsAt: Date;
  /** Start + four years: no extension goes beyond. */
  latestEndsAt: Date;
  /** The end that applies: the latest extension's, else the regular one. */
  endsAt: Date;
  extension: CounsellingExtension | null;
  status: PeriodStatus;
}

/** Midnight (local) at the start of the day `months` after the case start's day: the period's end instant. */
function endAfterMonths(start: Date, months: number, zone: string): Date {
  const day = localParts(addLocalMonths(start, months, zone), zone);
  return zonedLocalToUtc({ year: day.year, month: day.month, day: day.day, hour: 0, minute: 0 }, zone);
}

export function counsellingPeriod(
  client: Pick<Client, "caseStartedAt" | "status">,
  extensions: CounsellingExtension[],
  zone: string,
  now: Date,
): CounsellingPeriod {
  const regularEndsAt = endAfterMonths(client.caseStartedAt, REGULAR_PERIOD_YEARS * 12, zone);
  const latestEndsAt = endAfterMonths(client.caseStartedAt, EXTENDED_PERIOD_YEARS * 12, zone);
  const extension = extensions.reduce<CounsellingExtension | null>((latest, e) => (!latest || e.at >= latest.at ? e : latest), null);
  const endsAt = extension ? extension.endsAt : regularEndsAt;
  return {
    startedAt: client.caseStartedAt,
    regularEndsAt,
    latestEndsAt,
    endsAt,
    extension,
    status: periodStatus(client.status, endsAt, extension !== null, zone, now),
  };
}

function periodStatus(caseStatus: Client["status"], endsAt: Date, extended: boolean, zone: string, now: Date): PeriodStatus {
  if (caseStatus === "closed") return "closed";
  if (now >= endsAt) return "overdue";
  if (now >= addLocalMonths(endsAt, -3, zone)) return "ending_soon";
  return extended ? "extended" : "running";
}

/** When the manager is nudged `months` before the end. */
export function nudgeAt(period: Pick<CounsellingPeriod, "endsAt">, months: NudgeMonths, zone: string): Date {
  return addLocalMonths(period.endsAt, -months, zone);
}

/** Which nudge is due now, if any: the one-month nudge supersedes the three-month one. */
export function dueNudge(period: CounsellingPeriod, zone: string, now: Date): NudgeMonths | null {
  if (period.status === "closed" || now >= period.endsAt) return null;
  if (now >= nudgeAt(period, 1, zone)) return 1;
  if (now >= nudgeAt(period, 3, zone)) return 3;
  return null;
}
