import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import { notFound } from "../errors.ts";
import { loadClientInScope } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";

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
    const from = await repositories.managers.get(handover.fromManagerId);
    return { clientName: client.name, fromName: from?.name ?? "", at: handover.at, note: deps.crypto.decrypt(handover.note) };
  });
}
