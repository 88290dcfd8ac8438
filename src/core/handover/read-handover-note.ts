import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import type { Repositories } from "../ports/store.ts";
import type { Handover } from "./model.ts";

export const readHandoverNoteInput = z.object({ clientId: idSchema, handoverId: idSchema });

export interface HandoverNote {
  clientName: string;
  fromName: string;
  at: Date;
  note: string;
}

/**
 * The note of a handover (Übergabegespräch), opened for someone with note access to the case (its managers), on
 * their explicit request: audited as a read of the note. Never planned into a message.
 */
export async function readHandoverNote(deps: CoreDeps, actor: Actor, input: unknown): Promise<HandoverNote> {
  const parsed = parseInput(readHandoverNoteInput, input);
  return deps.store.transaction(async (repositories) => {
    const { client } = await loadClientInScope(repositories, actor, parsed.clientId, "notes");
    const handover = (await repositories.handovers.listForClient(client.id)).find((h) => h.id === parsed.handoverId);
    if (!handover?.note) throw notFound("handover note", parsed.handoverId);
    await recordAudit(deps, repositories, actor, {
      action: "handover.note.read",
      subjectKind: "handover",
      subjectId: handover.id,
      tenantId: client.tenantId,
      clientId: client.id,
    });
    return { clientName: client.name, fromName: await handedOverBy(repositories, handover), at: handover.at, note: deps.crypto.decrypt(handover.note) };
  });
}

/** Who handed the case over: the earlier manager's name, or the agency of the earlier refugee social work. */
export async function handedOverBy(repositories: Pick<Repositories, "managers">, handover: Handover): Promise<string> {
  if (handover.fromManagerId === null) return handover.fromAgency ?? "";
  return (await repositories.managers.get(handover.fromManagerId))?.name ?? "";
}
