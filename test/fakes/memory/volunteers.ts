import type { Volunteer, VolunteerIdentity, VolunteerInvite, VolunteerMatch } from "../../../src/core/volunteers/model.ts";
import type { VolunteerRepositories } from "../../../src/core/volunteers/repositories.ts";
import { byTimeThenId, copy, deleteWhere, uniqueViolation } from "./shared.ts";

export interface VolunteerState {
  volunteers: Map<string, Volunteer>;
  volunteerMatches: Map<string, VolunteerMatch>;
  volunteerInvites: Map<string, VolunteerInvite>;
  volunteerIdentities: Map<string, VolunteerIdentity>;
}

export const emptyVolunteerState = (): VolunteerState => ({
  volunteers: new Map(),
  volunteerMatches: new Map(),
  volunteerInvites: new Map(),
  volunteerIdentities: new Map(),
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`record to update not found: ${what}`);
  return value;
}

/** The volunteer register, matches, invites and linked chats in memory. */
export function memoryVolunteerRepositories(state: () => VolunteerState): VolunteerRepositories {
  const identityKey = (channel: string, externalId: string) => `${channel}\u0000${externalId}`;
  return {
    volunteers: {
      create: async (volunteer) => {
        if (state().volunteers.has(volunteer.id)) throw uniqueViolation("volunteer.id");
        state().volunteers.set(volunteer.id, copy(volunteer));
      },
      get: async (id) => copy(state().volunteers.get(id) ?? null),
      update: async (volunteer) => {
        required(state().volunteers.get(volunteer.id), `volunteer ${volunteer.id}`);
        state().volunteers.set(volunteer.id, copy(volunteer));
      },
      listForMunicipalities: async (municipalityIds) =>
        [...state().volunteers.values()]
          .filter((v) => municipalityIds.includes(v.municipalityId))
          .sort((a, b) => a.name.localeCompare(b.name, "de") || a.id.localeCompare(b.id))
          .map(copy),
    },
    volunteerMatches: {
      create: async (match) => {
        if (state().volunteerMatches.has(match.id)) throw uniqueViolation("volunteerMatch.id");
        state().volunteerMatches.set(match.id, copy(match));
      },
      get: async (id) => copy(state().volunteerMatches.get(id) ?? null),
      update: async (match) => {
        required(state().volunteerMatches.get(match.id), `match ${match.id}`);
        state().volunteerMatches.set(match.id, copy(match));
      },
      listForVolunteer: async (volunteerId) =>
        [...state().volunteerMatches.values()]
          .filter((m) => m.volunteerId === volunteerId)
          .sort(byTimeThenId((m) => m.startedAt))
          .map(copy),
      listForClient: async (clientId) =>
        [...state().volunteerMatches.values()]
          .filter((m) => m.clientId === clientId)
          .sort(byTimeThenId((m) => m.startedAt))
          .map(copy),
    },
    volunteerAccess: {
      createInvite: async (invite) => {
        if ([...state().volunteerInvites.values()].some((i) => i.id === invite.id || i.codeHash === invite.codeHash)) throw uniqueViolation("volunteerInvite");
        state().volunteerInvites.set(invite.id, copy(invite));
      },
      findInviteByCodeHash: async (codeHash) => copy([...state().volunteerInvites.values()].find((i) => i.codeHash === codeHash) ?? null),
      markInviteUsed: async (id, at) => {
        const invite = state().volunteerInvites.get(id);
        if (!invite || invite.usedAt) return false;
        invite.usedAt = new Date(at);
        return true;
      },
      revokeUnusedInvites: async (volunteerId) => deleteWhere(state().volunteerInvites, (i) => i.volunteerId === volunteerId && i.usedAt === null),
      link: async (identity) => {
        state().volunteerIdentities.set(identityKey(identity.channel, identity.externalId), copy(identity));
      },
      findIdentity: async (channel, externalId) => copy(state().volunteerIdentities.get(identityKey(channel, externalId)) ?? null),
      listIdentities: async (volunteerId) =>
        [...state().volunteerIdentities.values()]
          .filter((identity) => identity.volunteerId === volunteerId)
          .sort((a, b) => b.linkedAt.getTime() - a.linkedAt.getTime() || a.channel.localeCompare(b.channel) || a.externalId.localeCompare(b.externalId))
          .map(copy),
    },
  };
}
