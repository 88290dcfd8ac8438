import type { Volunteer, VolunteerIdentity, VolunteerInvite, VolunteerMatch } from "./model.ts";

export interface VolunteerRepository {
  create(volunteer: Volunteer): Promise<void>;
  get(id: string): Promise<Volunteer | null>;
  update(volunteer: Volunteer): Promise<void>;
  /** Sorted by name, then id. */
  listForMunicipalities(municipalityIds: string[]): Promise<Volunteer[]>;
}

export interface VolunteerMatchRepository {
  create(match: VolunteerMatch): Promise<void>;
  get(id: string): Promise<VolunteerMatch | null>;
  update(match: VolunteerMatch): Promise<void>;
  /** Oldest first. */
  listForVolunteer(volunteerId: string): Promise<VolunteerMatch[]>;
  /** Oldest first. */
  listForClient(clientId: string): Promise<VolunteerMatch[]>;
}

export interface VolunteerAccessRepository {
  createInvite(invite: VolunteerInvite): Promise<void>;
  findInviteByCodeHash(codeHash: string): Promise<VolunteerInvite | null>;
  /** Marks an unused invite used; false when it was already used. */
  markInviteUsed(id: string, at: Date): Promise<boolean>;
  revokeUnusedInvites(volunteerId: string): Promise<number>;
  /** Links (or relinks) a chat account to a volunteer. */
  link(identity: VolunteerIdentity): Promise<void>;
  findIdentity(channel: string, externalId: string): Promise<VolunteerIdentity | null>;
  /** The volunteer's linked chat accounts, the newest link first. */
  listIdentities(volunteerId: string): Promise<VolunteerIdentity[]>;
}

export interface VolunteerRepositories {
  volunteers: VolunteerRepository;
  volunteerMatches: VolunteerMatchRepository;
  volunteerAccess: VolunteerAccessRepository;
}
