import type { CoreDeps } from "../deps.ts";
import { primaryManagerId } from "../scope/client-access.ts";
import { normaliseInviteCode } from "./issue-invite.ts";

/** Whom to ask for a new invite: the client's manager by name, or (a staff invite) the team's lead or the office. */
export type WhomToAsk = { kind: "manager"; name: string } | { kind: "staff_office" };

/**
 * Whom a person with an expired or used invite asks for a new one: the client's manager, by name; for a staff invite,
 * their supervisor or the Lotse administration. Null for a code Lotse does not know, or a client whose manager has
 * left. Only the name of the person who gave the code is told, and only to someone who holds that code.
 */
export async function whomToAskForInvite(deps: Pick<CoreDeps, "store" | "crypto">, code: string): Promise<WhomToAsk | null> {
  const normalised = normaliseInviteCode(code);
  const invite = normalised ? await deps.store.invites.findByCodeHash(deps.crypto.digest(normalised)) : null;
  if (invite?.purpose === "link_manager") return { kind: "staff_office" };
  if (!invite || invite.purpose !== "link_client" || !invite.clientId) return null;
  const managerId = primaryManagerId(await deps.store.assignments.listForClient(invite.clientId)) ?? invite.managerId;
  const manager = managerId ? await deps.store.managers.get(managerId) : null;
  return manager?.active ? { kind: "manager", name: manager.name } : null;
}
