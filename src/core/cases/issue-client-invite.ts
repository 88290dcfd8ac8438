import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { issueInvite } from "../invites/issue-invite.ts";
import type { IssuedInvite } from "../invites/model.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

export const issueClientInviteInput = z.object({ clientId: idSchema });

/** A fresh invite for a client (new phone, lost link). */
export async function issueClientInvite(deps: CoreDeps, actor: Actor, input: unknown): Promise<IssuedInvite> {
  const { clientId } = parseInput(issueClientInviteInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    // The new code replaces the earlier ones: a lost or forwarded link stops working at once.
    await repositories.invites.closeUnusedForClient(clientId, deps.clock.now());
    const invite = await issueInvite(deps, repositories, { purpose: "link_client", tenantId: client.tenantId, clientId });
    await recordAudit(deps, repositories, actor, {
      action: "client.invite",
      subjectKind: "client",
      subjectId: clientId,
      tenantId: client.tenantId,
      clientId,
    });
    return invite;
  });
}
