import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors.ts";
import { assertStaff } from "../scope/client-access.ts";
import { parseInput } from "../shared/validate.ts";
import { idSchema } from "../shared/values.ts";
import { auditAppointment } from "./appointment-audit.ts";
import { loadAppointmentInScope } from "./appointment-scope.ts";
import { managerNames, toAppointmentView } from "./appointment-view.ts";
import type { Appointment, AppointmentView } from "./model.ts";

export const attendances = ["attended", "missed"] as const;

export const markAttendanceInput = z.object({ appointmentId: idSchema, attendance: z.enum(attendances) });

/** After an appointment has begun, its manager records whether the clients came (a mistake can be corrected). */
export async function markAttendance(deps: CoreDeps, actor: Actor, input: unknown): Promise<AppointmentView> {
  assertStaff(actor);
  const parsed = parseInput(markAttendanceInput, input);
  return deps.store.transaction(async (repositories) => {
    const { appointment } = await loadAppointmentInScope(repositories, actor, parsed.appointmentId, "write");
    if (appointment.status === "cancelled") throw new DomainError("conflict", `appointment ${appointment.id} is cancelled`);
    if (appointment.startsAt.getTime() > deps.clock.now().getTime()) {
      throw new DomainError("conflict", `appointment ${appointment.id} has not begun yet`);
    }
    const marked: Appointment = { ...appointment, status: parsed.attendance, updatedAt: deps.clock.now() };
    if (appointment.status !== parsed.attendance) {
      await repositories.appointments.update(marked);
      await auditAppointment(deps, repositories, actor, marked, `appointment.${parsed.attendance}`);
    }
    return toAppointmentView(deps, managerNames(repositories), marked, { revealAnswer: false });
  });
}
