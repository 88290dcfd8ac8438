import { z } from "zod";

/**
 * The areas of an integration plan (Integrationsplan), after section 1.1 of the Pakt für Integration,
 * plus health. Names for people live in the locales (`areas.json`).
 */
export const planAreas = ["language", "work", "recognition", "housing", "education", "benefits", "participation", "everyday", "health"] as const;

export type PlanArea = (typeof planAreas)[number];

export const planAreaSchema = z.enum(planAreas);

export function isPlanArea(value: string): value is PlanArea {
  return (planAreas as readonly string[]).includes(value);
}
