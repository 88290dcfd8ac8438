import type { CoreDeps } from "../deps.ts";
import { resolveOpenEscalations } from "../escalations/resolve-open-escalations.ts";
import type { Repositories } from "../ports/store.ts";
import type { Appointment } from "./model.ts";

/**
 * Resolves open "cannot come" / "other time" escalations about the appointment: the manager moved or cancelled it,
 * or the client changed their answer. Returns how many were resolved.
 */
export const resolveAnswerEscalations = (
  deps: Pick<CoreDeps, "clock">,
  repositories: Pick<Repositories, "escalations">,
  appointment: Appointment,
  clientIds: readonly string[] = appointment.clientIds,
): Promise<number> => resolveOpenEscalations(deps, repositories, { subjectId: appointment.id, clientIds, kinds: ["cannot_come", "other_time"] });
