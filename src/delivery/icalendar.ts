import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from "ical-generator";
import type { Coordinates } from "../core/shared/coordinates.ts";

/**
 * The one iCalendar (RFC 5545) file Lotse sends: a single appointment as an "add to calendar" file, written with
 * ical-generator. Times are written in UTC ("…Z"): one instant, no VTIMEZONE to get wrong, and every calendar shows it
 * in the phone's zone.
 */
export interface CalendarEvent {
  /** Stable per appointment: a calendar that has the entry replaces it instead of adding a second one. */
  uid: string;
  /** Rises with every change (move, cancellation), so the later file wins. */
  sequence: number;
  /** When this file was made. */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  /** The place as typed; left out when empty. */
  location: string;
  geo: Coordinates | null;
  /** A cancelled appointment: METHOD:CANCEL and STATUS:CANCELLED, so a calendar that has the entry removes it. */
  cancelled: boolean;
}

/** Control characters other than line breaks, which iCalendar TEXT must not hold (RFC 5545 3.3.11). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const plain = (text: string): string => text.replace(/\r\n?/g, "\n").replace(controlCharacters, "");

/**
 * The whole file: one VCALENDAR with one VEVENT, written by ical-generator (escaping, folding at 75 octets without
 * splitting a character, CRLF line ends). A cancellation is METHOD:CANCEL with STATUS:CANCELLED.
 */
export function writeICalendar(event: CalendarEvent): string {
  const calendar = ical({
    prodId: "//Lotse//Termine//DE",
    method: event.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    scale: "GREGORIAN",
  });
  const place = plain(event.location).trim();
  const geo = event.geo ? { lat: event.geo.latitude, lon: event.geo.longitude } : null;
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp: event.stamp,
    start: event.start,
    end: event.end,
    summary: plain(event.summary),
    description: plain(event.description),
    ...(place ? { location: geo ? { title: place, geo } : place } : geo ? { location: { geo } } : {}),
    status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.OPAQUE,
  });
  // Every content line ends with CRLF, the last one too (RFC 5545 3.1); ical-generator leaves the last one open.
  const file = calendar.toString();
  return file.endsWith("\r\n") ? file : `${file}\r\n`;
}
