import type { Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import { planReferralFollowUp } from "./follow-up.ts";

/**
 * A handover takes the previous manager's open referrals of the case along: the new manager is asked on their
 * follow-up days and sees them on the agenda (a question of the previous manager not sent yet is dropped).
 */
export async function moveOpenReferrals(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Repositories,
  client: Client,
  fromManagerId: string,
  toManagerId: string,
): Promise<void> {
  for (const referral of await repositories.referrals.listForClient(client.id)) {
    if (referral.status !== "open" || referral.managerId !== fromManagerId) continue;
    const moved = { ...referral, managerId: toManagerId };
    await repositories.referrals.update(moved);
    await planReferralFollowUp(deps, repositories, moved, client);
  }
}
