import { outboxContent } from "../outbox/message-kinds.ts";
import type { CoreDeps } from "../deps.ts";
import { planClientMessage } from "../outbox/plan-message.ts";
import type { Repositories } from "../ports/store.ts";
import { appointmentAnswerActions } from "./actions.ts";
import type { Appointment } from "./model.ts";

export type AppointmentNotice = "created" | "moved" | "cancelled";

/** Every planned message about an appointment has a dedupe key with this prefix (notices and reminders). */
export const appointmentKeyPrefix = (appointmentId: string) => `appt:${appointmentId}:`;

/** Cancels the appointment's pending notices and reminders, e.g. before it is moved or cancelled. */
export async function cancelPendingAppointmentMessages(repositories: Pick<Repositories, "outbox">, appointmentId: string): Promise<number> {
  return repositories.outbox.cancelPendingByPrefix(appointmentKeyPrefix(appointmentId));
}

/**
 * Tells each client of the appointment about it at once (only clients who consented to messaging). Params hold
 * time, duration, place and the manager's name only: never notes or answer texts. Returns the notified client ids.
 */
export async function planAppointmentNotice(
  deps: Pick<CoreDeps, "clock" | "ids">,
  repositories: Pick<Repositories, "outbox" | "consents">,
  appointment: Appointment,
  notice: AppointmentNotice,
  details: { managerName: string; previousStartsAt?: Date },
): Promise<string[]> {
  const now = deps.clock.now();
  const content = noticeContent(appointment, notice, details);
  const notified: string[] = [];
  for (const clientId of appointment.clientIds) {
    const planned = await planClientMessage(deps, repositories, {
      dedupeKey: `${appointmentKeyPrefix(appointment.id)}notice:${notice}:${now.getTime()}:${clientId}`,
      tenantId: appointment.tenantId,
      recipientId: clientId,
      ...content,
      actions: notice === "cancelled" ? [] : appointmentAnswerActions(appointment),
      dueAt: now,
    });
    if (planned) notified.push(clientId);
  }
  return notified;
}

/** What the notice says: a cancellation names no duration, a move the time before. */
function noticeContent(appointment: Appointment, notice: AppointmentNotice, details: { managerName: string; previousStartsAt?: Date }) {
  const what = { startsAt: appointment.startsAt.toISOString(), place: appointment.place, managerName: details.managerName, appointmentId: appointment.id };
  if (notice === "cancelled") return outboxContent("client.appointment.cancelled", what);
  const planned = { ...what, durationMin: appointment.durationMin };
  if (notice === "created") return outboxContent("client.appointment.created", planned);
  const before = details.previousStartsAt ?? appointment.startsAt; // move-appointment.ts always names it
  return outboxContent("client.appointment.moved", { ...planned, previousStartsAt: before.toISOString() });
}
