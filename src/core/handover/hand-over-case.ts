import { outboxContent } from "../outbox/message-kinds.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CaseAssignment, Client } from "../cases/model.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError, forbidden } from "../errors.ts";
import { openClientAction } from "../chat/chat-actions.ts";
import { handoverNoteAction } from "../chat/card-actions.ts";
import { planClientMessage, planMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import type { Manager } from "../setup/model.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { maxHandoverNoteLength, type Handover } from "./model.ts";
import { moveOpenReferrals } from "../referrals/move-open-referrals.ts";

export const handOverCaseInput = z.object({
  clientId: idSchema,
  toManagerId: idSchema,
  /** Keep the previous manager on the case as a shared assignment. */
  keepPreviousAsShared: z.boolean().default(false),
  /** For the new manager (Übergabegespräch); stored encrypted. */
  note: z.string().trim().max(maxHandoverNoteLength).optional(),
});

/** The new manager is told at once, with a button to open the client card. */
export const handoverReceivedMessageKey = "manager_card.handover.received";

export interface HandedOverCase {
  handover: Omit<Handover, "note">;
  assignments: CaseAssignment[];
  /** Whether the client was told about their new manager (needs messaging consent). */
  clientNotified: boolean;
}

/** The case's current primary manager, a supervisor or an admin of the tenant may hand a case over. */
function assertCanHandOver(actor: Actor, client: Client, fromManagerId: string): void {
  if (actor.kind === "system") return;
  if (actor.kind === "staff" && actor.tenantId === client.tenantId) {
    if (actor.managerId === fromManagerId || actor.role === "supervisor" || actor.role === "admin") return;
  }
  throw forbidden(`${actor.kind} may not hand over the case of client ${client.id}`);
}

/** The manager a case goes to: an active colleague of the tenant, not the one it comes from (`invalid_input` on `toManagerId`). */
export async function loadNewManager(
  repositories: Pick<Repositories, "managers">,
  tenantId: string,
  toManagerId: string,
  fromManagerId: string,
): Promise<Manager> {
  const manager = await repositories.managers.get(toManagerId);
  if (!manager || !manager.active || manager.tenantId !== tenantId) {
    throw new DomainError("invalid_input", `unknown manager ${toManagerId}`, [{ path: "toManagerId", message: "unknown manager" }]);
  }
  if (manager.id === fromManagerId) {
    throw new DomainError("invalid_input", "the case is already theirs", [{ path: "toManagerId", message: "already the case's manager" }]);
  }
  return manager;
}

/**
 * What is open on the case goes with it to the new manager: escalations, and messages the client passed on that
 * nobody answered yet (and drafts the client has not confirmed, so that "yes" reaches the new manager).
 */
export async function moveOpenRequests(repositories: Repositories, clientId: string, fromManagerId: string, toManagerId: string): Promise<void> {
  for (const escalation of await repositories.escalations.listForClient(clientId)) {
    if (escalation.status === "open" && escalation.managerId === fromManagerId) {
      await repositories.escalations.update({ ...escalation, managerId: toManagerId });
    }
  }
  for (const message of await repositories.conversations.listForClient(clientId)) {
    if ((message.status === "open" || message.status === "draft") && message.managerId === fromManagerId) {
      await repositories.conversations.update({ ...message, managerId: toManagerId });
    }
  }
}

/** One handover, once the caller has checked who may make it, that the case is open and whom it goes to. */
export interface HandoverStep {
  client: Client;
  fromManagerId: string;
  /** An active colleague of the client's tenant (`loadNewManager`). */
  toManager: Manager;
  keepPreviousAsShared: boolean;
  note?: string | undefined;
}

/**
 * The handover itself, inside the caller's transaction: the new manager becomes primary, the previous one leaves the
 * case (or keeps it shared), open escalations and referrals move along, a Handover row keeps the (encrypted) note,
 * it is audited, the client is introduced to the new manager in their language (with messaging consent) and the new
 * manager is told.
 * Shared by `handOverCase` (one case) and `reassignCaseload` (a colleague's caseload, one transaction per client).
 */
export async function performHandover(deps: CoreDeps, repositories: Repositories, actor: Actor, step: HandoverStep): Promise<HandedOverCase> {
  const { client, fromManagerId, toManager: manager } = step;
  const now = deps.clock.now();

  if (step.keepPreviousAsShared) await repositories.assignments.assign({ clientId: client.id, managerId: fromManagerId, kind: "shared", createdAt: now });
  else await repositories.assignments.unassign(client.id, fromManagerId);
  await repositories.assignments.assign({ clientId: client.id, managerId: manager.id, kind: "primary", createdAt: now });
  await moveOpenRequests(repositories, client.id, fromManagerId, manager.id);
  await moveOpenReferrals(deps, repositories, client, fromManagerId, manager.id);

  const handover: Handover = {
    id: deps.ids.newId(),
    clientId: client.id,
    fromManagerId,
    fromAgency: null,
    toManagerId: manager.id,
    note: step.note ? deps.crypto.encrypt(step.note) : null,
    at: now,
  };
  await repositories.handovers.create(handover);
  await recordAudit(deps, repositories, actor, {
    action: "case.handover",
    subjectKind: "handover",
    subjectId: handover.id,
    tenantId: client.tenantId,
    clientId: client.id,
  });
  const clientNotified = await planClientMessage(deps, repositories, {
    dedupeKey: `handover:${handover.id}`,
    tenantId: client.tenantId,
    recipientId: client.id,
    ...outboxContent("client.handover.introduction", { managerName: manager.name }),
    actions: [],
    dueAt: now,
  });
  await planMessage(deps, repositories, {
    dedupeKey: `handover:${handover.id}:manager`,
    tenantId: client.tenantId,
    recipientKind: "manager",
    recipientId: manager.id,
    clientId: client.id,
    ...outboxContent(handoverReceivedMessageKey, { clientName: client.name, fromName: (await repositories.managers.get(fromManagerId))?.name ?? "" }),
    actions: [
      { labelKey: "manager_card.button.open_card", data: openClientAction.encode(client.id) },
      // The note is not in the message (it would sit at the messenger); the new manager opens it with a tap.
      ...(handover.note ? [{ labelKey: "manager_card.button.handover_note", data: handoverNoteAction.encode(client.id, handover.id) }] : []),
    ],
    dueAt: now,
  });
  const { note: _note, ...withoutNote } = handover;
  return { handover: withoutNote, assignments: await repositories.assignments.listForClient(client.id), clientNotified };
}

/**
 * Hands a case over to another manager of the tenant: the new manager becomes primary, the previous one leaves the
 * case (or keeps it shared), open escalations move along, a Handover row keeps the (encrypted) note, and the client
 * is introduced to the new manager in their language; the new manager is told.
 */
export async function handOverCase(deps: CoreDeps, actor: Actor, input: unknown): Promise<HandedOverCase> {
  const parsed = parseInput(handOverCaseInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client, assignments } = await loadClientInScope(repositories, actor, parsed.clientId, "basic");
    const fromManagerId = assignments.find((a) => a.kind === "primary")?.managerId;
    if (!fromManagerId) throw new DomainError("conflict", `client ${client.id} has no primary manager`);
    assertCanHandOver(actor, client, fromManagerId);
    if (client.status === "closed") throw new DomainError("case_closed", `case of client ${client.id} is closed`);
    const toManager = await loadNewManager(repositories, client.tenantId, parsed.toManagerId, fromManagerId);
    return performHandover(deps, repositories, actor, {
      client,
      fromManagerId,
      toManager,
      keepPreviousAsShared: parsed.keepPreviousAsShared,
      note: parsed.note,
    });
  });
}
