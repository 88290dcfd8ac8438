import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { cancelPendingAppointmentMessages, planAppointmentNotice } from "./appointment-notices.ts";
import { loadAppointmentInScope } from "./appointment-scope.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import { isOpenAppointment, type Appointment, type ChangedAppointment } from "./model.ts";
import { resolveAnswerEscalations } from "./resolve-answer-escalations.ts";

export const cancelAppointmentInput = z.object({ appointmentId: idSchema });

/** A manager cancels an appointment: its pending notices and reminders are cancelled and the clients are told. */
export async function cancelAppointment(deps: CoreDeps, actor: Actor, input: unknown): Promise<ChangedAppointment> {
  const parsed = parseInput(cancelAppointmentInput, input);
  return deps.store.transaction(async (repositories) => {
    const { appointment } = await loadAppointmentInScope(repositories, actor, parsed.appointmentId, "write");
    if (!isOpenAppointment(appointment)) throw new DomainError("conflict", `appointment ${appointment.id} is ${appointment.status}`);
    const cancelled: Appointment = { ...appointment, status: "cancelled", sequence: appointment.sequence + 1, updatedAt: deps.clock.now() };
    await repositories.appointments.update(cancelled);
    await cancelPendingAppointmentMessages(repositories, appointment.id);
    await resolveAnswerEscalations(deps, repositories, appointment);
    await auditAppointment(deps, repositories, actor, cancelled, "appointment.cancel");
    const nameOf = managerNames(repositories);
    const notifiedClientIds = await planAppointmentNotice(deps, repositories, cancelled, "cancelled", {
      managerName: (await nameOf(cancelled.managerId)) ?? "",
    });
    return { ...(await toAppointmentView(deps, nameOf, cancelled, { revealAnswer: false })), notifiedClientIds };
  });
}
