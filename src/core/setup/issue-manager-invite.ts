import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { issueInvite } from "../invites/issue-invite.ts";
import type { IssuedInvite } from "../invites/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { assertCanSetUpTenant } from "./setup-scope.ts";

export const issueManagerInviteInput = z.object({ managerId: idSchema });

/** A fresh code for a manager (new phone, lost code); earlier unused codes stop working. */
export async function issueManagerInvite(deps: CoreDeps, actor: Actor, input: unknown): Promise<IssuedInvite> {
  const { managerId } = parseInput(issueManagerInviteInput, input);
  return deps.store.transaction(async (repositories) => {
    const manager = await repositories.managers.get(managerId);
    if (!manager) throw notFound("manager", managerId);
    assertCanSetUpTenant(actor, manager.tenantId);
    await repositories.invites.revokeUnusedForManager(manager.id);
    const invite = await issueInvite(deps, repositories, {
      purpose: "link_manager",
      tenantId: manager.tenantId,
      managerId: manager.id,
    });
    await recordAudit(deps, repositories, actor, {
      action: "manager.invite",
      subjectKind: "manager",
      subjectId: manager.id,
      tenantId: manager.tenantId,
    });
    return invite;
  });
}
