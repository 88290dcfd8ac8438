import { z } from "zod";

/** A point in time at a use case's boundary: a Date, or an ISO 8601 date-time with offset ("2027-03-28T08:00:00Z"). */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })], { error: "must be a date and time (ISO 8601 with offset)" })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), "must be a valid date and time");
