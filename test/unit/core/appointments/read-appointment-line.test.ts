import { describe, expect, it } from "vitest";
import { chronoDatePhrases } from "../../../../src/app/date-phrases.ts";
import { readAppointmentLine } from "../../../../src/core/appointments/read-appointment-line.ts";

// Monday 1 March 2027, 10:00 in Berlin.
const now = new Date("2027-03-01T09:00:00Z");
const read = (line: string) => readAppointmentLine(line, (phrase) => chronoDatePhrases.read(phrase, { now, zone: "Europe/Berlin", expect: "future" }));
const at = (line: string) => {
  const when = read(line).when;
  return when?.reading.ok ? when.reading.at.toISOString() : when?.reading;
};

describe("reading a one-line appointment", () => {
  it("reads whom, when, where and how long in the order people say it", () => {
    expect(read("Fatemeh morgen 10 Rathaus 45min")).toMatchObject({ clientQuery: "Fatemeh", place: "Rathaus", durationMin: 45, kind: null });
    expect(at("Fatemeh morgen 10 Rathaus 45min")).toBe("2027-03-02T09:00:00.000Z");
    expect(read("Amina Haddad nächsten Dienstag um 9 Jobcenter Begleitung")).toMatchObject({
      clientQuery: "Amina Haddad",
      place: "Jobcenter",
      kind: "authority_accompaniment",
      durationMin: null,
    });
    expect(at("Amina Haddad nächsten Dienstag um 9 Jobcenter Begleitung")).toBe("2027-03-02T08:00:00.000Z");
    expect(read("Yusuf 24.12. 14:30 Rathaus, Zimmer 3 1,5 Std")).toMatchObject({ clientQuery: "Yusuf", place: "Rathaus, Zimmer 3", durationMin: 90 });
    expect(at("Yusuf 24.12. 14:30 Rathaus, Zimmer 3 1,5 Std")).toBe("2027-12-24T13:30:00.000Z");
    expect(read("Omar tomorrow 2pm town hall 30 min")).toMatchObject({ clientQuery: "Omar", place: "town hall", durationMin: 30 });
  });

  it("never reads the hour as minutes, nor a span from now as the duration", () => {
    expect(read("Fatemeh morgen 10 Rathaus")).toMatchObject({ durationMin: null, place: "Rathaus" });
    expect(read("Fatemeh in 2 Stunden Büro Hausbesuch")).toMatchObject({ durationMin: null, place: "Büro", kind: "home_visit" });
    expect(at("Fatemeh in 2 Stunden Büro Hausbesuch")).toBe("2027-03-01T11:00:00.000Z");
  });

  it("keeps a kind word as the place when nothing else names the place", () => {
    expect(read("Fatemeh morgen 10 Büro")).toMatchObject({ place: "Büro", kind: null });
  });

  it("reads a call's kind word alone as the kind, never as the place", () => {
    expect(read("Fatemeh morgen 10 Telefonat")).toMatchObject({ place: null, kind: "phone" });
    expect(read("Omar tomorrow 2pm video")).toMatchObject({ place: null, kind: "video" });
  });

  it("names a day that is past or does not exist, and leaves out what is missing", () => {
    expect(read("Fatemeh 31.02. 10 Uhr Rathaus").when?.reading).toEqual({ ok: false, reason: "no_such_date" });
    // The rest of the line cannot be told apart from a date that does not exist: the form asks the day, then the place.
    expect(read("Fatemeh 31.02. 10 Uhr Rathaus")).toMatchObject({ clientQuery: "Fatemeh", place: null });
    expect(read("Fatemeh heute 8 Rathaus").when?.reading).toMatchObject({ ok: false, reason: "past" });
    expect(read("Fatemeh Ahmadi")).toEqual({ clientQuery: "Fatemeh Ahmadi", when: null, place: null, durationMin: null, kind: null });
    expect(read("Fatemeh übermorgen")).toMatchObject({ clientQuery: "Fatemeh", place: null });
    expect(read("Fatemeh übermorgen").when?.reading).toMatchObject({ ok: true, timeGiven: false, day: { year: 2027, month: 3, day: 3 } });
  });
});
