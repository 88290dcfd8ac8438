import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { forbidden, notFound } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditLines, mayReadAuditOf, type AuditLine } from "../audit/audit-lines.ts";

export const listClientAuditInput = z.object({ clientId: idSchema });

export interface ClientAuditTrail {
  clientId: string;
  tenantId: string;
  events: AuditLine[];
}

/**
 * Who read or changed what of a client, and when (`lotse audit --client`): for a data protection officer or an
 * access request. Operators and the admins of the client's tenant; erased clients keep their trail (ids only).
 */
export async function listClientAudit(deps: CoreDeps, actor: Actor, input: unknown): Promise<ClientAuditTrail> {
  const { clientId } = parseInput(listClientAuditInput, input);
  return deps.store.transaction(async (repositories) => {
    const client = await repositories.clients.get(clientId);
    if (!client) throw notFound("client", clientId);
    if (!mayReadAuditOf(actor, client.tenantId)) throw forbidden(`${actor.kind} may not read the audit trail of client ${clientId}`);
    const staff = new Map((await repositories.managers.listByTenant(client.tenantId)).map((m) => [m.id, m.name]));
    const events = auditLines(await repositories.audit.listForClient(client.id), staff, (event) => event.actorKind);
    return { clientId: client.id, tenantId: client.tenantId, events };
  });
}
