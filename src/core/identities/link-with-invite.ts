import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { normaliseInviteCode } from "../invites/issue-invite.ts";
import type { Invite } from "../invites/model.ts";
import type { Repositories } from "../ports/store.ts";
import type { Manager } from "../setup/model.ts";
import { parseInput } from "../shared/validate.ts";
import { channels, type ChannelIdentity } from "./model.ts";
import { hasCurrentConsent } from "../consent/consent-state.ts";
import { tellManagerReachable } from "./tell-manager-reachable.ts";

export const linkWithInviteInput = z.object({
  channel: z.enum(channels),
  externalId: z.string().min(1).max(128),
  conversationRef: z.string().max(4000).nullable().default(null),
  locale: z.string().max(35).nullable().default(null),
  code: z.string().trim().min(1).max(64),
});

export type LinkedPerson =
  | { kind: "manager"; manager: Manager; identity: ChannelIdentity; /** Earlier chats on the channel switched off by this link. */ replacedChats: number }
  | { kind: "client"; client: Client; identity: ChannelIdentity };

async function usableInvite(deps: CoreDeps, repositories: Repositories, code: string): Promise<Invite> {
  const normalised = normaliseInviteCode(code);
  const invite = normalised ? await repositories.invites.findByCodeHash(deps.crypto.digest(normalised)) : null;
  if (!invite) throw new DomainError("invite_invalid", "unknown invite code");
  if (invite.usedAt) throw new DomainError("invite_used", "invite code already used");
  if (invite.expiresAt <= deps.clock.now()) throw new DomainError("invite_expired", "invite code expired");
  return invite;
}

/** Older accounts of the same person on the same channel stop receiving messages (phone change); returns how many. */
export async function deactivateOlderIdentities(repositories: Repositories, identity: ChannelIdentity, others: ChannelIdentity[], now: Date): Promise<number> {
  let replaced = 0;
  for (const other of others) {
    if (other.id !== identity.id && other.channel === identity.channel && other.active) {
      await repositories.identities.update({ ...other, active: false, deactivatedAt: now });
      replaced += 1;
    }
  }
  return replaced;
}

/**
 * A chat account redeems a one-time invite and becomes the manager's or client's identity on that channel.
 * The invite is single use even when two chats redeem it at the same moment.
 */
export async function linkWithInvite(deps: CoreDeps, input: unknown): Promise<LinkedPerson> {
  const parsed = parseInput(linkWithInviteInput, input);
  return deps.store.transaction(async (repositories) => {
    const invite = await usableInvite(deps, repositories, parsed.code);
    const now = deps.clock.now();
    const manager = invite.managerId ? await repositories.managers.get(invite.managerId) : null;
    const client = invite.clientId ? await repositories.clients.get(invite.clientId) : null;
    if ((invite.purpose === "link_manager" && !manager?.active) || (invite.purpose === "link_client" && (!client || client.anonymizedAt))) {
      throw new DomainError("invite_invalid", "the invite's person no longer exists");
    }
    if (!(await repositories.invites.markUsed(invite.id, now))) throw new DomainError("invite_used", "invite code already used");
    // The client's other open codes end with this link: whoever holds an older link cannot take the chat over.
    if (client && !manager) await repositories.invites.closeUnusedForClient(client.id, now);
    const identity = await repositories.identities.upsert({
      id: deps.ids.newId(),
      channel: parsed.channel,
      externalId: parsed.externalId,
      conversationRef: parsed.conversationRef,
      managerId: manager?.id ?? null,
      clientId: manager ? null : (client?.id ?? null),
      locale: parsed.locale,
      active: true,
      linkedAt: now,
      deactivatedAt: null,
    });
    const others = manager ? await repositories.identities.listForManager(manager.id) : await repositories.identities.listForClient(identity.clientId ?? "");
    const replacedChats = await deactivateOlderIdentities(repositories, identity, others, now);
    const actor = { kind: "stranger" as const };
    await recordAudit(deps, repositories, actor, {
      action: "identity.link",
      subjectKind: manager ? "manager" : "client",
      subjectId: manager?.id ?? client?.id ?? "",
      tenantId: invite.tenantId,
      clientId: client?.id ?? null,
    });
    if (manager) return { kind: "manager", manager, identity, replacedChats };
    const linkedClient = client as Client;
    // A new chat (a new phone) of a client who agreed before: the manager learns they are reachable again. A first
    // join is told when the client agrees to messages (give-consent.ts), once the language is chosen.
    if (hasCurrentConsent(await repositories.consents.listForClient(linkedClient.id), "messaging")) {
      await tellManagerReachable(deps, repositories, linkedClient, "relinked");
    }
    return { kind: "client", client: linkedClient, identity };
  });
}
