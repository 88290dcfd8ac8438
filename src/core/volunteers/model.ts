import type { Actor } from "../actor.ts";
/** What volunteers (Ehrenamt) offer (pact 1.2 and 1.3). Keys are stored: never rename one. */
export const volunteerOffers = ["language_tandem", "authority_accompaniment", "homework_help", "flat_search", "sports_clubs", "other"] as const;
export type VolunteerOffer = (typeof volunteerOffers)[number];

/** How the client and the volunteer get in touch. */
export const contactWays = ["manager_introduces", "volunteer_calls", "meet_at_office"] as const;
export type ContactWay = (typeof contactWays)[number];

export const matchStatuses = ["active", "ended"] as const;
export type MatchStatus = (typeof matchStatuses)[number];

export const matchOutcomes = ["helped", "no_contact", "ended_early", "other"] as const;
export type MatchOutcome = (typeof matchOutcomes)[number];

/** A volunteer in a municipality's register, with their consent to be registered and contacted. */
export interface Volunteer {
  id: string;
  tenantId: string;
  municipalityId: string;
  name: string;
  /** Language codes the volunteer speaks (e.g. "de", "ar", "prs"). */
  languages: string[];
  offers: VolunteerOffer[];
  /** German, e.g. "montags und mittwochs abends". */
  availability: string;
  consentAt: Date;
  active: boolean;
  createdAt: Date;
}

/** A volunteer matched to a client for one kind of help, coordinated by the client's manager. */
export interface VolunteerMatch {
  id: string;
  tenantId: string;
  volunteerId: string;
  clientId: string;
  managerId: string;
  offer: VolunteerOffer;
  contactWay: ContactWay;
  status: MatchStatus;
  outcome: MatchOutcome | null;
  startedAt: Date;
  endedAt: Date | null;
  /** The first meeting of client and volunteer, proposed by the manager (the manager is not there: not an appointment). */
  meetingAt: Date | null;
  /** Where they meet, as the manager typed or picked it (sealed at rest, blanked by erasure). */
  meetingPlace: string | null;
  /** Raised each time the meeting is proposed or moved: the messages of each proposal have keys of their own. */
  meetingVersion: number;
}

/** A one-time code that links a volunteer's chat; only its digest is stored. */
export interface VolunteerInvite {
  id: string;
  codeHash: string;
  volunteerId: string;
  tenantId: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

/** A volunteer's linked chat account. */
export interface VolunteerIdentity {
  channel: string;
  externalId: string;
  volunteerId: string;
  locale: string | null;
  linkedAt: Date;
}

/** Who acts as a volunteer (one kind of the core `Actor`). */
export type VolunteerActor = Extract<Actor, { kind: "volunteer" }>;
