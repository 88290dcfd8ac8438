import { outboxContent } from "../outbox/message-kinds.ts";
import { getAgenda } from "../agenda/get-agenda.ts";
import type { Agenda } from "../agenda/model.ts";
import type { CoreDeps } from "../deps.ts";
import type { PlannedMessage } from "../outbox/model.ts";
import { planMessage } from "../outbox/plan-message.ts";
import { isoWeekday, localParts } from "../shared/zoned-time.ts";
import { morningAgendaDueAt } from "./manager-times.ts";
import { allowedFrom, parseWorkDays, staffQuietHours } from "./recipient-quiet.ts";
import { emptySweep, listStaffRecipients, localIsoDate, type StaffRecipient, type SweepReport } from "./staff-recipients.ts";

export const morningAgendaMessageKey = "manager_jobs.agenda.morning";
export const morningAgendaFreeMessageKey = "manager_jobs.agenda.morning_no_appointments";
/** The brief's tally of the work besides appointments: one plural text per name below it, and "none". */
export const morningWorkTallyKey = "manager_jobs.agenda.work";
export const morningWorkNames = ["escalations", "messages", "reviews", "steps", "followUps", "joined"] as const;

/** One agenda per manager and local day. */
export const morningAgendaDedupeKey = (managerId: string, isoDate: string): string => `mgr:${managerId}:agenda:${isoDate}`;

export const agendaHasSomething = (agenda: Agenda): boolean => agenda.appointments.length > 0 || agenda.escalations.length > 0 || agenda.entries.length > 0;

/** "09:05": a time of day in the zone (the day is in the message already). */
function localTimeText(instant: Date, zone: string): string {
  const local = localParts(instant, zone);
  return `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
}

/** How many entries of a section the day has. */
const countOf = (agenda: Agenda, section: string): number => agenda.entries.filter((entry) => entry.section === section).length;

/**
 * The message: the same items as /agenda, in short (a count each: help requests, open messages, reviews and steps
 * due, referral follow-ups, clients who joined) and the first appointment's time and place; /agenda lists them.
 */
export function morningAgendaMessage(recipient: StaffRecipient, agenda: Agenda, dueAt: Date, isoDate: string): PlannedMessage {
  const first = agenda.appointments[0];
  const work: Record<(typeof morningWorkNames)[number], number> = {
    escalations: agenda.escalations.length,
    messages: countOf(agenda, "client_message"),
    reviews: countOf(agenda, "plan_review_due"),
    steps: countOf(agenda, "plan_step_due"),
    followUps: countOf(agenda, "referral_follow_up"),
    joined: countOf(agenda, "client_joined"),
  };
  // Said as the counts that are not zero ("2 offene Anliegen und 3 fällige Schritte"), not "Nachrichten offen: 0".
  const counts = {
    dayDate: isoDate,
    work: { key: morningWorkTallyKey, params: Object.fromEntries(Object.entries(work).map(([name, n]) => [name, String(n)])) },
  };
  return {
    dedupeKey: morningAgendaDedupeKey(recipient.manager.id, isoDate),
    tenantId: recipient.tenant.id,
    recipientKind: "manager",
    recipientId: recipient.manager.id,
    clientId: null,
    ...(first
      ? outboxContent(morningAgendaMessageKey, {
          ...counts,
          appointments: agenda.appointments.length,
          firstTime: localTimeText(first.startsAt, recipient.zone),
          firstPlace: first.place,
        })
      : outboxContent(morningAgendaFreeMessageKey, counts)),
    actions: [],
    dueAt,
  };
}

/**
 * A planned agenda is read again (and its counts refreshed, or it is cancelled when the day has emptied) only in the
 * last two hours before it is due: reading the agenda is audited for each client in it, so an hourly sweep does
 * not read every manager's day 24 times.
 */
export const agendaRefreshWithinMs = 2 * 3_600_000;

/**
 * Sweep: every manager's next morning agenda (07:30 in their zone, tenant setting, or the end of their own quiet
 * hours if later), planned when that day has appointments, open escalations or other agenda entries; on a day
 * outside their working days (Monday to Friday unless they set others) only when appointments are booked. Run it hourly: a day is planned when it first has
 * something in it, and refreshed (or cancelled when it has become empty) in the runs shortly before 07:30.
 */
export async function planMorningAgendas(deps: CoreDeps): Promise<SweepReport> {
  const report = emptySweep();
  const now = deps.clock.now();
  for (const recipient of await listStaffRecipients(deps.store, ["manager", "supervisor", "admin"])) {
    // At the tenant's agenda time, or when the staff member's own quiet hours end if that is later.
    const dueAt = allowedFrom(
      morningAgendaDueAt(now, recipient.zone, recipient.settings),
      recipient.zone,
      staffQuietHours(recipient.manager, recipient.settings),
    );
    const day = localParts(dueAt, recipient.zone);
    const isoDate = localIsoDate(day);
    const key = morningAgendaDedupeKey(recipient.manager.id, isoDate);
    const existing = await deps.store.outbox.statusByDedupeKey(key);
    if (existing === "pending" && dueAt.getTime() - now.getTime() > agendaRefreshWithinMs) continue;
    // The sweep reads for the manager, on no one's request: audited as the system's read (the manager as subject).
    const agenda = await getAgenda(deps, recipient.actor, { date: isoDate }, { tenant: recipient.tenant, readBy: "system" });
    await deps.store.transaction(async (repositories) => {
      // A day off (not among the staff member's working days) gets a brief only when appointments are booked on it.
      const workDay = parseWorkDays(recipient.manager.workDays).includes(isoWeekday(day.year, day.month, day.day));
      if (agendaHasSomething(agenda) && (workDay || agenda.appointments.length > 0)) {
        await planMessage(deps, repositories, morningAgendaMessage(recipient, agenda, dueAt, isoDate));
        report.planned += 1;
      } else {
        report.cancelled += await repositories.outbox.cancelPendingByPrefix(key);
      }
    });
  }
  return report;
}
