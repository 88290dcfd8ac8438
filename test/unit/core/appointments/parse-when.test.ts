import { describe, expect, it } from "vitest";
import { parseWhen } from "../../../../src/core/appointments/parse-when.ts";

/** Wednesday 24 March 2027, 09:00 in Berlin (winter time; summer time starts on Sunday the 28th). */
const wednesdayMorning = new Date("2027-03-24T08:00:00Z");

function when(text: string, reference = wednesdayMorning, zone = "Europe/Berlin"): string | null {
  return parseWhen(text, reference, zone)?.toISOString() ?? null;
}

describe("parseWhen: days relative to today", () => {
  it.each([
    ["morgen 10", "2027-03-25T09:00:00.000Z"],
    ["Morgen um 10", "2027-03-25T09:00:00.000Z"],
    ["tomorrow 10:15", "2027-03-25T09:15:00.000Z"],
    ["tomorrow at 10:15", "2027-03-25T09:15:00.000Z"],
    ["10 Uhr morgen", "2027-03-25T09:00:00.000Z"],
    ["2pm tomorrow", "2027-03-25T13:00:00.000Z"],
    ["heute 14:30", "2027-03-24T13:30:00.000Z"],
    ["heute 14.30 Uhr", "2027-03-24T13:30:00.000Z"],
    ["today 14h30", "2027-03-24T13:30:00.000Z"],
    ["übermorgen 9", "2027-03-26T08:00:00.000Z"],
    ["uebermorgen 9", "2027-03-26T08:00:00.000Z"],
    ["Übermorgen 9 Uhr", "2027-03-26T08:00:00.000Z"],
    ["day after tomorrow 9am", "2027-03-26T08:00:00.000Z"],
    ["in 3 Tagen 10 Uhr", "2027-03-27T09:00:00.000Z"],
    ["14:30", "2027-03-24T13:30:00.000Z"],
    ["14.30", "2027-03-24T13:30:00.000Z"],
  ])("reads %j", (text, expected) => {
    expect(when(text)).toBe(expected);
  });
});

describe("parseWhen: weekdays", () => {
  it.each([
    ["Di 14:30", "2027-03-30T12:30:00.000Z"],
    ["Di., 14:30", "2027-03-30T12:30:00.000Z"],
    ["Dienstag 9 Uhr", "2027-03-30T07:00:00.000Z"],
    ["am Dienstag um 9 Uhr", "2027-03-30T07:00:00.000Z"],
    ["tue 2pm", "2027-03-30T12:00:00.000Z"],
    ["Tuesday 2:30 p.m.", "2027-03-30T12:30:00.000Z"],
    ["Fr 11", "2027-03-26T10:00:00.000Z"],
    ["So 10", "2027-03-28T08:00:00.000Z"],
    ["Mo 8:00", "2027-03-29T06:00:00.000Z"],
  ])("reads %j as the next such day (summer time from Sunday on)", (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it("takes today's weekday while the time is still ahead", () => {
    expect(when("Mi 10")).toBe("2027-03-24T09:00:00.000Z");
    expect(when("wednesday 9:30")).toBe("2027-03-24T08:30:00.000Z");
  });

  it("takes next week's day when today's time has passed", () => {
    expect(when("Mi 8")).toBe("2027-03-31T06:00:00.000Z");
    expect(when("Mittwoch 9")).toBe("2027-03-31T07:00:00.000Z");
  });
});

describe("parseWhen: dates", () => {
  it.each([
    ["24.12. 9 Uhr", "2027-12-24T08:00:00.000Z"],
    ["24.12 9 Uhr", "2027-12-24T08:00:00.000Z"],
    ["24.12. um 9", "2027-12-24T08:00:00.000Z"],
    ["9 Uhr 24.12.", "2027-12-24T08:00:00.000Z"],
    ["24.12 14.30", "2027-12-24T13:30:00.000Z"],
    ["24.12.2027 09:00", "2027-12-24T08:00:00.000Z"],
    ["24.12.27 09:00", "2027-12-24T08:00:00.000Z"],
    ["2027-03-28 10:00", "2027-03-28T08:00:00.000Z"],
    ["2027-03-28T10:00", "2027-03-28T08:00:00.000Z"],
    ["2027-10-31 10:00", "2027-10-31T09:00:00.000Z"],
  ])("reads %j", (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it("takes a date without a year from next year once this year's day has passed", () => {
    expect(when("1.3. 9 Uhr")).toBe("2028-03-01T08:00:00.000Z");
    expect(when("29.02. 10")).toBe("2028-02-29T09:00:00.000Z");
  });

  it("takes a date without a year as today when it is today and the time is ahead", () => {
    expect(when("24.3. 10")).toBe("2027-03-24T09:00:00.000Z");
  });

  it("moves a time in the spring gap forward and takes summer time for an ambiguous autumn time", () => {
    expect(when("2027-03-28 02:30")).toBe("2027-03-28T01:30:00.000Z");
    expect(when("2027-10-31 02:30")).toBe("2027-10-31T00:30:00.000Z");
  });
});

describe("parseWhen: in hours and minutes", () => {
  it.each([
    ["in 2 Stunden", "2027-03-24T10:00:00.000Z"],
    ["in 2 hours", "2027-03-24T10:00:00.000Z"],
    ["in 2h", "2027-03-24T10:00:00.000Z"],
    ["in einer Stunde", "2027-03-24T09:00:00.000Z"],
    ["in an hour", "2027-03-24T09:00:00.000Z"],
    ["in 1,5 Stunden", "2027-03-24T09:30:00.000Z"],
    ["in 30 min", "2027-03-24T08:30:00.000Z"],
    ["in 45 Minuten", "2027-03-24T08:45:00.000Z"],
  ])("reads %j", (text, expected) => {
    expect(when(text)).toBe(expected);
  });

  it("drops the seconds of the reference time", () => {
    expect(when("in 2 Stunden", new Date("2027-03-24T08:00:42Z"))).toBe("2027-03-24T10:00:00.000Z");
  });

  it("counts real hours across the spring change", () => {
    expect(when("in 2 Stunden", new Date("2027-03-28T00:30:00Z"))).toBe("2027-03-28T02:30:00.000Z");
  });
});

describe("parseWhen: meridiem", () => {
  it.each([
    ["tomorrow 12am", "2027-03-24T23:00:00.000Z"],
    ["tomorrow 12pm", "2027-03-25T11:00:00.000Z"],
    ["tomorrow 9 am", "2027-03-25T08:00:00.000Z"],
    ["tomorrow 11:45pm", "2027-03-25T22:45:00.000Z"],
  ])("reads %j", (text, expected) => {
    expect(when(text)).toBe(expected);
  });
});

describe("parseWhen: local day and other zones", () => {
  it("counts tomorrow from the local date, not the UTC date", () => {
    const justAfterMidnightInBerlin = new Date("2027-03-24T23:30:00Z");
    expect(when("morgen 10", justAfterMidnightInBerlin)).toBe("2027-03-26T09:00:00.000Z");
    expect(when("heute 10", justAfterMidnightInBerlin)).toBe("2027-03-25T09:00:00.000Z");
  });

  it("reads a time in the client's zone (Kabul, +04:30)", () => {
    expect(when("morgen 10", wednesdayMorning, "Asia/Kabul")).toBe("2027-03-25T05:30:00.000Z");
    expect(when("heute 12", wednesdayMorning, "Asia/Kabul")).toBeNull();
    expect(when("heute 12", wednesdayMorning, "Europe/Berlin")).toBe("2027-03-24T11:00:00.000Z");
  });
});

describe("parseWhen: refuses", () => {
  it.each([
    ["an empty text", ""],
    ["blanks", "   "],
    ["a day without a time", "morgen"],
    ["a weekday without a time", "Dienstag"],
    ["a word it does not know", "bald"],
    ["a sentence", "irgendwann nächste Woche"],
    ["hour 25", "morgen 25"],
    ["minute 75", "heute 10:75"],
    ["13pm", "morgen 13pm"],
    ["31 February", "31.02. 10"],
    ["31 April with year", "31.04.2027 10:00"],
    ["two days", "Di Mi 10"],
    ["a weekday and a date", "Dienstag 24.12. 9"],
    ["two times", "morgen 10 11"],
    ["in zero minutes", "in 0 min"],
    ["in some unknown unit", "in 2 Wochen"],
    ["a very long text", `morgen 10 ${"x".repeat(200)}`],
  ])("%s", (_label, text) => {
    expect(when(text)).toBeNull();
  });

  it.each([
    ["earlier today", "heute 8"],
    ["exactly now", "heute 9"],
    ["earlier today as a plain time", "8:59"],
    ["a date whose time has passed today", "24.3. 8"],
    ["a date in an earlier year", "24.12.2026 09:00"],
    ["an ISO date in the past", "2027-03-01 10:00"],
  ])("a time in the past: %s", (_label, text) => {
    expect(when(text)).toBeNull();
  });

  it("refuses an invalid reference time", () => {
    expect(parseWhen("morgen 10", new Date(Number.NaN), "Europe/Berlin")).toBeNull();
  });
});
