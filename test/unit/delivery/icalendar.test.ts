import { describe, expect, it } from "vitest";
import { writeICalendar, type CalendarEvent } from "../../../src/delivery/icalendar.ts";
import { zonedLocalToUtc } from "../../../src/core/shared/zoned-time.ts";
import { icsEvent, icsGeo, icsInstant, icsText, icsValue, readIcs } from "../../support/ics-reader.ts";

const berlin = "Europe/Berlin";
const local = (year: number, month: number, day: number, hour: number, minute = 0) => zonedLocalToUtc({ year, month, day, hour, minute }, berlin);

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: "01HXAPPOINTMENT@lotse",
  sequence: 0,
  stamp: new Date("2027-03-01T09:00:00Z"),
  start: new Date("2027-03-04T08:00:00Z"),
  end: new Date("2027-03-04T09:00:00Z"),
  summary: "Termin mit Eva Muster",
  description: "Ihr Termin mit Eva Muster (Integrationsmanagement).",
  location: "Rathaus, Zimmer 3",
  geo: null,
  cancelled: false,
  ...over,
});

describe("the calendar file (RFC 5545)", () => {
  it("has CRLF line ends only, one event, and the fields a calendar needs", () => {
    const file = writeICalendar(event());
    expect(file.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const calendar = readIcs(file);
    expect(icsValue(calendar, "VERSION")).toBe("2.0");
    expect(icsValue(calendar, "METHOD")).toBe("PUBLISH");
    const vevent = icsEvent(calendar);
    expect(icsValue(vevent, "UID")).toBe("01HXAPPOINTMENT@lotse");
    expect(icsValue(vevent, "SEQUENCE")).toBe("0");
    expect(icsValue(vevent, "STATUS")).toBe("CONFIRMED");
    expect(icsInstant(vevent, "DTSTAMP")).toEqual(new Date("2027-03-01T09:00:00Z"));
    expect(vevent.hasProperty("geo")).toBe(false);
  });

  it("escapes commas, semicolons, backslashes and line breaks in text, and reads back what was written", () => {
    const tricky = 'Rathaus, Zimmer 3; 2. OG\\Nord\nKlingeln bei "Integration"';
    const file = writeICalendar(event({ location: tricky, summary: "A;B,C" }));
    expect(file).toContain('LOCATION:Rathaus\\, Zimmer 3\\; 2. OG\\\\Nord\\nKlingeln bei "Integration"');
    const vevent = icsEvent(readIcs(file));
    expect(icsText(vevent, "LOCATION")).toBe(tricky);
    expect(icsText(vevent, "SUMMARY")).toBe("A;B,C");
  });

  it("drops control characters, which TEXT must not hold", () => {
    const vevent = icsEvent(readIcs(writeICalendar(event({ summary: "Termin\u0007 mit\u0000 Eva" }))));
    expect(icsText(vevent, "SUMMARY")).toBe("Termin mit Eva");
  });

  it("folds long lines at 75 octets without splitting a character (Arabic, Tigrinya, emoji)", () => {
    const arabic = "موعدك مع إيفا موستر (إدارة الاندماج). إذا لم تستطع الحضور، من فضلك أخبرنا في المحادثة مع Lotse.";
    const tigrinya = "ቆጸራኹም ምስ Eva Muster (ምምሕዳር ምውህሃድ)። ክትመጹ እንተዘይኽኢልኩም፡ በጃኹም ኣብ ዕላል ምስ Lotse ሓብሩና። 📍🗓️";
    const file = writeICalendar(event({ description: arabic, location: tigrinya }));
    const lines = file.split("\r\n");
    expect(lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(3);
    // Each physical line is valid UTF-8 on its own, and at most 75 octets (the reader checks both).
    for (const line of lines) expect(() => new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(line, "utf8"))).not.toThrow();
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line, "utf8")))).toBeLessThanOrEqual(75);
    const vevent = icsEvent(readIcs(Buffer.from(file, "utf8")));
    expect(icsText(vevent, "DESCRIPTION")).toBe(arabic);
    expect(icsText(vevent, "LOCATION")).toBe(tigrinya);
  });

  it("writes start and end in UTC, so the instant is right on either side of the switch to summer time", () => {
    // 10:00 in Berlin the day before the switch (CET, UTC+1) and the day after (CEST, UTC+2).
    const before = icsEvent(readIcs(writeICalendar(event({ start: local(2027, 3, 27, 10), end: local(2027, 3, 27, 11) }))));
    const after = icsEvent(readIcs(writeICalendar(event({ start: local(2027, 3, 29, 10), end: local(2027, 3, 29, 11) }))));
    expect(icsValue(before, "DTSTART")).toBe("20270327T090000Z");
    expect(icsValue(after, "DTSTART")).toBe("20270329T080000Z");
    // 01:30 for an hour in the switching night ends at 03:30 summer time: 60 minutes, not 120.
    const night = icsEvent(
      readIcs(writeICalendar(event({ start: local(2027, 3, 28, 1, 30), end: new Date(local(2027, 3, 28, 1, 30).getTime() + 3_600_000) }))),
    );
    expect(icsInstant(night, "DTEND").getTime() - icsInstant(night, "DTSTART").getTime()).toBe(3_600_000);
    expect(icsInstant(night, "DTEND")).toEqual(local(2027, 3, 28, 3, 30));
    // And back to winter time in October: 10:00 CET is 09:00 UTC again.
    const autumn = icsEvent(readIcs(writeICalendar(event({ start: local(2027, 11, 2, 10), end: local(2027, 11, 2, 11) }))));
    expect(icsValue(autumn, "DTSTART")).toBe("20271102T090000Z");
  });

  it("a cancellation cancels the entry: METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE", () => {
    const calendar = readIcs(writeICalendar(event({ cancelled: true, sequence: 2 })));
    expect(icsValue(calendar, "METHOD")).toBe("CANCEL");
    const vevent = icsEvent(calendar);
    expect(icsValue(vevent, "STATUS")).toBe("CANCELLED");
    expect(icsValue(vevent, "UID")).toBe("01HXAPPOINTMENT@lotse");
    expect(icsValue(vevent, "SEQUENCE")).toBe("2");
  });

  it("names the map position (GEO) where the place has one, and leaves out an empty place", () => {
    const vevent = icsEvent(readIcs(writeICalendar(event({ geo: { latitude: 48.7012, longitude: 9.4187 }, location: "" }))));
    expect(icsGeo(vevent)).toEqual({ latitude: 48.7012, longitude: 9.4187 });
    expect(vevent.hasProperty("location")).toBe(false);
  });
});
