import type { Channel, ChannelIdentity } from "./model.ts";

export interface IdentityRepository {
  /** Creates the identity, or replaces what an existing one (same channel and external id) is linked to. */
  upsert(identity: ChannelIdentity): Promise<ChannelIdentity>;
  findByExternal(channel: Channel, externalId: string): Promise<ChannelIdentity | null>;
  get(id: string): Promise<ChannelIdentity | null>;
  /** Active identities of a manager or client, newest first. */
  listForManager(managerId: string): Promise<ChannelIdentity[]>;
  listForClient(clientId: string): Promise<ChannelIdentity[]>;
  /** Every identity ever linked to a client, deactivated ones included (erasure), newest first. */
  listAllForClient(clientId: string): Promise<ChannelIdentity[]>;
  update(identity: ChannelIdentity): Promise<void>;
  /** Clients of the manager's caseload (primary or shared) whose chat was linked in [from, to), still linked; by time. */
  listClientsLinkedForManager(managerId: string, from: Date, to: Date): Promise<{ clientId: string; linkedAt: Date }[]>;
}
