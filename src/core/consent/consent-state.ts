import { currentConsentVersions, type ConsentPurpose, type ConsentRecord } from "./model.ts";

/** The latest record per purpose decides; a consent to an older text version no longer counts. */
export function hasCurrentConsent(ledger: ConsentRecord[], purpose: ConsentPurpose): boolean {
  const latest = latestRecord(ledger, purpose);
  return latest !== null && latest.given && latest.version >= currentConsentVersions[purpose];
}

export function latestRecord(ledger: ConsentRecord[], purpose: ConsentPurpose): ConsentRecord | null {
  let latest: ConsentRecord | null = null;
  for (const record of ledger) {
    if (record.purpose === purpose && (!latest || record.at >= latest.at)) latest = record;
  }
  return latest;
}
