import ICAL from "ical.js";

/**
 * Reads iCalendar files in tests with ical.js (a parser we did not write), after checking what RFC 5545 demands and
 * calendars stumble over but a lenient parser forgives: CRLF line ends only, no physical line above 75 octets, no fold
 * that splits a UTF-8 character.
 */
export type IcsComponent = ICAL.Component;

const MAX_OCTETS = 75;

function checkLines(text: string): void {
  if (!text.endsWith("\r\n")) throw new Error("the file does not end with CRLF");
  for (const [index, line] of text.slice(0, -2).split("\r\n").entries()) {
    if (line.includes("\n") || line.includes("\r")) throw new Error(`line ${index + 1}: a line end other than CRLF`);
    if (line.includes("\uFFFD")) throw new Error(`line ${index + 1}: broken UTF-8`);
    if (Buffer.byteLength(line, "utf8") > MAX_OCTETS) throw new Error(`line ${index + 1} is ${Buffer.byteLength(line, "utf8")} octets (max 75)`);
  }
}

/** Reads a whole file (bytes or text) into its top component (VCALENDAR). */
export function readIcs(file: Buffer | string): IcsComponent {
  const text = typeof file === "string" ? file : new TextDecoder("utf-8", { fatal: true }).decode(file);
  checkLines(text);
  const calendar = new ICAL.Component(ICAL.parse(text));
  if (calendar.name !== "vcalendar") throw new Error(`the file holds a ${calendar.name}, not a VCALENDAR`);
  return calendar;
}

function property(component: IcsComponent, name: string): ICAL.Property {
  const found = component.getAllProperties(name.toLowerCase());
  if (found.length !== 1 || !found[0]) throw new Error(`${component.name} has ${found.length} ${name}`);
  return found[0];
}

/** The one value of a property as written in the file (throws when it is missing or repeated). */
export function icsValue(component: IcsComponent, name: string): string {
  const written = property(component, name).toICALString();
  return written.slice(written.indexOf(":") + 1);
}

/** A TEXT value as it was before escaping. */
export function icsText(component: IcsComponent, name: string): string {
  return String(property(component, name).getFirstValue());
}

/** A DATE-TIME property as an instant. */
export function icsInstant(component: IcsComponent, name: string): Date {
  const value = property(component, name).getFirstValue();
  if (!(value instanceof ICAL.Time)) throw new Error(`${name} is no date-time`);
  return value.toJSDate();
}

/** A GEO property as latitude and longitude. */
export function icsGeo(component: IcsComponent): { latitude: number; longitude: number } {
  const [latitude, longitude] = property(component, "GEO").getFirstValue() as [number, number];
  return { latitude, longitude };
}

/** The single VEVENT of a calendar. */
export function icsEvent(calendar: IcsComponent): IcsComponent {
  const events = calendar.getAllSubcomponents("vevent");
  if (events.length !== 1 || !events[0]) throw new Error(`expected one VEVENT, got ${events.length}`);
  return events[0];
}
