import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../src/core/errors.ts";
import { addLocalDays, isValidLocalDate, isoWeekday, localParts, zonedLocalToUtc, zoneOffsetMinutes } from "../../../../src/core/shared/zoned-time.ts";

const berlin = "Europe/Berlin";
const kabul = "Asia/Kabul";

function wall(text: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`bad wall time ${text}`);
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return { year, month, day, hour, minute };
}

describe("zonedLocalToUtc", () => {
  it.each([
    ["winter time in Berlin", "2027-01-15 09:00", berlin, "2027-01-15T08:00:00.000Z"],
    ["summer time in Berlin", "2027-07-01 09:00", berlin, "2027-07-01T07:00:00.000Z"],
    ["just before the spring change", "2027-03-28 01:59", berlin, "2027-03-28T00:59:00.000Z"],
    ["the first minute of summer time", "2027-03-28 03:00", berlin, "2027-03-28T01:00:00.000Z"],
    ["later on the spring change day", "2027-03-28 10:00", berlin, "2027-03-28T08:00:00.000Z"],
    ["just before the autumn change", "2027-10-31 01:59", berlin, "2027-10-30T23:59:00.000Z"],
    ["the first hour after the autumn change", "2027-10-31 03:00", berlin, "2027-10-31T02:00:00.000Z"],
    ["later on the autumn change day", "2027-10-31 10:00", berlin, "2027-10-31T09:00:00.000Z"],
    ["a client in Kabul (+04:30)", "2027-03-28 10:00", kabul, "2027-03-28T05:30:00.000Z"],
    ["Kabul in summer, no daylight saving", "2027-07-01 09:15", kabul, "2027-07-01T04:45:00.000Z"],
    ["UTC", "2027-12-31 23:59", "UTC", "2027-12-31T23:59:00.000Z"],
  ])("converts %s", (_label, local, zone, expected) => {
    expect(zonedLocalToUtc(wall(local), zone).toISOString()).toBe(expected);
  });

  it("moves a time in the spring gap forward by the gap (02:30 becomes 03:30 summer time)", () => {
    const instant = zonedLocalToUtc(wall("2027-03-28 02:30"), berlin);
    expect(instant.toISOString()).toBe("2027-03-28T01:30:00.000Z");
    expect(localParts(instant, berlin)).toMatchObject({ hour: 3, minute: 30 });
  });

  it("moves a time in another zone's spring gap forward too (New York, 2027-03-14)", () => {
    expect(zonedLocalToUtc(wall("2027-03-14 02:30"), "America/New_York").toISOString()).toBe("2027-03-14T07:30:00.000Z");
  });

  it("takes the first, summer-time instant for a time that happens twice in autumn", () => {
    expect(zonedLocalToUtc(wall("2027-10-31 02:30"), berlin).toISOString()).toBe("2027-10-31T00:30:00.000Z");
    expect(zonedLocalToUtc(wall("2027-10-31 02:00"), berlin).toISOString()).toBe("2027-10-31T00:00:00.000Z");
  });

  it("round-trips every quarter hour of both 2027 change days in Berlin, except inside the gap", () => {
    for (const day of ["2027-03-28", "2027-10-31"]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const hour = Math.floor(minutes / 60);
        const parts = { ...wall(`${day} 00:00`), hour, minute: minutes % 60 };
        if (day === "2027-03-28" && hour === 2) continue;
        expect(localParts(zonedLocalToUtc(parts, berlin), berlin)).toMatchObject(parts);
      }
    }
  });

  it("accepts seconds", () => {
    expect(zonedLocalToUtc({ ...wall("2027-05-01 12:00"), second: 30 }, berlin).toISOString()).toBe("2027-05-01T10:00:30.000Z");
  });

  it.each([
    ["31 April", { ...wall("2027-04-01 10:00"), day: 31 }],
    ["29 February in a common year", { ...wall("2027-02-01 10:00"), day: 29 }],
    ["month 13", { ...wall("2027-01-01 10:00"), month: 13 }],
    ["hour 24", { ...wall("2027-01-01 10:00"), hour: 24 }],
    ["minute 60", { ...wall("2027-01-01 10:00"), minute: 60 }],
    ["a fractional hour", { ...wall("2027-01-01 10:00"), hour: 9.5 }],
  ])("refuses %s with a coded error", (_label, parts) => {
    expect(() => zonedLocalToUtc(parts, berlin)).toThrow(DomainError);
  });

  it("answers a wall time asked again the same (remembered per zone), with a fresh Date each time", () => {
    const first = zonedLocalToUtc(wall("2027-10-31 02:30"), berlin);
    const again = zonedLocalToUtc(wall("2027-10-31 02:30"), berlin);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    first.setTime(0);
    expect(zonedLocalToUtc(wall("2027-10-31 02:30"), berlin).toISOString()).toBe("2027-10-31T00:30:00.000Z");
    expect(zonedLocalToUtc(wall("2027-10-31 02:30"), kabul).toISOString()).toBe("2027-10-30T22:00:00.000Z");
    for (let day = 0; day < 1500; day += 1) zonedLocalToUtc({ ...addLocalDays({ year: 2027, month: 1, day: 1 }, day), hour: 0, minute: 0 }, berlin);
    expect(zonedLocalToUtc(wall("2027-03-28 02:30"), berlin).toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("refuses an unknown time zone with a coded error", () => {
    expect(() => zonedLocalToUtc(wall("2027-01-01 10:00"), "Europe/Atlantis")).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });
});

describe("localParts", () => {
  it("shows the wall clock on both sides of the spring change", () => {
    expect(localParts(new Date("2027-03-28T00:59:59Z"), berlin)).toEqual({
      year: 2027,
      month: 3,
      day: 28,
      hour: 1,
      minute: 59,
      second: 59,
      weekday: 7,
    });
    expect(localParts(new Date("2027-03-28T01:00:00Z"), berlin)).toMatchObject({ hour: 3, minute: 0 });
  });

  it("shows 02:30 twice on the autumn change day", () => {
    expect(localParts(new Date("2027-10-31T00:30:00Z"), berlin)).toMatchObject({ day: 31, hour: 2, minute: 30 });
    expect(localParts(new Date("2027-10-31T01:30:00Z"), berlin)).toMatchObject({ day: 31, hour: 2, minute: 30 });
  });

  it("shows the date in Kabul, which can differ from Berlin's", () => {
    const instant = new Date("2027-03-27T22:00:00Z");
    expect(localParts(instant, kabul)).toMatchObject({ year: 2027, month: 3, day: 28, hour: 2, minute: 30, weekday: 7 });
    expect(localParts(instant, berlin)).toMatchObject({ day: 27, hour: 23, minute: 0, weekday: 6 });
  });

  it("answers each instant of the same second alike and the next second anew, in each zone, with an object of its own", () => {
    const first = localParts(new Date("2027-03-28T00:59:59.100Z"), berlin);
    first.hour = 99;
    expect(localParts(new Date("2027-03-28T00:59:59.900Z"), berlin)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(localParts(new Date("2027-03-28T00:59:59.900Z"), kabul)).toMatchObject({ hour: 5, minute: 29, second: 59 });
    expect(localParts(new Date("2027-03-28T01:00:00.000Z"), berlin)).toMatchObject({ hour: 3, minute: 0, second: 0 });
  });

  it("shows midnight as hour 0", () => {
    expect(localParts(new Date("2027-01-14T23:00:00Z"), berlin)).toMatchObject({ day: 15, hour: 0, minute: 0 });
  });
});

describe("calendar helpers", () => {
  it("knows the offset of a zone at an instant", () => {
    expect(zoneOffsetMinutes(new Date("2027-01-15T12:00:00Z"), berlin)).toBe(60);
    expect(zoneOffsetMinutes(new Date("2027-07-15T12:00:00Z"), berlin)).toBe(120);
    expect(zoneOffsetMinutes(new Date("2027-07-15T12:00:00Z"), kabul)).toBe(270);
  });

  it("knows real calendar dates", () => {
    expect(isValidLocalDate(2028, 2, 29)).toBe(true);
    expect(isValidLocalDate(2027, 2, 29)).toBe(false);
    expect(isValidLocalDate(2027, 4, 31)).toBe(false);
    expect(isValidLocalDate(2027, 0, 1)).toBe(false);
  });

  it("adds days across month and year ends", () => {
    expect(addLocalDays({ year: 2027, month: 12, day: 30 }, 3)).toEqual({ year: 2028, month: 1, day: 2 });
    expect(addLocalDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it("gives ISO weekdays, Monday first", () => {
    expect(isoWeekday(2027, 3, 29)).toBe(1);
    expect(isoWeekday(2027, 3, 28)).toBe(7);
  });
});
