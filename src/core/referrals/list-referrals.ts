import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Referral } from "./model.ts";

export const listReferralsInput = z.object({ clientId: idSchema });

/** A client's referrals, oldest first. */
export async function listReferrals(deps: CoreDeps, actor: Actor, input: unknown): Promise<Referral[]> {
  const { clientId } = parseInput(listReferralsInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "basic");
    const referrals = await repositories.referrals.listForClient(client.id);
    await recordAudit(deps, repositories, actor, {
      action: "referral.list",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return referrals;
  });
}
