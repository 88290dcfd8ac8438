import { hasCurrentConsent } from "../consent/consent-state.ts";
import type { ConsentPurpose, ConsentRecord } from "../consent/model.ts";
import type { Crypto } from "../ports/crypto.ts";
import { sensitiveAssessmentSchema, type SensitiveAssessment, type SensitiveCategory } from "./model.ts";

/** The consent each sensitive category needs, to be recorded and to be shown. */
export const consentForCategory: Record<SensitiveCategory, ConsentPurpose> = {
  health: "data_health",
  residence: "data_residence",
};

export const sensitiveCategories = Object.keys(consentForCategory) as SensitiveCategory[];

export function openSensitive(crypto: Crypto, sealed: string | null): SensitiveAssessment {
  if (sealed === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(crypto.decrypt(sealed));
  } catch {
    throw new Error("the sensitive part of an assessment cannot be read");
  }
  const result = sensitiveAssessmentSchema.safeParse(value);
  if (!result.success) throw new Error("the sensitive part of an assessment does not match its schema");
  return result.data;
}

export function sealSensitive(crypto: Crypto, sensitive: SensitiveAssessment): string | null {
  return sensitiveCategories.some((category) => sensitive[category] !== undefined) ? crypto.encrypt(JSON.stringify(sensitive)) : null;
}

/** Only the categories the client currently consents to; a withdrawn consent hides what was recorded before. */
export function consentedPart(sensitive: SensitiveAssessment, ledger: ConsentRecord[]): SensitiveAssessment {
  const shown: SensitiveAssessment = {};
  if (sensitive.health && hasCurrentConsent(ledger, consentForCategory.health)) shown.health = sensitive.health;
  if (sensitive.residence && hasCurrentConsent(ledger, consentForCategory.residence)) shown.residence = sensitive.residence;
  return shown;
}
