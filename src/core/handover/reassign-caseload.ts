import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden, isDomainError, type ErrorCode } from "../errors.ts";
import type { Manager } from "../setup/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { handOverCaseInput, loadNewManager, moveOpenRequests, performHandover } from "./hand-over-case.ts";

export const reassignCaseloadInput = z.object({
  fromManagerId: idSchema,
  toManagerId: idSchema,
  /** Only these clients; all open cases of the from-manager when left out. */
  clientIds: z.array(idSchema).min(1).max(1000).optional(),
  /** The handover note of every case handed over (Übergabegespräch); stored encrypted. */
  note: handOverCaseInput.shape.note,
});

/** Why a client was left as it was. */
export type ReassignSkip = "closed" | "not_theirs" | ErrorCode;

export type ReassignedClient =
  /** A normal handover: the to-manager is primary now, the client introduced, the to-manager told. */
  | { clientId: string; outcome: "handed_over"; handoverId: string; clientNotified: boolean }
  /** The from-manager only shared the case: they leave it, its primary manager stays. */
  | { clientId: string; outcome: "unshared" }
  | { clientId: string; outcome: "skipped"; reason: ReassignSkip };

export interface ReassignedCaseload {
  from: { id: string; name: string };
  to: { id: string; name: string };
  clients: ReassignedClient[];
}

/** The operator, the tenant's supervisors and admins; a manager only their own caseload. */
function assertCanReassign(actor: Actor, from: Manager): void {
  if (actor.kind === "operator") return;
  if (actor.kind === "staff" && actor.tenantId === from.tenantId) {
    if (actor.managerId === from.id || actor.role === "supervisor" || actor.role === "admin") return;
  }
  throw forbidden(`${actor.kind} may not reassign the cases of manager ${from.id}`);
}

const unknownClient = (clientId: string, index: number) =>
  new DomainError("not_found", `client ${clientId} not found`, [{ path: `clientIds.${index}`, message: `no client with id ${clientId}` }]);

/**
 * Hands the open cases of one staff member to another (someone left, or the caseloads are rebalanced): all of them, or
 * the named clients. Each case is a normal handover (`performHandover`: the new manager becomes primary, open
 * escalations move, the client is introduced in their language, the new manager is told; the note, if any, is the
 * handover note), in a transaction of its own, so a failure leaves the cases before it handed over and running it
 * again takes up the rest. A case the from-manager only shares is taken from them (the primary manager stays and gets
 * its open escalations; audited as `case.unshare`). A closed case, or one that is not theirs, is skipped with the reason. An unknown client id is
 * bad input before anything changes.
 */
export async function reassignCaseload(deps: CoreDeps, actor: Actor, input: unknown): Promise<ReassignedCaseload> {
  const parsed = parseInput(reassignCaseloadInput, input);
  const from = await deps.store.managers.get(parsed.fromManagerId);
  if (!from) {
    throw new DomainError("not_found", `manager ${parsed.fromManagerId} not found`, [
      { path: "fromManagerId", message: `no staff member with id ${parsed.fromManagerId}` },
    ]);
  }
  assertCanReassign(actor, from);
  if (parsed.toManagerId === from.id) {
    throw new DomainError("invalid_input", "the cases would go to their own manager", [
      { path: "toManagerId", message: "the same staff member as the one they come from" },
    ]);
  }
  if (!(await deps.store.managers.get(parsed.toManagerId))) {
    throw new DomainError("not_found", `manager ${parsed.toManagerId} not found`, [
      { path: "toManagerId", message: `no staff member with id ${parsed.toManagerId}` },
    ]);
  }
  const to = await loadNewManager(deps.store, from.tenantId, parsed.toManagerId, from.id);

  const clientIds = parsed.clientIds ? [...new Set(parsed.clientIds)] : await openCaseIds(deps, from);
  if (parsed.clientIds) {
    const found = await deps.store.clients.getMany(clientIds);
    clientIds.forEach((clientId, index) => {
      const client = found.find((c) => c.id === clientId);
      if (!client || client.anonymizedAt || client.tenantId !== from.tenantId) throw unknownClient(clientId, index);
    });
  }

  const clients: ReassignedClient[] = [];
  for (const clientId of clientIds) {
    try {
      clients.push(await reassignOne(deps, actor, clientId, from, to, parsed.note));
    } catch (error) {
      // A case that changed under our feet (e.g. closed a moment ago) is reported; the others still go.
      if (!isDomainError(error)) throw error;
      clients.push({ clientId, outcome: "skipped", reason: error.code });
    }
  }
  return { from: { id: from.id, name: from.name }, to: { id: to.id, name: to.name }, clients };
}

/** The ids of the open cases assigned to the manager (primary or shared), read before any of them changes. */
async function openCaseIds(deps: CoreDeps, manager: Manager): Promise<string[]> {
  const ids: string[] = [];
  const page = 200;
  for (let offset = 0; ; offset += page) {
    const { clients, total } = await deps.store.clients.search({ tenantId: manager.tenantId, managerId: manager.id, status: "open", offset, limit: page });
    ids.push(...clients.map((c) => c.id));
    if (clients.length === 0 || offset + page >= total) return ids;
  }
}

async function reassignOne(deps: CoreDeps, actor: Actor, clientId: string, from: Manager, to: Manager, note: string | undefined): Promise<ReassignedClient> {
  return deps.store.transaction(async (repositories) => {
    const client = await repositories.clients.get(clientId);
    if (!client || client.anonymizedAt || client.tenantId !== from.tenantId) return { clientId, outcome: "skipped", reason: "not_found" };
    if (client.status === "closed") return { clientId, outcome: "skipped", reason: "closed" };
    const assignments = await repositories.assignments.listForClient(client.id);
    const own = assignments.find((a) => a.managerId === from.id);
    if (!own) return { clientId, outcome: "skipped", reason: "not_theirs" };
    const primary = assignments.find((a) => a.kind === "primary");
    if (own.kind === "shared" && primary) {
      await repositories.assignments.unassign(client.id, from.id);
      await moveOpenRequests(repositories, client.id, from.id, primary.managerId);
      await recordAudit(deps, repositories, actor, {
        action: "case.unshare",
        subjectKind: "client",
        subjectId: client.id,
        tenantId: client.tenantId,
        clientId: client.id,
      });
      return { clientId, outcome: "unshared" };
    }
    const handed = await performHandover(deps, repositories, actor, { client, fromManagerId: from.id, toManager: to, keepPreviousAsShared: false, note });
    return { clientId, outcome: "handed_over", handoverId: handed.handover.id, clientNotified: handed.clientNotified };
  });
}
