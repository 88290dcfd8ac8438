import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

export const shareCaseInput = z.object({ clientId: idSchema, managerId: idSchema, share: z.boolean().default(true) });

/** A manager shares a case with a colleague of the same tenant (e.g. a substitute), or stops sharing it. */
export async function shareCase(deps: CoreDeps, actor: Actor, input: unknown): Promise<void> {
  const parsed = parseInput(shareCaseInput, input);
  await deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "write");
    const colleague = await repositories.managers.get(parsed.managerId);
    if (!colleague?.active || colleague.tenantId !== client.tenantId) {
      throw new DomainError("invalid_input", "unknown colleague", [{ path: "managerId", message: "not a manager of this tenant" }]);
    }
    const existing = assignments.find((a) => a.managerId === colleague.id);
    if (existing?.kind === "primary") throw new DomainError("conflict", "the colleague is the primary manager");
    if (parsed.share) {
      await repositories.assignments.assign({ clientId: client.id, managerId: colleague.id, kind: "shared", createdAt: deps.clock.now() });
    } else {
      await repositories.assignments.unassign(client.id, colleague.id);
    }
    await recordAudit(deps, repositories, actor, {
      action: parsed.share ? "case.share" : "case.unshare",
      subjectKind: "client",
      subjectId: client.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
  });
}
