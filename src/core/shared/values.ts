import { z } from "zod";

/** Value schemas shared by several use cases. */
export const idSchema = z.string().trim().min(1).max(64);
export const personNameSchema = z.string().trim().min(1, "must not be empty").max(120);
export const labelSchema = z.string().trim().min(1, "must not be empty").max(200);

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().refine(isValidTimeZone, "unknown time zone (use an IANA name like Europe/Berlin)");

export const managerRoles = ["manager", "supervisor", "admin"] as const;
export type ManagerRole = (typeof managerRoles)[number];

/** Qualification types a, b, c of section 1.4 of the Pakt für Integration. */
export const qualifications = ["a", "b", "c"] as const;
export type Qualification = (typeof qualifications)[number];
