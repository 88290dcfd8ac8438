import { replanAppointmentReminders } from "../reminders/replan-appointment-reminders.ts";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { instantSchema } from "../shared/instant.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { cancelPendingAppointmentMessages, planAppointmentNotice } from "./appointment-notices.ts";
import { loadAppointmentInScope } from "./appointment-scope.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import { isOpenAppointment, maxAppointmentMinutes, maxPlaceLength, minAppointmentMinutes, type Appointment, type ChangedAppointment } from "./model.ts";
import { resolveAnswerEscalations } from "./resolve-answer-escalations.ts";

export const moveAppointmentInput = z
  .object({
    appointmentId: idSchema,
    startsAt: instantSchema.optional(),
    place: z.string().trim().max(maxPlaceLength).optional(),
    durationMin: z.number().int().min(minAppointmentMinutes).max(maxAppointmentMinutes).optional(),
  })
  .refine((input) => input.startsAt !== undefined || input.place !== undefined || input.durationMin !== undefined, {
    message: "give a new start, place or duration",
    path: ["startsAt"],
  });

const changes = (before: Appointment, after: Appointment) =>
  before.startsAt.getTime() !== after.startsAt.getTime() || before.place !== after.place || before.durationMin !== after.durationMin;

/**
 * A manager moves an appointment (new start, place or duration). Pending notices and reminders of the appointment
 * are cancelled, the clients are told the new time at once and asked again; open "other time" requests are resolved.
 */
export async function moveAppointment(deps: CoreDeps, actor: Actor, input: unknown): Promise<ChangedAppointment> {
  const parsed = parseInput(moveAppointmentInput, input);
  const now = deps.clock.now();
  if (parsed.startsAt && parsed.startsAt.getTime() <= now.getTime()) {
    throw new DomainError("invalid_input", "startsAt must be in the future", [{ path: "startsAt", message: "must be in the future" }]);
  }
  return deps.store.transaction(async (repositories) => {
    const { appointment } = await loadAppointmentInScope(repositories, actor, parsed.appointmentId, "write");
    if (!isOpenAppointment(appointment)) throw new DomainError("conflict", `appointment ${appointment.id} is ${appointment.status}`);
    const nameOf = managerNames(repositories);
    const moved: Appointment = {
      ...appointment,
      startsAt: parsed.startsAt ?? appointment.startsAt,
      place: parsed.place ?? appointment.place,
      durationMin: parsed.durationMin ?? appointment.durationMin,
    };
    if (!changes(appointment, moved)) return { ...(await toAppointmentView(deps, nameOf, appointment, { revealAnswer: false })), notifiedClientIds: [] };
    const updated: Appointment = {
      ...moved,
      // A place typed anew is not where the map position of the old one points.
      coordinates: moved.place === appointment.place ? appointment.coordinates : null,
      status: "scheduled",
      clientAnswer: null,
      sequence: appointment.sequence + 1,
      updatedAt: now,
    };
    await repositories.appointments.update(updated);
    await cancelPendingAppointmentMessages(repositories, appointment.id);
    await resolveAnswerEscalations(deps, repositories, appointment);
    await auditAppointment(deps, repositories, actor, updated, "appointment.move");
    const managerName = (await nameOf(updated.managerId)) ?? "";
    const notifiedClientIds = await planAppointmentNotice(deps, repositories, updated, "moved", { managerName, previousStartsAt: appointment.startsAt });
    await replanAppointmentReminders(deps, repositories, updated.id);
    return { ...(await toAppointmentView(deps, nameOf, updated, { revealAnswer: false })), notifiedClientIds };
  });
}
