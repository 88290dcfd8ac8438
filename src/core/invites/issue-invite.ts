import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { INVITE_VALIDITY_DAYS, type Invite, type InvitePurpose, type IssuedInvite } from "./model.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InviteTarget {
  purpose: InvitePurpose;
  tenantId: string;
  managerId?: string;
  clientId?: string;
}

/** Creates a single-use invite valid for seven days. Only the code's digest is stored. */
export async function issueInvite(
  deps: Pick<CoreDeps, "clock" | "ids" | "crypto">,
  repositories: Pick<Repositories, "invites">,
  target: InviteTarget,
): Promise<IssuedInvite> {
  const now = deps.clock.now();
  const code = deps.ids.newInviteCode();
  const invite: Invite = {
    id: deps.ids.newId(),
    codeHash: deps.crypto.digest(normaliseInviteCode(code)),
    purpose: target.purpose,
    tenantId: target.tenantId,
    managerId: target.managerId ?? null,
    clientId: target.clientId ?? null,
    expiresAt: new Date(now.getTime() + INVITE_VALIDITY_DAYS * DAY_MS),
    usedAt: null,
    createdAt: now,
  };
  await repositories.invites.create(invite);
  return { code, expiresAt: invite.expiresAt };
}

/** Codes are typed by people: case and separators do not matter. */
export function normaliseInviteCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}
