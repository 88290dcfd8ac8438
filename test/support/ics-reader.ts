/**
 * A strict reader of iCalendar files for tests (no parser package is installed; `ical.js` would take its place). It
 * refuses what RFC 5545 forbids and calendars stumble over: a line end other than CRLF, a physical line above 75
 * octets, a fold that splits a UTF-8 character, an unbalanced BEGIN/END. Folded lines are joined, TEXT is unescaped,
 * and date-times are read as instants: UTC ("…Z"); a TZID (for which a VTIMEZONE would be needed) is refused.
 */
export interface IcsProperty {
  value: string;
  params: Record<string, string>;
}

export interface IcsComponent {
  name: string;
  properties: Map<string, IcsProperty[]>;
  components: IcsComponent[];
}

const MAX_OCTETS = 75;

function physicalLines(text: string): string[] {
  if (!text.endsWith("\r\n")) throw new Error("the file does not end with CRLF");
  const lines = text.slice(0, -2).split("\r\n");
  for (const [index, line] of lines.entries()) {
    if (line.includes("\n") || line.includes("\r")) throw new Error(`line ${index + 1}: a line end other than CRLF`);
    if (line.includes("\uFFFD")) throw new Error(`line ${index + 1}: broken UTF-8`);
    if (Buffer.byteLength(line, "utf8") > MAX_OCTETS) throw new Error(`line ${index + 1} is ${Buffer.byteLength(line, "utf8")} octets (max 75)`);
  }
  return lines;
}

/** Joins folded lines: a line starting with a space or tab continues the previous one. */
function unfold(lines: string[]): string[] {
  const logical: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(" ") || line.startsWith("\t")) && logical.length > 0) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical;
}

function parseLine(line: string): { name: string; params: Record<string, string>; value: string } {
  let inQuotes = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') inQuotes = !inQuotes;
    if (line[i] === ":" && !inQuotes) {
      colon = i;
      break;
    }
  }
  if (colon < 0) throw new Error(`no ":" in "${line}"`);
  const [name = "", ...rawParams] = line.slice(0, colon).split(";");
  const params = Object.fromEntries(rawParams.map((param) => param.split("=", 2) as [string, string]));
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** Reads a whole file (bytes or text) into its top component (VCALENDAR). */
export function readIcs(file: Buffer | string): IcsComponent {
  const text = typeof file === "string" ? file : new TextDecoder("utf-8", { fatal: true }).decode(file);
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  for (const line of unfold(physicalLines(text))) {
    const { name, params, value } = parseLine(line);
    if (name === "BEGIN") {
      const component: IcsComponent = { name: value, properties: new Map(), components: [] };
      stack.at(-1)?.components.push(component);
      stack.push(component);
    } else if (name === "END") {
      const done = stack.pop();
      if (done?.name !== value) throw new Error(`END:${value} closes ${done?.name ?? "nothing"}`);
      if (stack.length === 0) root = done;
    } else {
      const current = stack.at(-1);
      if (!current) throw new Error(`${name} outside a component`);
      current.properties.set(name, [...(current.properties.get(name) ?? []), { value, params }]);
    }
  }
  if (!root || stack.length > 0) throw new Error("unbalanced BEGIN/END");
  return root;
}

/** The one value of a property (throws when it is missing or repeated). */
export function icsValue(component: IcsComponent, name: string): string {
  const values = component.properties.get(name) ?? [];
  if (values.length !== 1 || !values[0]) throw new Error(`${component.name} has ${values.length} ${name}`);
  return values[0].value;
}

/** A TEXT value as written before escaping. */
export function icsText(component: IcsComponent, name: string): string {
  return icsValue(component, name).replace(/\\([\\;,nN])/g, (_match, char: string) => (char === "n" || char === "N" ? "\n" : char));
}

/** A DATE-TIME property as an instant; only UTC is understood. */
export function icsInstant(component: IcsComponent, name: string): Date {
  const property = component.properties.get(name)?.[0];
  if (!property) throw new Error(`${component.name} has no ${name}`);
  if (property.params.TZID) throw new Error(`${name} has a TZID; this reader understands UTC only`);
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(property.value);
  if (!match) throw new Error(`${name} "${property.value}" is no UTC date-time`);
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
}

/** The single VEVENT of a calendar. */
export function icsEvent(calendar: IcsComponent): IcsComponent {
  const events = calendar.components.filter((component) => component.name === "VEVENT");
  if (events.length !== 1 || !events[0]) throw new Error(`expected one VEVENT, got ${events.length}`);
  return events[0];
}
