import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Client } from "./model.ts";

export const caseStatusInput = z.object({ clientId: idSchema });

/** Why a case closes (a code, kept in the audit trail; no free text). */
export const caseCloseReasons = ["goal_reached", "moved_away", "declined_support", "time_limit", "other"] as const;
export type CaseCloseReason = (typeof caseCloseReasons)[number];

export const closeCaseInput = caseStatusInput.extend({ reason: z.enum(caseCloseReasons).optional() });

/** The goal is reached or counselling ends: the case closes and nothing more is sent to the client. */
export async function closeCase(deps: CoreDeps, actor: Actor, input: unknown): Promise<Client> {
  const { clientId, reason } = parseInput(closeCaseInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    if (client.status === "closed") throw new DomainError("case_closed", "case is already closed");
    const closed: Client = { ...client, status: "closed", closedAt: deps.clock.now() };
    await repositories.clients.update(closed);
    await repositories.outbox.cancelPendingForClient(client.id);
    await recordAudit(deps, repositories, actor, {
      action: reason ? `case.close:${reason}` : "case.close",
      subjectKind: "client",
      subjectId: clientId,
      tenantId: client.tenantId,
      clientId,
    });
    return closed;
  });
}

/** A closed case opens again (the client comes back). */
export async function reopenCase(deps: CoreDeps, actor: Actor, input: unknown): Promise<Client> {
  const { clientId } = parseInput(caseStatusInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, clientId, "write");
    if (client.status === "open") throw new DomainError("conflict", "case is open");
    const reopened: Client = { ...client, status: "open", closedAt: null };
    await repositories.clients.update(reopened);
    await recordAudit(deps, repositories, actor, { action: "case.reopen", subjectKind: "client", subjectId: clientId, tenantId: client.tenantId, clientId });
    return reopened;
  });
}
