import type { CoreDeps } from "../deps.ts";
import type { EscalationKind } from "../escalations/model.ts";
import type { Repositories } from "../ports/store.ts";
import type { Appointment } from "./model.ts";

const answerEscalationKinds: readonly EscalationKind[] = ["cannot_come", "other_time"];

/**
 * Resolves open "cannot come" / "other time" escalations about the appointment: the manager moved or cancelled it,
 * or the client changed their answer. Returns how many were resolved.
 */
export async function resolveAnswerEscalations(
  deps: Pick<CoreDeps, "clock">,
  repositories: Pick<Repositories, "escalations">,
  appointment: Appointment,
  clientIds: readonly string[] = appointment.clientIds,
): Promise<number> {
  let resolved = 0;
  for (const clientId of clientIds) {
    const open = (await repositories.escalations.listForClient(clientId)).filter(
      (e) => e.status === "open" && e.subjectId === appointment.id && answerEscalationKinds.includes(e.kind),
    );
    for (const escalation of open) {
      await repositories.escalations.update({ ...escalation, status: "resolved", resolvedAt: deps.clock.now() });
      resolved += 1;
    }
  }
  return resolved;
}
