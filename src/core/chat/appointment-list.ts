import { listClientAppointments } from "../appointments/list-client-appointments.ts";
import { awaitsAttendance, isOpenAppointment, type AppointmentStatus, type AppointmentView } from "../appointments/model.ts";
import type { Action } from "../dialog/action-codec.ts";
import { say, type Button, type Outbound } from "../dialog/messages.ts";
import { markAttendanceAction } from "../reminders/plan-attendance-prompts.ts";
import { cardAppointmentsAction, cardCancelAction, cardMoveAction } from "./card-actions.ts";
import type { ChatContext } from "./chat-context.ts";
import { kindKeys } from "./staff-options.ts";

/** How many of each are listed; a chat is not an archive (older ones are in the contact log and the audit). */
const maxUpcoming = 8;
const maxUnmarked = 5;
const lineKeys: Record<AppointmentStatus, string> = {
  scheduled: "manager_card.appointments.line.scheduled",
  confirmed: "manager_card.appointments.line.confirmed",
  declined: "manager_card.appointments.line.declined",
  other_time_requested: "manager_card.appointments.line.other_time_requested",
  cancelled: "manager_card.appointments.line.scheduled",
  attended: "manager_card.appointments.line.scheduled",
  missed: "manager_card.appointments.line.scheduled",
};

/** One appointment with the buttons that act on it: move and cancel ahead of it, attendance after it began. */
function appointmentMessage(appointment: AppointmentView, zone: string, ahead: boolean): Outbound {
  const params = {
    startsAt: { t: "datetime" as const, iso: appointment.startsAt.toISOString(), zone },
    place: appointment.place,
    kind: { t: "key" as const, key: kindKeys[appointment.kind] },
  };
  const buttons: Button[] = ahead
    ? [
        { labelKey: "manager_card.button.move", data: cardMoveAction.encode(appointment.id) },
        { labelKey: "manager_card.button.cancel", data: cardCancelAction.encode(appointment.id) },
      ]
    : [
        { labelKey: "manager_jobs.attendance.attended_button", data: markAttendanceAction.encode(appointment.id, "a") },
        { labelKey: "manager_jobs.attendance.missed_button", data: markAttendanceAction.encode(appointment.id, "m") },
      ];
  return { parts: [{ key: ahead ? lineKeys[appointment.status] : "manager_card.appointments.line.scheduled", params }], buttons: [buttons] };
}

/**
 * The card's "appointments": every upcoming appointment of the client (soonest first), each with move and cancel, and
 * those that began in the last 30 days without attendance recorded, each with attended / missed. Read through the
 * audited, scoped use case.
 */
export async function clientAppointmentsList(context: ChatContext, clientId: string): Promise<Outbound[]> {
  const now = context.deps.clock.now();
  const all = await listClientAppointments(context.deps, context.actor, { clientId, includePast: true });
  const upcoming = all.filter((a) => isOpenAppointment(a) && a.startsAt.getTime() > now.getTime());
  const unmarked = all.filter((a) => awaitsAttendance(a, now));
  const name = (await context.deps.store.clients.get(clientId))?.name ?? "";
  if (upcoming.length === 0 && unmarked.length === 0) return [say("manager_card.appointments.none", { name })];
  const messages: Outbound[] = [say("manager_card.appointments.title", { name })];
  messages.push(...upcoming.slice(0, maxUpcoming).map((a) => appointmentMessage(a, context.zone, true)));
  if (upcoming.length > maxUpcoming) messages.push(say("manager_card.appointments.more", { count: upcoming.length - maxUpcoming }));
  if (unmarked.length > 0) {
    messages.push(say("manager_card.appointments.unmarked_title"));
    messages.push(...unmarked.slice(0, maxUnmarked).map((a) => appointmentMessage(a, context.zone, false)));
  }
  return messages;
}

/** The card's "appointments" button; null when the action is another one. */
export async function routeAppointmentList(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const list = cardAppointmentsAction.match(action);
  return list ? clientAppointmentsList(context, list[0]) : null;
}
