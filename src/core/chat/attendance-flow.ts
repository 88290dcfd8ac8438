import { markAttendance } from "../appointments/mark-attendance.ts";
import type { AppointmentKind } from "../appointments/model.ts";
import type { ContactKind } from "../contacts/parse-quick-log.ts";
import { localParts } from "../shared/zoned-time.ts";
import { actionIdArg, defineAction, type Action } from "../dialog/action-codec.ts";
import { startForm } from "../dialog/form-runner.ts";
import { say, type Outbound } from "../dialog/messages.ts";
import { attendanceByCode, markAttendanceAction } from "../reminders/plan-attendance-prompts.ts";
import { startCaseForm } from "./case-forms.ts";
import type { ChatContext } from "./chat-context.ts";
import { logForm } from "./log-form.ts";

/** "Log a contact" after a missed appointment: the client, or "-" to pick one (several clients). */
export const attendanceLogAction = defineAction("atl", [actionIdArg]);

const noClient = "-";

/** The contact log form, with the client filled in when there is exactly one (and what the appointment tells). */
const offerLog = (context: ChatContext, clientId: string | undefined, fromAppointment: Record<string, string | number> = {}): Promise<Outbound[]> =>
  startForm(context, logForm, clientId ? { client: clientId, ...fromAppointment } : {});

/** The contact an appointment of this kind was (an "other" appointment leaves the kind to the manager). */
const contactKindOf: Record<AppointmentKind, ContactKind | null> = {
  counselling: "office",
  home_visit: "home_visit",
  office: "office",
  authority_accompaniment: "accompaniment",
  plan_review: "office",
  phone: "phone",
  video: "video",
  other: null,
};

/** An attended appointment's kind, day and duration, for the contact log: only areas and note are left to ask. */
function loggedFromAppointment(view: { kind: AppointmentKind; startsAt: Date; durationMin: number }, zone: string): Record<string, string | number> {
  const { year, month, day } = localParts(view.startsAt, zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const kind = contactKindOf[view.kind];
  return { ...(kind ? { kind } : {}), day: `${year}-${pad(month)}-${pad(day)}`, durationMin: view.durationMin };
}

/**
 * The buttons of the attendance prompt (src/core/reminders/plan-attendance-prompts.ts): "attended" records it and
 * opens the quick contact log for the client; "missed" records it and offers the log with one button.
 * Null when the action is not one of them.
 */
export async function routeAttendanceAction(context: ChatContext, action: Action | null): Promise<Outbound[] | null> {
  const marked = markAttendanceAction.match(action);
  if (marked) {
    const attendance = attendanceByCode[marked[1]];
    const view = await markAttendance(context.deps, context.actor, { appointmentId: marked[0], attendance });
    const only = view.clientIds.length === 1 ? view.clientIds[0] : undefined;
    const startsAt = { t: "datetime" as const, iso: view.startsAt.toISOString(), zone: context.zone };
    const confirmation: Outbound = { ...say(`manager_jobs.attendance.marked_${attendance}`, { startsAt }), edit: true };
    if (attendance === "attended") return [confirmation, ...(await offerLog(context, only, loggedFromAppointment(view, context.zone)))];
    return [
      {
        ...confirmation,
        buttons: [[{ labelKey: "manager_jobs.attendance.log_button", data: attendanceLogAction.encode(only ?? noClient) }]],
      },
    ];
  }
  const log = attendanceLogAction.match(action);
  // The button names the client: their scope first, as for every button about a case ("-" asks among the caseload).
  if (log) return log[0] === noClient ? offerLog(context, undefined) : startCaseForm(context, { clientId: log[0] }, logForm, { client: log[0] });
  return null;
}
