import { markAttendance } from "../appointments/mark-attendance.ts";
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

/** The contact log form, with the client filled in when there is exactly one. */
const offerLog = (context: ChatContext, clientId: string | undefined): Promise<Outbound[]> => startForm(context, logForm, clientId ? { client: clientId } : {});

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
    if (attendance === "attended") return [confirmation, ...(await offerLog(context, only))];
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
