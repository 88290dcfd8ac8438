import type { ConsentRecord } from "../consent/model.ts";
import type { Crypto } from "../ports/crypto.ts";
import type { AssessmentData, SensitiveAssessment, StoredAssessment } from "./model.ts";
import { consentedPart, openSensitive } from "./sensitive.ts";

/** An assessment as a reader sees it: sensitive categories only at "notes" access and with current consent. */
export interface AssessmentView {
  clientId: string;
  data: AssessmentData;
  sensitive: SensitiveAssessment | null;
  updatedAt: Date;
  updatedBy: string;
}

export function toAssessmentView(crypto: Crypto, stored: StoredAssessment, ledger: ConsentRecord[], sensitiveVisible: boolean): AssessmentView {
  return {
    clientId: stored.clientId,
    data: stored.data,
    sensitive: sensitiveVisible ? consentedPart(openSensitive(crypto, stored.sensitive), ledger) : null,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}
