import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, notFound } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Escalation } from "./model.ts";

export const resolveEscalationInput = z.object({ escalationId: idSchema });

export interface ResolvedEscalation {
  escalation: Escalation;
  /** False when it had been resolved before (by someone else, or by moving the appointment). */
  changed: boolean;
}

/**
 * A manager of the case marks a help request as handled. Resolving it again changes nothing. An erasure request is
 * not "handled": it is carried out when its objection period ends, or objected to (object-to-erasure.ts).
 */
export async function resolveEscalation(deps: CoreDeps, actor: Actor, input: unknown): Promise<ResolvedEscalation> {
  const { escalationId } = parseInput(resolveEscalationInput, input);
  return deps.store.transaction(async (repositories) => {
    const escalation = await repositories.escalations.get(escalationId);
    if (!escalation) throw notFound("escalation", escalationId);
    const { client } = await loadClientInScope(repositories, actor, escalation.clientId, "write");
    if (escalation.status === "resolved") return { escalation, changed: false };
    if (escalation.kind === "erasure_requested") throw new DomainError("conflict", `erasure request ${escalation.id} is carried out or objected to`);
    const resolved: Escalation = { ...escalation, status: "resolved", resolvedAt: deps.clock.now() };
    await repositories.escalations.update(resolved);
    await recordAudit(deps, repositories, actor, {
      action: `escalation.resolve:${escalation.kind}`,
      subjectKind: "escalation",
      subjectId: escalation.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { escalation: resolved, changed: true };
  });
}
