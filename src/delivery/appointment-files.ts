import { noticeCalendar } from "../core/appointments/notice-calendar.ts";
import type { MessageParams } from "../core/dialog/messages.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import type { Repositories } from "../core/ports/store.ts";
import { localParts } from "../core/shared/zoned-time.ts";
import { writeICalendar } from "./icalendar.ts";
import type { RenderedMessage, Recipient } from "./ports.ts";

/** A text in the recipient's language (the renderer's translator). */
export type RecipientText = (key: string, params: MessageParams) => string;

const pad = (value: number) => String(value).padStart(2, "0");

/** "Termin-2027-03-28.ics": the appointment's day where the client lives. The word stays German, like the letters they get. */
function calendarFileName(startsAt: Date, zone: string): string {
  const day = localParts(startsAt, zone);
  return `Termin-${day.year}-${pad(day.month)}-${pad(day.day)}.ics`;
}

/**
 * The calendar file and map location of a client's appointment notice, made now from the appointment as it is now
 * (docs/architecture.md, "Calendar files"): summary and description in the client's language, the place as typed.
 * Nothing for rows that name no appointment, or whose appointment is gone or over. A cancelled appointment gets a
 * file that cancels the entry, and no map location.
 */
export async function appointmentFiles(
  repositories: Pick<Repositories, "appointments" | "managers">,
  message: Pick<OutboxMessage, "messageKey" | "params" | "recipientKind" | "recipientId">,
  recipient: Pick<Recipient, "timezone">,
  text: RecipientText,
  now: Date,
): Promise<Pick<RenderedMessage, "calendar" | "venue">> {
  const appointment = await noticeCalendar(repositories, message, now);
  if (!appointment) return {};
  const summary = text("client.appointment.calendar.summary", { managerName: appointment.managerName });
  const content = writeICalendar({
    uid: appointment.uid,
    sequence: appointment.sequence,
    stamp: now,
    start: appointment.startsAt,
    end: new Date(appointment.startsAt.getTime() + appointment.durationMin * 60_000),
    summary,
    description: text("client.appointment.calendar.description", { managerName: appointment.managerName }),
    location: appointment.place,
    geo: appointment.coordinates,
    cancelled: appointment.cancelled,
  });
  const calendar = { fileName: calendarFileName(appointment.startsAt, recipient.timezone), content };
  if (appointment.cancelled || !appointment.coordinates) return { calendar };
  const { latitude, longitude } = appointment.coordinates;
  return { calendar, venue: { latitude, longitude, title: summary, address: appointment.place || summary } };
}
