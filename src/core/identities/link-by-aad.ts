import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { parseInput } from "../shared/validate.ts";
import { deactivateOlderIdentities, type LinkedPerson } from "./link-with-invite.ts";

export const linkByAadInput = z.object({
  externalId: z.string().min(1).max(128),
  aadObjectId: z.uuid(),
  conversationRef: z.string().max(4000).nullable().default(null),
  locale: z.string().max(35).nullable().default(null),
});

/**
 * A Teams account whose Entra object id was given to `lotse manager add --aad` becomes that manager's Teams
 * identity on their first message, without a code. Returns null when no active manager has that object id or the
 * account is already linked (then nothing changes).
 */
export async function linkByAadObjectId(deps: CoreDeps, input: unknown): Promise<Extract<LinkedPerson, { kind: "manager" }> | null> {
  const parsed = parseInput(linkByAadInput, input);
  return deps.store.transaction(async (repositories) => {
    const manager = await repositories.managers.findByAadObjectId(parsed.aadObjectId.toLowerCase());
    if (!manager?.active) return null;
    const existing = await repositories.identities.findByExternal("teams", parsed.externalId);
    if (existing?.active && (existing.managerId ?? existing.clientId)) return null;
    const now = deps.clock.now();
    const identity = await repositories.identities.upsert({
      id: deps.ids.newId(),
      channel: "teams",
      externalId: parsed.externalId,
      conversationRef: parsed.conversationRef,
      managerId: manager.id,
      clientId: null,
      locale: parsed.locale,
      active: true,
      linkedAt: now,
      deactivatedAt: null,
    });
    const replacedChats = await deactivateOlderIdentities(repositories, identity, await repositories.identities.listForManager(manager.id), now);
    await recordAudit(
      deps,
      repositories,
      { kind: "stranger" },
      {
        action: "identity.link",
        subjectKind: "manager",
        subjectId: manager.id,
        tenantId: manager.tenantId,
        clientId: null,
      },
    );
    return { kind: "manager", manager, identity, replacedChats };
  });
}
