import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { EscalationKind } from "./model.ts";

/**
 * Resolves the open escalations of these kinds about one subject, for each of the clients: what they asked about has
 * been settled otherwise (an appointment moved or cancelled, a step done or dropped). Returns how many were resolved.
 */
export async function resolveOpenEscalations(
  deps: Pick<CoreDeps, "clock">,
  repositories: Pick<Repositories, "escalations">,
  about: { subjectId: string; clientIds: readonly string[]; kinds: readonly EscalationKind[] },
): Promise<number> {
  let resolved = 0;
  for (const clientId of about.clientIds) {
    const open = (await repositories.escalations.listForClient(clientId)).filter(
      (e) => e.status === "open" && e.subjectId === about.subjectId && about.kinds.includes(e.kind),
    );
    for (const escalation of open) {
      await repositories.escalations.update({ ...escalation, status: "resolved", resolvedAt: deps.clock.now() });
      resolved += 1;
    }
  }
  return resolved;
}
