import { answerByCode, appointmentAnswerActions, startsAtOfVersion, type AppointmentAnswerCode } from "../appointments/actions.ts";
import { answerAppointment } from "../appointments/answer-appointment.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { isDomainError } from "../errors.ts";
import type { ChatContext } from "./chat-context.ts";

/**
 * A client's tap on an appointment notice's answer. A button from a notice sent before the appointment was moved
 * answers nothing: the client sees the appointment as it is now (the "new time" notice, with the time the old notice
 * showed as before) and answers that one.
 */
export async function answerAppointmentNotice(
  context: ChatContext,
  appointmentId: string,
  code: AppointmentAnswerCode,
  seenVersion: string,
): Promise<Outbound[]> {
  const answer = answerByCode[code];
  try {
    await answerAppointment(context.deps, context.actor, { appointmentId, answer, seenVersion });
    return [say(`client.appointment.answer.${answer}`)];
  } catch (error) {
    if (!isDomainError(error) || error.code !== "conflict") throw error;
    if (error.issues.some((issue) => issue.path === "seenVersion")) return [await movedSince(context, appointmentId, seenVersion)];
    const cancelled = await cancelledNotice(context, appointmentId);
    if (cancelled) return [cancelled];
    throw error;
  }
}

/** A tap under the notice of an appointment that was cancelled since: the cancellation said again, not "not possible". */
async function cancelledNotice(context: ChatContext, appointmentId: string): Promise<Outbound | null> {
  const appointment = await context.deps.store.appointments.get(appointmentId);
  if (appointment?.status !== "cancelled") return null;
  const managerName = (await context.deps.store.managers.get(appointment.managerId))?.name ?? "—";
  const startsAt = { t: "datetime" as const, iso: appointment.startsAt.toISOString(), zone: context.zone };
  return say("client.appointment.cancelled", { managerName, startsAt, place: appointment.place });
}

/** The appointment as it is now, as the "new time" notice says it, with its answer buttons. */
async function movedSince(context: ChatContext, appointmentId: string, seenVersion: string): Promise<Outbound> {
  const appointment = await context.deps.store.appointments.get(appointmentId);
  if (!appointment) return say("dialog.stale");
  const managerName = (await context.deps.store.managers.get(appointment.managerId))?.name ?? "—";
  const at = (date: Date) => ({ t: "datetime" as const, iso: date.toISOString(), zone: context.zone });
  const params = {
    managerName,
    startsAt: at(appointment.startsAt),
    durationMin: { t: "key" as const, key: "client.duration.minutes", params: { count: appointment.durationMin } },
    previousStartsAt: at(startsAtOfVersion(seenVersion)),
    place: appointment.place,
  };
  const buttons = appointmentAnswerActions(appointment).map((action) => ({ labelKey: action.labelKey, data: action.data }));
  return { parts: [{ key: "client.appointment.moved", params }], buttons: [buttons] };
}
