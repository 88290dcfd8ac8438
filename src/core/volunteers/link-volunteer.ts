import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "../dialog/inbound.ts";
import { DomainError } from "../errors.ts";
import { normaliseInviteCode } from "../invites/issue-invite.ts";
import type { Volunteer } from "./model.ts";

/**
 * Links a chat account with a volunteer invite code. Null when the code is no volunteer invite (then it may be a
 * manager's or client's, handled elsewhere); coded errors for an expired or used volunteer invite.
 */
export async function linkVolunteer(deps: CoreDeps, session: ChatSession, code: string): Promise<Volunteer | null> {
  const codeHash = deps.crypto.digest(normaliseInviteCode(code));
  return deps.store.transaction(async (repositories) => {
    const invite = await repositories.volunteerAccess.findInviteByCodeHash(codeHash);
    if (!invite) return null;
    const now = deps.clock.now();
    if (invite.usedAt) throw new DomainError("invite_used", "invite already used");
    if (invite.expiresAt <= now) throw new DomainError("invite_expired", "invite expired");
    const volunteer = await repositories.volunteers.get(invite.volunteerId);
    if (!volunteer || !volunteer.active) throw new DomainError("invite_invalid", "volunteer no longer registered");
    if (!(await repositories.volunteerAccess.markInviteUsed(invite.id, now))) throw new DomainError("invite_used", "invite already used");
    await repositories.volunteerAccess.link({
      channel: session.channel,
      externalId: session.externalId,
      volunteerId: volunteer.id,
      locale: session.locale,
      linkedAt: now,
    });
    const volunteerActor: Actor = { kind: "volunteer", volunteerId: volunteer.id, tenantId: volunteer.tenantId };
    await recordAudit(deps, repositories, volunteerActor, {
      action: "volunteer.link",
      subjectKind: "volunteer",
      subjectId: volunteer.id,
      tenantId: volunteer.tenantId,
    });
    return volunteer;
  });
}
