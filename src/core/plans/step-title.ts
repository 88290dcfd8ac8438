import type { MessageParam, MessageParams } from "../dialog/messages.ts";
import type { PlanStep } from "./model.ts";
import { findCatalogueStep } from "./step-catalogue.ts";

/**
 * A catalogue step's title with the step's own values, for any reader in their language: a date value (the exam, the
 * parents' evening) as a date in that language, names and places as they were written. Null for a key that is not in
 * the catalogue (a step written as free text).
 */
export function catalogueStepTitle(key: string, values: Readonly<Record<string, string>>): MessageParam | null {
  const entry = findCatalogueStep(key);
  if (!entry) return null;
  const params: MessageParams = {};
  for (const spec of entry.params) {
    const value = values[spec.name];
    if (value === undefined) continue;
    params[spec.name] = spec.kind === "date" ? { t: "date", iso: value, zone: "UTC" } : value;
  }
  return { t: "key", key: `catalogue.${entry.key}.title`, params };
}

/** A step's title for staff: the catalogue title with its values, or the step's own text. */
export const staffStepTitle = (step: Pick<PlanStep, "catalogueKey" | "params" | "customText">): MessageParam =>
  (step.catalogueKey ? catalogueStepTitle(step.catalogueKey, step.params) : null) ?? step.customText ?? "";
