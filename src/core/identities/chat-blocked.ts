import type { CoreDeps } from "../deps.ts";
import type { ChatSession } from "../dialog/inbound.ts";
import { reportManagerUnreachable } from "../reminders/report-manager-unreachable.ts";
import { reportClientUnreachable } from "../reminders/report-unreachable.ts";
import { identify } from "./identify.ts";

/**
 * The person blocked the bot (Telegram tells at once): this chat account gets nothing more, and when it was their
 * last one a person is told now rather than at the next failed message: a client's manager, or for staff a
 * supervisor or colleague. Returns whether an account was switched off. A second notice changes nothing.
 */
export async function chatBlocked(deps: CoreDeps, session: ChatSession): Promise<boolean> {
  const identified = await identify(deps, session.channel, session.externalId);
  const identity = identified.identity;
  if (!identity?.active || identified.actor.kind === "stranger") return false;
  const actor = identified.actor;
  await deps.store.transaction(async (repositories) => {
    await repositories.identities.update({ ...identity, active: false, deactivatedAt: deps.clock.now() });
    if (actor.kind === "client") {
      if ((await repositories.identities.listForClient(actor.clientId)).length > 0) return;
      await reportClientUnreachable(deps, repositories, { clientId: actor.clientId, reason: "blocked", subjectId: null });
    } else if (actor.kind === "staff") {
      if ((await repositories.identities.listForManager(actor.managerId)).length > 0) return;
      await reportManagerUnreachable(deps, repositories, { managerId: actor.managerId, reason: "blocked" });
    }
  });
  return true;
}
