import { describe, expect, it } from "vitest";
import { chronoDatePhrases } from "../../../../src/app/date-phrases.ts";
import { readTypedValue } from "../../../../src/core/dialog/field-values.ts";
import type { FormField } from "../../../../src/core/dialog/form.ts";

const zone = "Europe/Berlin";
/** Wednesday 24 March 2027, 09:00 in Berlin. */
const now = new Date("2027-03-24T08:00:00Z");
const context = { now, zone, datePhrases: chronoDatePhrases, options: [], labelOf: () => "" };

const appointment: FormField = { name: "startsAt", type: "datetime", promptKey: "test.when" };
const deadline: FormField = { name: "dueAt", type: "datetime", promptKey: "test.due", dayAloneAt: "23:59" };
const startedOn: FormField = { name: "startedOn", type: "date", promptKey: "test.started" };

describe("readTypedValue: dates and times", () => {
  it("keeps the instant of a day and time", () => {
    expect(readTypedValue(appointment, "nächsten Dienstag um 9", context)).toEqual({ ok: true, value: "2027-03-30T07:00:00.000Z" });
  });

  it("names each reason a date or time is refused", () => {
    expect(readTypedValue(appointment, "irgendwann", context)).toEqual({ ok: false, errorKey: "dialog.error.datetime" });
    expect(readTypedValue(appointment, "31.02. 10 Uhr", context)).toEqual({ ok: false, errorKey: "dialog.error.no_such_date" });
    expect(readTypedValue(appointment, "heute 8 Uhr", context)).toEqual({
      ok: false,
      errorKey: "manager_time_picker.error.past",
      errorParams: { at: { t: "datetime", iso: "2027-03-24T07:00:00.000Z", zone } },
    });
    expect(readTypedValue(appointment, "gestern", context)).toMatchObject({ errorKey: "manager_time_picker.error.past", errorParams: { at: { t: "date" } } });
  });

  it("asks for the time when an appointment is given a day alone", () => {
    expect(readTypedValue(appointment, "18.12.", context)).toEqual({
      ok: false,
      errorKey: "manager_time_picker.error.time_missing",
      errorParams: { day: { t: "date", iso: "2027-12-17T23:00:00.000Z", zone } },
    });
  });

  it("takes a day alone for a deadline, at the time the field names", () => {
    expect(readTypedValue(deadline, "18.12.", context)).toEqual({ ok: true, value: "2027-12-18T22:59:00.000Z" });
    expect(readTypedValue(deadline, "in 2 Wochen", context)).toEqual({ ok: true, value: "2027-04-07T21:59:00.000Z" });
    expect(readTypedValue(deadline, "heute", context)).toEqual({ ok: true, value: "2027-03-24T22:59:00.000Z" });
    expect(readTypedValue(deadline, "18.12. 12 Uhr", context)).toEqual({ ok: true, value: "2027-12-18T11:00:00.000Z" });
  });

  it("refuses a day alone whose time on it has passed", () => {
    const followUp: FormField = { ...deadline, dayAloneAt: "08:00" };
    expect(readTypedValue(followUp, "heute", context)).toMatchObject({ ok: false, errorKey: "manager_time_picker.error.past" });
  });

  it("reads a date field as a calendar day, past or future", () => {
    expect(readTypedValue(startedOn, "1.3.", context)).toEqual({ ok: true, value: "2027-03-01" });
    expect(readTypedValue(startedOn, "gestern", context)).toEqual({ ok: true, value: "2027-03-23" });
    expect(readTypedValue(startedOn, "2027-03-01", context)).toEqual({ ok: true, value: "2027-03-01" });
    expect(readTypedValue(startedOn, "31.2.2027", context)).toEqual({ ok: false, errorKey: "dialog.error.no_such_date" });
    expect(readTypedValue(startedOn, "irgendwann", context)).toEqual({ ok: false, errorKey: "dialog.error.date" });
  });
});
