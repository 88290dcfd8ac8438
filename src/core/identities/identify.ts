import type { Actor } from "../actor.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Manager } from "../setup/model.ts";
import type { Volunteer } from "../volunteers/model.ts";
import type { Channel, ChannelIdentity } from "./model.ts";

export type Identified =
  | { actor: Extract<Actor, { kind: "staff" }>; identity: ChannelIdentity; manager: Manager }
  | { actor: Extract<Actor, { kind: "client" }>; identity: ChannelIdentity; client: Client }
  | { actor: Extract<Actor, { kind: "volunteer" }>; identity: null; volunteer: Volunteer }
  | {
      actor: Extract<Actor, { kind: "stranger" }>;
      identity: ChannelIdentity | null;
      /** A staff member who left (deactivated) writes from their old chat. */
      staffLeft?: true;
      /** An active staff member writes from a chat no longer linked (another device linked since, or unlinked). */
      staffChatOff?: true;
    };

/**
 * Who is behind a chat account: a linked manager, client or volunteer, or a stranger (unlinked, deactivated, or
 * gone). Volunteers' chat accounts are kept apart from staff and clients (they see nothing of a case), so a chat
 * without a staff or client account is looked up there once.
 */
export async function identify(deps: Pick<CoreDeps, "store">, channel: Channel, externalId: string): Promise<Identified> {
  const identity = await deps.store.identities.findByExternal(channel, externalId);
  const stranger = { actor: { kind: "stranger" as const }, identity };
  if (!identity) return (await identifyVolunteer(deps, channel, externalId)) ?? stranger;
  if (!identity.active && !identity.managerId) return stranger;
  if (identity.managerId) {
    const manager = await deps.store.managers.get(identity.managerId);
    // A staff member who left (deactivated) is told so.
    if (manager && !manager.active) return { ...stranger, staffLeft: true };
    if (!manager) return stranger;
    // Their chat was switched off (another phone linked since, or /unlink): told so, not greeted as a client.
    if (!identity.active) return { ...stranger, staffChatOff: true };
    return { actor: { kind: "staff", managerId: manager.id, tenantId: manager.tenantId, role: manager.role }, identity, manager };
  }
  if (identity.clientId) {
    const client = await deps.store.clients.get(identity.clientId);
    if (!client || client.anonymizedAt) return stranger;
    return { actor: { kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId }, identity, client };
  }
  return stranger;
}

/** The volunteer a chat account is linked to, if any (an inactive volunteer is no longer linked). */
async function identifyVolunteer(deps: Pick<CoreDeps, "store">, channel: Channel, externalId: string): Promise<Identified | null> {
  const link = await deps.store.volunteerAccess.findIdentity(channel, externalId);
  if (!link) return null;
  const volunteer = await deps.store.volunteers.get(link.volunteerId);
  if (!volunteer?.active) return null;
  return { actor: { kind: "volunteer", volunteerId: volunteer.id, tenantId: volunteer.tenantId }, identity: null, volunteer };
}
