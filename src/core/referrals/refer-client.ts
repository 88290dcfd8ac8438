import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { assertStaff, loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema, labelSchema } from "../shared/values.ts";
import { planReferralFollowUp } from "./follow-up.ts";
import { regularServices, type Referral } from "./model.ts";

const referralCommon = { clientId: idSchema, followUpAt: z.coerce.date().optional() };

export const referClientInput = z.discriminatedUnion("targetKind", [
  z.object({ ...referralCommon, targetKind: z.literal("service"), service: z.enum(regularServices) }),
  /** A local offer or a volunteer (Ehrenamt), described in German. */
  z.object({ ...referralCommon, targetKind: z.enum(["offer", "volunteer"]), target: labelSchema }),
]);

/**
 * A manager refers a client to a standard service (Regeldienst), a local offer or a volunteer. A follow-up date plans
 * the question to the manager on that day, and to the client where they agreed (src/core/referrals/follow-up.ts).
 */
export async function referClient(deps: CoreDeps, actor: Actor, input: unknown): Promise<Referral> {
  assertStaff(actor);
  const parsed = parseInput(referClientInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    const referral: Referral = {
      id: deps.ids.newId(),
      tenantId: client.tenantId,
      clientId: client.id,
      managerId: actor.managerId,
      targetKind: parsed.targetKind,
      target: parsed.targetKind === "service" ? parsed.service : parsed.target,
      status: "open",
      followUpAt: parsed.followUpAt ?? null,
      createdAt: deps.clock.now(),
    };
    await repositories.referrals.create(referral);
    await planReferralFollowUp(deps, repositories, referral, client);
    await recordAudit(deps, repositories, actor, {
      action: "referral.create",
      subjectKind: "referral",
      subjectId: referral.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return referral;
  });
}
