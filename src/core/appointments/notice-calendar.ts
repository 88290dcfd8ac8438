import { outboxParamKindsOf } from "../outbox/message-kinds.ts";
import type { OutboxMessage } from "../outbox/model.ts";
import type { Repositories } from "../ports/store.ts";
import type { Coordinates } from "../shared/coordinates.ts";

/**
 * What a client's calendar file and map location say about an appointment: time, place and the manager's name, read
 * when the notice is sent (a file for a moved appointment carries the new time). Never notes, answers, health or
 * residence details.
 */
export interface NoticeCalendar {
  /** Stable per appointment, so a calendar replaces its entry. */
  uid: string;
  /** Raised by every move and the cancellation. */
  sequence: number;
  cancelled: boolean;
  startsAt: Date;
  durationMin: number;
  place: string;
  coordinates: Coordinates | null;
  managerName: string;
}

/** The id of the appointment a row names by a param of kind `appointment` (message-kinds.ts), if any. */
function appointmentIdOf(message: Pick<OutboxMessage, "messageKey" | "params">): string | null {
  const kinds = outboxParamKindsOf(message.messageKey) ?? {};
  const name = Object.keys(kinds).find((param) => kinds[param] === "appointment");
  const value = name === undefined ? undefined : message.params[name];
  return typeof value === "string" && value ? value : null;
}

/**
 * The appointment a client's notice is about, as it is now; null when the row names none (rows planned before
 * notices carried files), the appointment is gone, the recipient is no longer one of its clients, or it is over.
 */
export async function noticeCalendar(
  repositories: Pick<Repositories, "appointments" | "managers">,
  message: Pick<OutboxMessage, "messageKey" | "params" | "recipientKind" | "recipientId">,
  now: Date,
): Promise<NoticeCalendar | null> {
  const appointmentId = message.recipientKind === "client" ? appointmentIdOf(message) : null;
  if (!appointmentId) return null;
  const appointment = await repositories.appointments.get(appointmentId);
  if (!appointment || !appointment.clientIds.includes(message.recipientId)) return null;
  const endsAt = appointment.startsAt.getTime() + appointment.durationMin * 60_000;
  if (endsAt <= now.getTime()) return null;
  const manager = await repositories.managers.get(appointment.managerId);
  return {
    uid: `${appointment.id}@lotse`,
    sequence: appointment.sequence,
    cancelled: appointment.status === "cancelled",
    startsAt: appointment.startsAt,
    durationMin: appointment.durationMin,
    place: appointment.place,
    coordinates: appointment.coordinates,
    managerName: manager?.name ?? "",
  };
}
