import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { planReferralFollowUp } from "./follow-up.ts";
import { referralStatuses, type Referral } from "./model.ts";

export const updateReferralInput = z
  .object({
    referralId: idSchema,
    status: z.enum(referralStatuses).optional(),
    /** null removes the follow-up date. */
    followUpAt: z.coerce.date().nullable().optional(),
  })
  .refine((input) => input.status !== undefined || input.followUpAt !== undefined, {
    message: "give status or followUpAt",
    path: ["status"],
  });

/** The referral as changed, and whom it is for (a reply away from the card names the person). */
export interface UpdatedReferral {
  referral: Referral;
  clientName: string;
}

/**
 * A manager records how a referral went (attended, not attended, closed) or moves its follow-up date. Its follow-up
 * questions follow: a settled referral asks nobody any more, a moved date asks on the new day.
 */
export async function updateReferral(deps: CoreDeps, actor: Actor, input: unknown): Promise<UpdatedReferral> {
  const parsed = parseInput(updateReferralInput, input);
  return deps.store.transaction(async (repositories) => {
    const referral = await repositories.referrals.get(parsed.referralId);
    if (!referral) throw notFound("referral", parsed.referralId);
    const { client } = await loadClientInScope(repositories, actor, referral.clientId, "write");
    const updated: Referral = {
      ...referral,
      status: parsed.status ?? referral.status,
      followUpAt: parsed.followUpAt === undefined ? referral.followUpAt : parsed.followUpAt,
    };
    await repositories.referrals.update(updated);
    await planReferralFollowUp(deps, repositories, updated, client);
    await recordAudit(deps, repositories, actor, {
      action: "referral.update",
      subjectKind: "referral",
      subjectId: referral.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { referral: updated, clientName: client.name };
  });
}
