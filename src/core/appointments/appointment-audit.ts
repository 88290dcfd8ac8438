import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CoreDeps } from "../deps.ts";
import type { Repositories } from "../ports/store.ts";
import type { Appointment } from "./model.ts";

/** One audit event per client of the appointment (the audit trail is kept per client). */
export async function auditAppointment(
  deps: Pick<CoreDeps, "clock" | "ids" | "crypto">,
  repositories: Pick<Repositories, "audit">,
  actor: Actor,
  appointment: Appointment,
  action: string,
  clientIds: readonly string[] = appointment.clientIds,
): Promise<void> {
  for (const clientId of clientIds) {
    await recordAudit(deps, repositories, actor, {
      action,
      subjectKind: "appointment",
      subjectId: appointment.id,
      tenantId: appointment.tenantId,
      clientId,
    });
  }
}
