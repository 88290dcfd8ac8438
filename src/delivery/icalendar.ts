import type { Coordinates } from "../core/shared/coordinates.ts";

/**
 * A small iCalendar (RFC 5545) writer for the one thing Lotse sends: a single appointment as an "add to calendar"
 * file. No npm package does it here (none is installed; docs/architecture.md says which one to add). Times are
 * written in UTC ("…Z"): one instant, no VTIMEZONE to get wrong, and every calendar shows it in the phone's zone.
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

const CRLF = "\r\n";
/** RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, line break excluded. */
const MAX_LINE_OCTETS = 75;

/** 2027-03-28T08:00:00.000Z → 20270328T080000Z (UTC, "form #2" of RFC 5545 3.3.5). */
function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break as "\n"; other control
 * characters (not allowed in TEXT) are dropped.
 */
function escapeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
      .replace(/[\\;,]/g, (char) => `\\${char}`)
      .replace(/\n/g, "\\n")
  );
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): the rest continues on the next line after one space. Splits only
 * between characters, never inside a UTF-8 sequence (an Arabic or Tigrinya summary stays readable).
 */
function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    // A continuation line starts with a space, which counts.
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

const coordinate = (value: number) => value.toFixed(6);

/** The whole file: one VCALENDAR with one VEVENT, CRLF line ends, folded lines. */
export function writeICalendar(event: CalendarEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Lotse//Termine//DE",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.cancelled ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcDateTime(event.stamp)}`,
    `DTSTART:${utcDateTime(event.start)}`,
    `DTEND:${utcDateTime(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location.trim() ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.geo ? [`GEO:${coordinate(event.geo.latitude)};${coordinate(event.geo.longitude)}`] : []),
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
