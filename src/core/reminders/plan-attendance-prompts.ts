import { outboxContent } from "../outbox/message-kinds.ts";
import { attendances } from "../appointments/mark-attendance.ts";
import type { Appointment } from "../appointments/model.ts";
import type { CoreDeps } from "../deps.ts";
import { actionIdArg, actionOptionArg, defineAction } from "../dialog/action-codec.ts";
import type { OutboxAction, PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { reminderKeyPrefix } from "./appointment-reminders.ts";
import { moveOutOfQuietHours } from "./quiet-hours.ts";
import type { ReminderSettings } from "./settings.ts";
import { emptySweep, listStaffRecipients, type StaffRecipient, type SweepReport } from "./staff-recipients.ts";

export const attendancePromptMessageKey = "manager_jobs.attendance.prompt";

const minuteMs = 60_000;
const dayMs = 86_400_000;

/** "Attended" / "missed" under the prompt: a = attended, m = missed. */
export const attendanceCodes = ["a", "m"] as const;
export const attendanceByCode = { a: attendances[0], m: attendances[1] } as const;
export const markAttendanceAction = defineAction("att", [actionIdArg, actionOptionArg(attendanceCodes)]);

export function attendanceActions(appointmentId: string): OutboxAction[] {
  return [
    { labelKey: "manager_jobs.attendance.attended_button", data: markAttendanceAction.encode(appointmentId, "a") },
    { labelKey: "manager_jobs.attendance.missed_button", data: markAttendanceAction.encode(appointmentId, "m") },
  ];
}

/**
 * Under the appointment's reminder prefix, so moving or cancelling the appointment (replanAppointmentReminders)
 * cancels the pending prompt; the key carries the end, so the moved appointment gets a fresh one.
 */
export const attendancePromptDedupeKey = (appointment: Pick<Appointment, "id" | "managerId">, endsAt: Date): string =>
  `${reminderKeyPrefix(appointment.id)}attendance:${appointment.managerId}:${endsAt.getTime()}`;

export const endOf = (appointment: Pick<Appointment, "startsAt" | "durationMin">): Date =>
  new Date(appointment.startsAt.getTime() + appointment.durationMin * minuteMs);

/** Asked only while nobody has recorded attendance and the appointment still stands. */
const awaitsAttendance = (appointment: Appointment): boolean => appointment.status === "scheduled" || appointment.status === "confirmed";

/** At the end of the appointment, in the manager's zone; inside the quiet hours it waits for the morning. */
export function attendancePromptDueAt(
  appointment: Pick<Appointment, "startsAt" | "durationMin">,
  now: Date,
  zone: string,
  settings: Pick<ReminderSettings, "quietHours">,
): Date {
  const end = endOf(appointment);
  return moveOutOfQuietHours(end.getTime() < now.getTime() ? now : end, zone, settings.quietHours, "later");
}

export function attendancePromptMessage(recipient: StaffRecipient, appointment: Appointment, clientNames: string[], dueAt: Date): PlannedMessage {
  return {
    dedupeKey: attendancePromptDedupeKey(appointment, endOf(appointment)),
    tenantId: appointment.tenantId,
    recipientKind: "manager",
    recipientId: appointment.managerId,
    // About the (first) client: erasing them empties the names in the sent row.
    clientId: appointment.clientIds[0] ?? null,
    ...outboxContent(attendancePromptMessageKey, {
      clientName: clientNames.join(", "),
      startsAt: appointment.startsAt.toISOString(),
      place: appointment.place,
    }),
    actions: attendanceActions(appointment.id),
    dueAt,
  };
}

/**
 * Sweep: an attendance prompt ("attended / missed") to the manager after each appointment that ended in the last
 * day or ends in the next one and has no attendance yet. Appointments marked meanwhile lose their pending prompt.
 */
export async function planAttendancePrompts(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  const now = deps.clock.now();
  for (const recipient of await listStaffRecipients(deps.store)) {
    await deps.store.transaction(async (repositories) => {
      const window = await repositories.appointments.listForManager(recipient.manager.id, new Date(now.getTime() - 2 * dayMs), new Date(now.getTime() + dayMs));
      for (const appointment of window) {
        const endsAt = endOf(appointment);
        if (endsAt.getTime() < now.getTime() - dayMs) continue;
        if (!awaitsAttendance(appointment)) {
          report.cancelled += await repositories.outbox.cancelPendingByPrefix(`${reminderKeyPrefix(appointment.id)}attendance:`);
          continue;
        }
        const dueAt = attendancePromptDueAt(appointment, now, recipient.zone, recipient.settings);
        if (dueAt.getTime() - now.getTime() > dayMs) continue;
        const existing = await repositories.outbox.findByDedupeKey(attendancePromptDedupeKey(appointment, endsAt));
        if (existing && existing.status !== "pending" && existing.status !== "cancelled") continue;
        const names: string[] = [];
        for (const clientId of appointment.clientIds) {
          const client = await repositories.clients.get(clientId);
          if (client && !client.anonymizedAt) names.push(client.name);
        }
        // A pending prompt keeps its time (for one already due, a later run would otherwise push it on to "now").
        const keptDueAt = existing?.status === "pending" ? existing.dueAt : dueAt;
        await planMessage(deps, repositories, attendancePromptMessage(recipient, appointment, names, keptDueAt));
        report.planned += 1;
      }
    });
  }
  return report;
}
