import { describe, expect, it } from "vitest";
import { escalationDueAt, morningAgendaDueAt, reviewNudgeDueAt, stepCheckInDueAt } from "../../../../src/core/reminders/manager-times.ts";
import { defaultQuietHours, isInQuietHours, moveOutOfQuietHours, nextLocalTime } from "../../../../src/core/reminders/quiet-hours.ts";

const berlin = "Europe/Berlin";
const at = (iso: string) => new Date(iso);

describe("quiet hours (21:00-08:00 local)", () => {
  it.each([
    // [instant (UTC), inside?]; Berlin is UTC+1 in winter
    ["2027-01-15T19:59:59Z", false], // 20:59:59
    ["2027-01-15T20:00:00Z", true], // 21:00
    ["2027-01-15T23:30:00Z", true], // 00:30
    ["2027-01-16T06:59:00Z", true], // 07:59
    ["2027-01-16T07:00:00Z", false], // 08:00
  ])("%s inside: %s", (iso, inside) => {
    expect(isInQuietHours(at(iso), berlin, defaultQuietHours)).toBe(inside);
  });

  it("moves a reminder at both edges to the last allowed minute before (20:59)", () => {
    const earlier = (iso: string) => moveOutOfQuietHours(at(iso), berlin, defaultQuietHours, "earlier").toISOString();
    expect(earlier("2027-01-15T19:59:00Z")).toBe("2027-01-15T19:59:00.000Z"); // 20:59 stays
    expect(earlier("2027-01-15T20:00:00Z")).toBe("2027-01-15T19:59:00.000Z"); // 21:00 -> 20:59
    expect(earlier("2027-01-16T06:59:00Z")).toBe("2027-01-15T19:59:00.000Z"); // 07:59 -> 20:59 the evening before
    expect(earlier("2027-01-16T07:00:00Z")).toBe("2027-01-16T07:00:00.000Z"); // 08:00 stays
  });

  it("lets an escalation to a manager wait for 08:00, at both edges", () => {
    const due = (iso: string) => escalationDueAt(at(iso), berlin).toISOString();
    expect(due("2027-01-15T19:59:00Z")).toBe("2027-01-15T19:59:00.000Z"); // 20:59: at once
    expect(due("2027-01-15T20:00:00Z")).toBe("2027-01-16T07:00:00.000Z"); // 21:00 -> 08:00 next morning
    expect(due("2027-01-16T06:59:00Z")).toBe("2027-01-16T07:00:00.000Z"); // 07:59 -> 08:00 the same morning
    expect(due("2027-01-16T07:00:00Z")).toBe("2027-01-16T07:00:00.000Z"); // 08:00: at once
  });

  it("handles quiet hours that do not span midnight", () => {
    const quiet = { start: "12:00", end: "14:00" } as const;
    expect(moveOutOfQuietHours(at("2027-01-15T12:30:00Z"), "UTC", quiet, "earlier").toISOString()).toBe("2027-01-15T11:59:00.000Z");
    expect(moveOutOfQuietHours(at("2027-01-15T12:30:00Z"), "UTC", quiet, "later").toISOString()).toBe("2027-01-15T14:00:00.000Z");
    expect(isInQuietHours(at("2027-01-15T14:00:00Z"), "UTC", quiet)).toBe(false);
  });

  it("keeps the local edges on both daylight-saving days", () => {
    // 2027-03-28: 02:00 CET -> 03:00 CEST. 07:59 CEST (05:59Z) moves to 20:59 CET the evening before (19:59Z).
    expect(moveOutOfQuietHours(at("2027-03-28T05:59:00Z"), berlin, defaultQuietHours, "earlier").toISOString()).toBe("2027-03-27T19:59:00.000Z");
    expect(escalationDueAt(at("2027-03-27T22:00:00Z"), berlin).toISOString()).toBe("2027-03-28T06:00:00.000Z"); // 08:00 CEST
    // 2027-10-31: 03:00 CEST -> 02:00 CET. 02:30 (either one) moves to 20:59 CEST on the 30th, or on to 08:00 CET.
    expect(moveOutOfQuietHours(at("2027-10-31T00:30:00Z"), berlin, defaultQuietHours, "earlier").toISOString()).toBe("2027-10-30T18:59:00.000Z");
    expect(moveOutOfQuietHours(at("2027-10-31T01:30:00Z"), berlin, defaultQuietHours, "earlier").toISOString()).toBe("2027-10-30T18:59:00.000Z");
    expect(escalationDueAt(at("2027-10-31T01:30:00Z"), berlin).toISOString()).toBe("2027-10-31T07:00:00.000Z"); // 08:00 CET
  });
});

describe("manager and step times", () => {
  it("finds the next 07:30 for the morning agenda, across the DST switch", () => {
    expect(nextLocalTime(at("2027-03-27T06:30:00Z"), berlin, "07:30").toISOString()).toBe("2027-03-27T06:30:00.000Z"); // exactly 07:30 CET
    expect(morningAgendaDueAt(at("2027-03-27T06:30:01Z"), berlin).toISOString()).toBe("2027-03-28T05:30:00.000Z"); // 07:30 CEST
    expect(morningAgendaDueAt(at("2027-10-30T12:00:00Z"), berlin).toISOString()).toBe("2027-10-31T06:30:00.000Z"); // 07:30 CET
    expect(morningAgendaDueAt(at("2027-01-15T12:00:00Z"), "Asia/Kabul").toISOString()).toBe("2027-01-16T03:00:00.000Z"); // UTC+4:30
  });

  it("nudges about a plan review at 08:00 on the due day", () => {
    expect(reviewNudgeDueAt({ year: 2027, month: 3, day: 28 }, berlin).toISOString()).toBe("2027-03-28T06:00:00.000Z");
    expect(reviewNudgeDueAt({ year: 2027, month: 10, day: 31 }, berlin).toISOString()).toBe("2027-10-31T07:00:00.000Z");
  });

  it("asks about a step every cadence days at 10:00 local, also across DST, and out of quiet hours", () => {
    const from = at("2027-03-21T20:30:00Z"); // 21:30 CET on the 21st
    expect(stepCheckInDueAt(from, 7, 1, berlin).toISOString()).toBe("2027-03-28T08:00:00.000Z"); // 10:00 CEST
    expect(stepCheckInDueAt(from, 7, 2, berlin).toISOString()).toBe("2027-04-04T08:00:00.000Z");
    expect(stepCheckInDueAt(at("2027-10-24T08:00:00Z"), 7, 1, berlin).toISOString()).toBe("2027-10-31T09:00:00.000Z"); // 10:00 CET
    const lateQuiet = { checkInAt: "10:00", quietHours: { start: "21:00", end: "11:00" } } as const;
    expect(stepCheckInDueAt(from, 7, 1, berlin, lateQuiet).toISOString()).toBe("2027-03-28T09:00:00.000Z"); // 11:00 CEST
  });
});
