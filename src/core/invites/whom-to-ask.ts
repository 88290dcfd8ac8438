import type { CoreDeps } from "../deps.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { normaliseInviteCode } from "./issue-invite.ts";

/**
 * Whom a person with an expired or used invite asks for a new one: the client's manager, by name. Null for a staff
 * invite (the office that issued it) or a code Lotse does not know. Only the name of the person who gave the code
 * is told, and only to someone who holds that code.
 */
export async function whomToAskForInvite(deps: Pick<CoreDeps, "store" | "crypto">, code: string): Promise<string | null> {
  const normalised = normaliseInviteCode(code);
  const invite = normalised ? await deps.store.invites.findByCodeHash(deps.crypto.digest(normalised)) : null;
  if (!invite || invite.purpose !== "link_client" || !invite.clientId) return null;
  const managerId = primaryManagerId(await deps.store.assignments.listForClient(invite.clientId)) ?? invite.managerId;
  const manager = managerId ? await deps.store.managers.get(managerId) : null;
  return manager?.active ? manager.name : null;
}
