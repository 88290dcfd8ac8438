/**
 * Consent is per purpose and per text version, kept as a ledger: every give and withdraw is a new row.
 * - messaging: appointment notices and reminders, messages from the manager through Lotse;
 * - plan_checkins: questions about plan steps ("done / in progress / I need help");
 * - manager_messages: the client's own messages to their manager and the manager's answers (src/core/conversations);
 * - data_health, data_residence: recording health or residence details in the assessment.
 */
export const consentPurposes = ["messaging", "plan_checkins", "manager_messages", "data_health", "data_residence"] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** The current version of each purpose's consent text (locales: consent.<purpose>.v<version>). A new version asks again. */
export const currentConsentVersions: Record<ConsentPurpose, number> = {
  messaging: 1,
  plan_checkins: 1,
  manager_messages: 1,
  data_health: 1,
  data_residence: 1,
};

export interface ConsentRecord {
  id: string;
  clientId: string;
  purpose: ConsentPurpose;
  version: number;
  given: boolean;
  /** How it was given: telegram, teams, or "in_person" when the manager records a paper consent. */
  channel: string;
  at: Date;
}
