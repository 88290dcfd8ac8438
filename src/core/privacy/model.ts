import type { AssessmentView } from "../assessment/assessment-view.ts";
import type { AssessmentVersion } from "../assessment/model.ts";
import type { AppointmentView } from "../appointments/model.ts";
import type { CaseStatus } from "../cases/model.ts";
import type { ConsentRecord } from "../consent/model.ts";
import type { ContactView } from "../contacts/model.ts";
import type { Escalation } from "../escalations/model.ts";
import type { Handover } from "../handover/model.ts";
import type { PlanView } from "../plans/plan-view.ts";
import type { Referral } from "../referrals/model.ts";

/** Days between a client's erasure request and the erasure: the tenant may object (e.g. a legal retention duty). */
export const erasureObjectionDays = 30;

/** Placeholder that replaces an erased client's name (and a household label without living members). */
export const erasedName = "—";

/** A value as it looks after JSON.stringify: dates become ISO strings. */
export type Jsonified<T> = T extends Date ? string : T extends (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/** Everything about a client and their household that the exporting actor may see (DSGVO Art. 15 / 20). */
export interface ClientDataExportData {
  exportedAt: Date;
  /** Whether note texts (contacts, steps, handovers, appointment answers) and sensitive assessment fields are included. */
  notesIncluded: boolean;
  /** Whether health and residence details are included (never in a client's own export, which goes over the chat). */
  sensitiveIncluded: boolean;
  client: {
    id: string;
    name: string;
    language: string;
    timezone: string | null;
    /** As stated at intake ("not_stated" when the person preferred not to say); null when not asked. */
    gender: string | null;
    status: CaseStatus;
    caseStartedAt: Date;
    closedAt: Date | null;
    createdAt: Date;
  };
  household: { label: string; members: { name: string; language: string }[] };
  consents: ConsentRecord[];
  assessment: AssessmentView | null;
  /** Every recorded change of the assessment's non-sensitive part, oldest first (never health or residence). */
  assessmentVersions: Omit<AssessmentVersion, "clientId">[];
  plans: PlanView[];
  appointments: AppointmentView[];
  contacts: ContactView[];
  referrals: Referral[];
  escalations: Escalation[];
  handovers: Handover[];
  /** Answers to plan-step check-ins ("done", "need help", …), oldest first. */
  checkIns: { stepId: string; answer: string; at: Date }[];
  /** The person's answers to their plan sent for agreement: which plan and version, agreed or a question, when. */
  planAnswers: { planId: string; version: number; answer: string; at: Date }[];
  /** Extensions of the counselling period; the reason only where notes are included. */
  counsellingExtensions: { endsAt: Date; at: Date; reason: string | null }[];
  /** Volunteer matches: which help, how contact was made, the first meeting (when, where), how it went. */
  volunteerMatches: {
    offer: string;
    contactWay: string;
    status: string;
    outcome: string | null;
    startedAt: Date;
    endedAt: Date | null;
    meetingAt: Date | null;
    meetingPlace: string | null;
  }[];
  /**
   * Messages between the client and their manager that are still kept (src/core/conversations; 30 days): who wrote,
   * what came of it, the text (not in a supervisor's export) and a file's kind and name (files are never stored).
   */
  messages: {
    direction: string;
    status: string;
    text: string | null;
    phrase: string | null;
    file: { kind: string; name: string | null } | null;
    writtenAt: Date;
    passedAt: Date | null;
    closedAt: Date | null;
  }[];
  /** The chat accounts that were linked to the case (the chat app, when, whether still linked); no chat ids. */
  chatAccounts: { channel: string; linkedAt: Date; active: boolean; deactivatedAt: Date | null }[];
}

export type ClientDataExport = Jsonified<ClientDataExportData>;
