import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden } from "../errors.ts";
import type { Channel } from "./model.ts";

/** A person unlinks their own chat account (e.g. before handing a phone on). Messages stop reaching it. */
export async function unlinkOwnIdentity(deps: CoreDeps, actor: Actor, channel: Channel, externalId: string): Promise<void> {
  if (actor.kind !== "staff" && actor.kind !== "client") throw forbidden(`${actor.kind} has no linked account`);
  await deps.store.transaction(async (repositories) => {
    const identity = await repositories.identities.findByExternal(channel, externalId);
    const owner = actor.kind === "staff" ? identity?.managerId : identity?.clientId;
    const self = actor.kind === "staff" ? actor.managerId : actor.clientId;
    if (!identity || owner !== self) throw forbidden("not your account");
    await repositories.identities.update({ ...identity, active: false, deactivatedAt: deps.clock.now() });
  });
}
