import { afterEach, describe, expect, it } from "vitest";
import { chronoDatePhrases } from "../../../src/app/date-phrases.ts";
import type { DatePhraseQuery } from "../../../src/core/ports/date-phrases.ts";
import { localParts } from "../../../src/core/shared/zoned-time.ts";

const berlin = "Europe/Berlin";

/** The moments the phrases are read at, named by their Berlin wall-clock time. */
const at = {
  /** Wednesday 24 March 2027, 09:00 (winter time; summer time starts on Sunday the 28th). */
  wed: new Date("2027-03-24T08:00:00Z"),
  /** Monday 29 March 2027, 10:00 (summer time since yesterday). */
  mon: new Date("2027-03-29T08:00:00Z"),
  /** Sunday 28 March 2027, 01:30 winter time: at 02:00 the clocks go forward to 03:00. */
  springNight: new Date("2027-03-28T00:30:00Z"),
  /** Saturday 30 October 2027, 10:00 summer time: winter time starts tomorrow. */
  autumnEve: new Date("2027-10-30T08:00:00Z"),
  /** Sunday 31 October 2027, 01:30 summer time: at 03:00 the clocks go back to 02:00. */
  autumnNight: new Date("2027-10-30T23:30:00Z"),
  /** Monday 13 December 2027, 10:00. */
  dec: new Date("2027-12-13T09:00:00Z"),
};
type Now = keyof typeof at;

const pad = (n: number) => String(n).padStart(2, "0");

/** "2027-03-30 09:00" (Berlin), "2027-12-18" for a day alone, "past …" for a moment gone, or the reason it was refused. */
function read(text: string, now: Now, expect: DatePhraseQuery["expect"] = "future"): string {
  const reading = chronoDatePhrases.read(text, { now: at[now], zone: berlin, expect });
  if (!reading.ok && reading.reason !== "past") return reading.reason;
  const local = localParts(reading.at, berlin);
  const day = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
  const shown = reading.timeGiven ? `${day} ${pad(local.hour)}:${pad(local.minute)}` : day;
  return reading.ok ? shown : `past ${shown}`;
}

/** The instant, to see the offset (+01:00 or +02:00) that was used. */
function instant(text: string, now: Now): string | null {
  const reading = chronoDatePhrases.read(text, { now: at[now], zone: berlin, expect: "future" });
  return reading.ok ? reading.at.toISOString() : null;
}

/** Phrases as managers type them, read for an appointment, a deadline or a follow-up (`expect: "future"`). */
const phrases: [text: string, now: Now, expected: string][] = [
  // Days relative to today, with a time.
  ["morgen 10", "wed", "2027-03-25 10:00"],
  ["Morgen um 10", "wed", "2027-03-25 10:00"],
  ["morgen um 14.30 Uhr", "wed", "2027-03-25 14:30"],
  ["10 Uhr morgen", "wed", "2027-03-25 10:00"],
  ["heute 14:30", "wed", "2027-03-24 14:30"],
  ["heute 14.30 Uhr", "wed", "2027-03-24 14:30"],
  ["heute um 16 Uhr", "wed", "2027-03-24 16:00"],
  ["übermorgen 9", "wed", "2027-03-26 09:00"],
  ["uebermorgen 9", "wed", "2027-03-26 09:00"],
  ["Übermorgen 9 Uhr", "wed", "2027-03-26 09:00"],
  ["tomorrow 10:15", "wed", "2027-03-25 10:15"],
  ["tomorrow at 10:15", "wed", "2027-03-25 10:15"],
  ["2pm tomorrow", "wed", "2027-03-25 14:00"],
  ["today 14h30", "wed", "2027-03-24 14:30"],
  ["the day after tomorrow at 9", "wed", "2027-03-26 09:00"],
  // Parts of the day.
  ["morgen früh", "wed", "2027-03-25 08:00"],
  ["morgen Vormittag", "wed", "2027-03-25 09:00"],
  ["morgen Mittag", "wed", "2027-03-25 12:00"],
  ["heute Nachmittag", "wed", "2027-03-24 15:00"],
  ["heute Abend", "wed", "2027-03-24 18:00"],
  ["morgen um 8 abends", "wed", "2027-03-25 20:00"],
  ["Dienstag früh", "wed", "2027-03-30 08:00"],
  ["tomorrow morning", "wed", "2027-03-25 08:00"],
  ["tomorrow afternoon", "wed", "2027-03-25 15:00"],
  ["friday at noon", "wed", "2027-03-26 12:00"],
  // Spans from now and days ahead.
  ["in 2 Stunden", "wed", "2027-03-24 11:00"],
  ["in einer halben Stunde", "wed", "2027-03-24 09:30"],
  ["in 1,5 Stunden", "wed", "2027-03-24 10:30"],
  ["in 45 Minuten", "wed", "2027-03-24 09:45"],
  ["in an hour", "wed", "2027-03-24 10:00"],
  ["in 3 Tagen um 10", "wed", "2027-03-27 10:00"],
  ["in 3 days at 10am", "wed", "2027-03-27 10:00"],
  ["in 2 Wochen", "wed", "2027-04-07"],
  ["in zwei Wochen", "wed", "2027-04-07"],
  ["in 2 weeks", "wed", "2027-04-07"],
  ["in 3 Wochen um 9", "wed", "2027-04-14 09:00"],
  ["in einem Monat", "wed", "2027-04-24"],
  ["übermorgen", "wed", "2027-03-26"],
  ["nächste Woche", "wed", "2027-03-31"],
  // Weekdays: the coming one, today while the time is ahead; "nächsten …" is never today.
  ["nächsten Dienstag um 9", "wed", "2027-03-30 09:00"],
  ["Mo 14:30", "wed", "2027-03-29 14:30"],
  ["nächsten Montag 9 Uhr", "wed", "2027-03-29 09:00"],
  ["Di., 14:30", "wed", "2027-03-30 14:30"],
  ["am Dienstag um 9 Uhr", "wed", "2027-03-30 09:00"],
  ["um 9 Uhr am Dienstag", "wed", "2027-03-30 09:00"],
  ["9 am Dienstag", "wed", "2027-03-30 09:00"],
  ["Dienstag um halb 10", "wed", "2027-03-30 09:30"],
  ["kommenden Freitag 10", "wed", "2027-03-26 10:00"],
  ["Fr 11", "wed", "2027-03-26 11:00"],
  ["tue 2pm", "wed", "2027-03-30 14:00"],
  ["Tuesday 2:30 p.m.", "wed", "2027-03-30 14:30"],
  ["next monday at 2:30pm", "wed", "2027-03-29 14:30"],
  ["Mi 10", "wed", "2027-03-24 10:00"],
  ["wednesday 9:30", "wed", "2027-03-24 09:30"],
  ["Mi 8", "wed", "2027-03-31 08:00"],
  ["nächsten Mittwoch 10", "wed", "2027-03-31 10:00"],
  ["Montag 11 Uhr", "mon", "2027-03-29 11:00"],
  ["Montag 9 Uhr", "mon", "2027-04-05 09:00"],
  ["nächsten Montag 11 Uhr", "mon", "2027-04-05 11:00"],
  ["Freitag nächste Woche 10", "wed", "2027-04-02 10:00"],
  ["nächste Woche Dienstag 10", "wed", "2027-03-30 10:00"],
  ["bis Freitag", "wed", "2027-03-26"],
  ["by friday", "wed", "2027-03-26"],
  ["Samstag", "wed", "2027-03-27"],
  // Times alone: today.
  ["9", "mon", "past 2027-03-29 09:00"],
  ["11", "mon", "2027-03-29 11:00"],
  ["9:30", "wed", "2027-03-24 09:30"],
  ["14 Uhr", "wed", "2027-03-24 14:00"],
  ["14.30", "wed", "2027-03-24 14:30"],
  ["2pm", "wed", "2027-03-24 14:00"],
  ["halb 3", "wed", "2027-03-24 14:30"],
  ["Viertel nach 9", "wed", "2027-03-24 09:15"],
  ["morgen dreiviertel 10", "wed", "2027-03-25 09:45"],
  ["tomorrow 12am", "wed", "2027-03-25 00:00"],
  ["tomorrow 11:45pm", "wed", "2027-03-25 23:45"],
  // Dates: without a year this year, or next year once the day has passed.
  ["24.12. 9 Uhr", "wed", "2027-12-24 09:00"],
  ["24.12 9 Uhr", "wed", "2027-12-24 09:00"],
  ["9 Uhr 24.12.", "wed", "2027-12-24 09:00"],
  ["24.12 14.30", "wed", "2027-12-24 14:30"],
  ["24.12.2027 09:00", "wed", "2027-12-24 09:00"],
  ["24.12.27 09:00", "wed", "2027-12-24 09:00"],
  ["Freitag, den 26.3., 10 Uhr", "wed", "2027-03-26 10:00"],
  ["Fr 24.12. 9", "wed", "2027-12-24 09:00"],
  ["2027-03-28T10:00", "wed", "2027-03-28 10:00"],
  ["24. Dezember 10 Uhr", "wed", "2027-12-24 10:00"],
  ["3. März 10 Uhr", "wed", "2028-03-03 10:00"],
  ["Dec 24 at 3pm", "wed", "2027-12-24 15:00"],
  ["24th of December", "wed", "2027-12-24"],
  ["18.12.", "dec", "2027-12-18"],
  ["18.12", "wed", "2027-03-24 18:12"],
  ["13.12. 11 Uhr", "dec", "2027-12-13 11:00"],
  ["5.1.", "dec", "2028-01-05"],
  ["10.12. 9 Uhr", "dec", "2028-12-10 09:00"],
  ["1.3. 9 Uhr", "wed", "2028-03-01 09:00"],
  ["29.02.", "wed", "2028-02-29"],
  // Days that do not exist are named as such, not rolled over into the next month.
  ["31.02. 10 Uhr", "wed", "no_such_date"],
  ["31.02.", "dec", "no_such_date"],
  ["30.2.2028", "wed", "no_such_date"],
  ["31.04.2027 10:00", "wed", "no_such_date"],
  ["31. April", "wed", "no_such_date"],
  ["2027-02-29", "wed", "no_such_date"],
  ["32.1.", "wed", "no_such_date"],
  // Moments already past are named with what was understood.
  ["heute 8", "wed", "past 2027-03-24 08:00"],
  ["heute 9", "wed", "past 2027-03-24 09:00"],
  ["8:59", "wed", "past 2027-03-24 08:59"],
  ["24.3. 8", "wed", "past 2027-03-24 08:00"],
  ["13.12. 9 Uhr", "dec", "past 2027-12-13 09:00"],
  ["24.12.2026 09:00", "wed", "past 2026-12-24 09:00"],
  ["gestern", "wed", "past 2027-03-23"],
  ["letzten Freitag 10", "wed", "past 2027-03-19 10:00"],
  // Parts of a month or year, as deadlines are set: this year's, or next year's once the day has passed.
  ["Ende März", "wed", "2027-03-31"],
  ["bis Ende Februar", "wed", "2028-02-29"],
  ["Anfang April", "wed", "2027-04-01"],
  ["Mitte Mai 2028", "wed", "2028-05-15"],
  ["end of June", "wed", "2027-06-30"],
  ["Ende des Monats", "wed", "2027-03-31"],
  ["Jahresende", "dec", "2027-12-31"],
  ["Ende März 10 Uhr", "wed", "2027-03-31 10:00"],
  // Not understood.
  ["", "wed", "not_understood"],
  ["Ende Mondschein", "wed", "not_understood"],
  ["bald", "wed", "not_understood"],
  ["irgendwann nächste Woche", "wed", "not_understood"],
  ["morgen 25", "wed", "not_understood"],
  ["heute 10:75", "wed", "not_understood"],
  ["morgen 13pm", "wed", "not_understood"],
  ["Di Mi 10", "wed", "not_understood"],
  ["Dienstag 24.12. 9", "wed", "not_understood"],
  ["morgen 10 11", "wed", "not_understood"],
  ["Termin morgen 10", "wed", "not_understood"],
  [`morgen 10 ${"x".repeat(80)}`, "wed", "not_understood"],
];

describe("chronoDatePhrases: phrases as people type them (Europe/Berlin)", () => {
  it("has a good number of them", () => {
    expect(phrases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(phrases)("%j (now: %s) → %s", (text, now, expected) => {
    expect(read(text, now)).toBe(expected);
  });
});

describe("chronoDatePhrases: the days the clocks change", () => {
  it.each([
    // Spring: Sunday 28 March 2027, 02:00 → 03:00.
    ["Sa 10", "wed", "2027-03-27T09:00:00.000Z"],
    ["So 10", "wed", "2027-03-28T08:00:00.000Z"],
    ["in 4 Tagen um 10", "wed", "2027-03-28T08:00:00.000Z"],
    ["Sonntag 2:30", "wed", "2027-03-28T01:30:00.000Z"],
    ["2027-03-28 02:30", "wed", "2027-03-28T01:30:00.000Z"],
    ["heute 10", "springNight", "2027-03-28T08:00:00.000Z"],
    ["in 1 Stunde", "springNight", "2027-03-28T01:30:00.000Z"],
    ["in 2 Stunden", "springNight", "2027-03-28T02:30:00.000Z"],
    // Autumn: Sunday 31 October 2027, 03:00 → 02:00; 02:30 happens twice and is read as the first.
    ["morgen 10", "autumnEve", "2027-10-31T09:00:00.000Z"],
    ["morgen 2:30", "autumnEve", "2027-10-31T00:30:00.000Z"],
    ["2027-10-31 10:00", "autumnEve", "2027-10-31T09:00:00.000Z"],
    ["in 24 Stunden", "autumnEve", "2027-10-31T08:00:00.000Z"],
    ["heute 12", "autumnNight", "2027-10-31T11:00:00.000Z"],
    ["heute 2:30", "autumnNight", "2027-10-31T00:30:00.000Z"],
    ["in 2 Stunden", "autumnNight", "2027-10-31T01:30:00.000Z"],
  ] as const)("%j (now: %s) is %s", (text, now, expected) => {
    expect(instant(text, now)).toBe(expected);
  });

  it("counts a span from now in real hours, while the wall clock jumps", () => {
    // 01:30 winter time + 1 hour = 03:30 summer time; + 2 hours on the autumn night = 02:30 winter time.
    expect(read("in 1 Stunde", "springNight")).toBe("2027-03-28 03:30");
    expect(read("in 2 Stunden", "autumnNight")).toBe("2027-10-31 02:30");
  });
});

describe("chronoDatePhrases: the server's own time zone does not matter", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(["Europe/Berlin", "America/New_York", "Asia/Kolkata"])("reads the same under TZ=%s", (zone) => {
    const sample = phrases.filter((_row, index) => index % 3 === 0);
    const expected = sample.map(([text, now]) => read(text, now));
    process.env.TZ = zone;
    expect(sample.map(([text, now]) => read(text, now))).toEqual(expected);
    expect(read("in 1 Stunde", "springNight")).toBe("2027-03-28 03:30");
    expect(read("morgen 2:30", "autumnEve")).toBe("2027-10-31 02:30");
  });
});

describe("chronoDatePhrases: a day that has been (expect: any)", () => {
  it.each([
    ["heute", "2027-03-24"],
    ["gestern", "2027-03-23"],
    ["1.3.2027", "2027-03-01"],
    ["01.03.27", "2027-03-01"],
    ["1.3.", "2027-03-01"],
    ["1.12.", "2027-12-01"],
    ["2027-03-01", "2027-03-01"],
    ["vor 2 Wochen", "2027-03-10"],
    ["letzten Montag", "2027-03-22"],
    ["31.2.2027", "no_such_date"],
    ["29.2.", "no_such_date"],
    ["irgendwann", "not_understood"],
  ])("%j → %s", (text, expected) => {
    expect(read(text, "wed", "any")).toBe(expected);
  });
});

describe("chronoDatePhrases: refuses", () => {
  it("an invalid reference time", () => {
    expect(chronoDatePhrases.read("morgen 10", { now: new Date(Number.NaN), zone: berlin, expect: "future" })).toEqual({ ok: false, reason: "not_understood" });
  });

  it("reads in the zone it is given (Kabul, +04:30)", () => {
    const kabul = (text: string) => chronoDatePhrases.read(text, { now: at.wed, zone: "Asia/Kabul", expect: "future" });
    expect(kabul("morgen 10")).toMatchObject({ ok: true, at: new Date("2027-03-25T05:30:00Z"), timeGiven: true });
    expect(kabul("heute 12")).toMatchObject({ ok: false, reason: "past" });
  });
});
