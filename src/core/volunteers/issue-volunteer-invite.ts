import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import { normaliseInviteCode } from "../invites/issue-invite.ts";
import { INVITE_VALIDITY_DAYS, type IssuedInvite } from "../invites/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { VolunteerInvite } from "./model.ts";
import { assertCanKeepRegister } from "./volunteer-scope.ts";

export const issueVolunteerInviteInput = z.object({ volunteerId: idSchema });

const DAY_MS = 86_400_000;

/** A one-time code (7 days) that links a volunteer's chat; earlier unused codes stop working. */
export async function issueVolunteerInvite(deps: CoreDeps, actor: Actor, input: unknown): Promise<IssuedInvite> {
  const { volunteerId } = parseInput(issueVolunteerInviteInput, input);
  assertCanKeepRegister(actor);
  return deps.store.transaction(async (repositories) => {
    const volunteer = await repositories.volunteers.get(volunteerId);
    if (!volunteer || !volunteer.active) throw notFound("volunteer", volunteerId);
    if (actor.kind === "staff" && actor.tenantId !== volunteer.tenantId) throw forbidden("volunteer of another tenant");
    await repositories.volunteerAccess.revokeUnusedInvites(volunteer.id);
    const now = deps.clock.now();
    const code = deps.ids.newInviteCode();
    const invite: VolunteerInvite = {
      id: deps.ids.newId(),
      codeHash: deps.crypto.digest(normaliseInviteCode(code)),
      volunteerId: volunteer.id,
      tenantId: volunteer.tenantId,
      expiresAt: new Date(now.getTime() + INVITE_VALIDITY_DAYS * DAY_MS),
      usedAt: null,
      createdAt: now,
    };
    await repositories.volunteerAccess.createInvite(invite);
    await recordAudit(deps, repositories, actor, {
      action: "volunteer.invite",
      subjectKind: "volunteer",
      subjectId: volunteer.id,
      tenantId: volunteer.tenantId,
    });
    return { code, expiresAt: invite.expiresAt };
  });
}
