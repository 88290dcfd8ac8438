import type { CoreDeps } from "../deps.ts";

/** Daily housekeeping: expired invite codes are deleted. Returns how many. */
export async function purgeExpiredInvites(deps: Pick<CoreDeps, "store" | "clock">): Promise<number> {
  return deps.store.invites.deleteExpired(deps.clock.now());
}
