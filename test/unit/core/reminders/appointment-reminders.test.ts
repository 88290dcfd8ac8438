import { describe, expect, it } from "vitest";
import type { Appointment } from "../../../../src/core/appointments/model.ts";
import {
  planAppointmentReminders,
  reminderDedupeKey,
  reminderKeyPrefix,
  type RemindedAppointment,
} from "../../../../src/core/reminders/appointment-reminders.ts";
import { reminderSettingsKey } from "../../../../src/core/reminders/recipient-zone.ts";
import { replanAppointmentReminders } from "../../../../src/core/reminders/replan-appointment-reminders.ts";
import { defaultReminderSettings, type ReminderSettings } from "../../../../src/core/reminders/settings.ts";
import { localParts } from "../../../../src/core/shared/zoned-time.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedStaff, seedTenant } from "../../../support/seed-appointments.ts";

const berlin = "Europe/Berlin";
const kabul = "Asia/Kabul";
const at = (iso: string) => new Date(iso);
const hourMs = 3_600_000;

function appointment(startsAt: string, overrides: Partial<RemindedAppointment> = {}): RemindedAppointment {
  return { id: "a1", tenantId: "t1", startsAt: at(startsAt), durationMin: 60, place: "Rathaus, Zimmer 3", status: "scheduled", ...overrides };
}

function plan(
  startsAt: string,
  zones: Record<string, string> = { c1: berlin },
  now = "2027-01-01T00:00:00Z",
  settings: ReminderSettings = defaultReminderSettings,
) {
  const recipients = Object.entries(zones).map(([clientId, timezone]) => ({ clientId, timezone }));
  return planAppointmentReminders(appointment(startsAt), recipients, at(now), settings, { managerName: "Eva Muster" });
}

/** recipient → offset label → due instant (ISO) */
function table(planned: ReturnType<typeof plan>): Record<string, string> {
  return Object.fromEntries(planned.map((m) => [`${m.recipientId} ${m.dedupeKey.split(":")[3]}`, m.dueAt.toISOString()]));
}

describe("planAppointmentReminders", () => {
  it("plans 24 h and 2 h before, with when, where and with whom only", () => {
    const planned = plan("2027-01-20T09:00:00Z"); // 10:00 CET
    expect(table(planned)).toEqual({ "c1 24h": "2027-01-19T09:00:00.000Z", "c1 2h": "2027-01-20T07:00:00.000Z" });
    expect(planned[0]).toMatchObject({
      dedupeKey: reminderDedupeKey("a1", 1440, "c1", at("2027-01-20T09:00:00Z")),
      tenantId: "t1",
      recipientKind: "client",
      recipientId: "c1",
      clientId: "c1",
      messageKey: "client.appointment.reminder",
      params: { startsAt: "2027-01-20T09:00:00.000Z", durationMin: 60, place: "Rathaus, Zimmer 3", managerName: "Eva Muster" },
    });
    expect(planned[0]?.dedupeKey.startsWith(reminderKeyPrefix("a1"))).toBe(true);
    expect(planned[0]?.actions.map((a) => a.labelKey)).toEqual([
      "actions.appointment.confirm",
      "actions.appointment.cannot_come",
      "actions.appointment.other_time",
    ]);
  });

  it.each([
    // spring forward, 2027-03-28 02:00 CET -> 03:00 CEST
    ["10:00 on the switch day", "2027-03-28T08:00:00Z", { "c1 24h": "2027-03-27T09:00:00.000Z", "c1 2h": "2027-03-28T06:00:00.000Z" }],
    ["10:00 the day after", "2027-03-29T08:00:00Z", { "c1 24h": "2027-03-28T08:00:00.000Z", "c1 2h": "2027-03-29T06:00:00.000Z" }],
    ["09:30 on the switch day (2 h falls at 07:30)", "2027-03-28T07:30:00Z", { "c1 24h": "2027-03-27T08:30:00.000Z", "c1 2h": "2027-03-27T19:59:00.000Z" }],
    // fall back, 2027-10-31 03:00 CEST -> 02:00 CET
    ["10:00 on the switch day", "2027-10-31T09:00:00Z", { "c1 24h": "2027-10-30T08:00:00.000Z", "c1 2h": "2027-10-31T07:00:00.000Z" }],
    ["10:00 the day after", "2027-11-01T09:00:00Z", { "c1 24h": "2027-10-31T09:00:00.000Z", "c1 2h": "2027-11-01T07:00:00.000Z" }],
    ["09:30 on the switch day (2 h falls at 07:30)", "2027-10-31T08:30:00Z", { "c1 24h": "2027-10-30T07:30:00.000Z", "c1 2h": "2027-10-30T18:59:00.000Z" }],
  ])("daylight saving: %s (%s)", (_label, startsAt, expected) => {
    expect(table(plan(startsAt))).toEqual(expected);
  });

  it.each([
    ["2027-03-26T23:00:00Z", "2027-03-30T23:00:00Z"],
    ["2027-10-29T23:00:00Z", "2027-11-02T23:00:00Z"],
  ])("no reminder lost, doubled or shifted by an hour for every quarter hour from %s to %s", (from, to) => {
    for (let start = at(from).getTime(); start < at(to).getTime(); start += 15 * 60_000) {
      const startsAt = new Date(start);
      const planned = plan(startsAt.toISOString());
      const local = localParts(startsAt, berlin);
      const minutes = local.hour * 60 + local.minute;
      const byOffset = new Map(planned.map((m) => [m.dedupeKey.split(":")[3], m.dueAt]));
      expect(planned).toHaveLength(byOffset.size); // never doubled
      for (const dueAt of byOffset.values()) expect(dueAt.getTime()).toBeLessThan(start);
      const dayBefore = byOffset.get("24h");
      const twoHours = byOffset.get("2h");
      expect(dayBefore).toBeDefined(); // never lost
      expect(twoHours).toBeDefined();
      const dayBeforeLocal = localParts(dayBefore as Date, berlin);
      if (minutes >= 8 * 60 && minutes < 21 * 60) {
        // outside the quiet hours: the same wall-clock time the day before, exactly 2 h of real time before
        expect([dayBeforeLocal.hour, dayBeforeLocal.minute]).toEqual([local.hour, local.minute]);
        if (minutes >= 10 * 60 && minutes < 23 * 60) expect(start - (twoHours as Date).getTime()).toBe(2 * hourMs);
      } else {
        expect([dayBeforeLocal.hour, dayBeforeLocal.minute]).toEqual([20, 59]);
      }
    }
  });

  it("plans in each client's own zone (Kabul is UTC+4:30; Berlin's quiet hours do not apply there)", () => {
    // 07:00 in Berlin = 10:30 in Kabul
    expect(table(plan("2027-01-20T06:00:00Z", { berlin: berlin, kabul }))).toEqual({
      "berlin 24h": "2027-01-18T19:59:00.000Z", // 07:00 the day before is quiet: 20:59 two evenings before
      "berlin 2h": "2027-01-19T19:59:00.000Z", // 05:00 is quiet: 20:59 the evening before
      "kabul 24h": "2027-01-19T06:00:00.000Z", // 10:30 Kabul the day before
      "kabul 2h": "2027-01-20T04:00:00.000Z", // 08:30 Kabul
    });
    // 18:00 in Berlin = 21:30 in Kabul: now Kabul's evening is quiet
    expect(table(plan("2027-01-20T17:00:00Z", { kabul }))).toEqual({
      "kabul 24h": "2027-01-19T16:29:00.000Z", // 20:59 Kabul
      "kabul 2h": "2027-01-20T15:00:00.000Z", // 19:30 Kabul
    });
  });

  it("keeps one of two reminders that end up within 30 minutes of each other (the later)", () => {
    const settings = { ...defaultReminderSettings, appointmentOffsetsMin: [12 * 60, 2 * 60] };
    // 09:00: 12 h before is 21:00 -> 20:59; 2 h before is 07:00 -> 20:59: one reminder
    expect(table(plan("2027-01-20T08:00:00Z", { c1: berlin }, "2027-01-01T00:00:00Z", settings))).toEqual({ "c1 2h": "2027-01-19T19:59:00.000Z" });
    const close = { ...defaultReminderSettings, appointmentOffsetsMin: [60, 35] };
    expect(table(plan("2027-01-20T14:00:00Z", { c1: berlin }, "2027-01-01T00:00:00Z", close))).toEqual({ "c1 35m": "2027-01-20T13:25:00.000Z" });
    const apart = { ...defaultReminderSettings, appointmentOffsetsMin: [60, 25] };
    expect(Object.keys(table(plan("2027-01-20T14:00:00Z", { c1: berlin }, "2027-01-01T00:00:00Z", apart)))).toEqual(["c1 1h", "c1 25m"]);
  });

  it("never plans a reminder in the past or after the start", () => {
    // booked at 22:00 for 09:00 tomorrow: 24 h ago is gone, 2 h before (07:00) would move to 20:59 today, gone too
    expect(plan("2027-01-20T08:00:00Z", { c1: berlin }, "2027-01-19T21:00:00Z")).toEqual([]);
    // booked at 11:00 for 15:00 today: only the 2 h reminder
    expect(table(plan("2027-01-20T14:00:00Z", { c1: berlin }, "2027-01-20T10:00:00Z"))).toEqual({ "c1 2h": "2027-01-20T12:00:00.000Z" });
    // 23:00: 2 h before is 21:00 -> 20:59, still before the start
    expect(table(plan("2027-01-20T22:00:00Z", { c1: berlin }, "2027-01-20T10:00:00Z"))).toEqual({ "c1 2h": "2027-01-20T19:59:00.000Z" });
  });
});

describe("replanAppointmentReminders", () => {
  async function world() {
    const core = testCore("2027-01-10T09:00:00Z");
    await seedTenant(core, "t1");
    await seedStaff(core, "t1", "eva", "Eva Muster");
    await seedClient(core, "amina", "Amina Haddad", { tenantId: "t1", managerId: "eva" });
    await seedClient(core, "omar", "Omar Haddad", { tenantId: "t1", managerId: "eva", householdId: "household-amina", consent: false });
    const farida = await seedClient(core, "farida", "Farida Noori", { tenantId: "t1", managerId: "eva" });
    await core.store.clients.update({ ...farida, timezone: kabul });
    const appointment: Appointment = {
      id: "a1",
      tenantId: "t1",
      managerId: "eva",
      clientIds: ["amina", "farida", "omar"],
      startsAt: at("2027-01-20T09:00:00Z"),
      durationMin: 60,
      place: "Rathaus",
      kind: "counselling",
      interpreter: false,
      status: "scheduled",
      clientAnswer: null,
      coordinates: null,
      sequence: 0,
      createdAt: at("2027-01-10T09:00:00Z"),
      updatedAt: at("2027-01-10T09:00:00Z"),
    };
    await core.store.appointments.create(appointment);
    const rows = () =>
      [...core.store.state.outbox.values()].map((m) => ({ key: m.dedupeKey.split(":").slice(3, 5).join(" "), dueAt: m.dueAt.toISOString(), status: m.status }));
    return { core, appointment, rows };
  }

  it("plans for clients with messaging consent only, each in their zone", async () => {
    const { core, rows } = await world();
    await replanAppointmentReminders(core.deps, core.store, "a1");
    expect(rows()).toEqual([
      { key: "24h amina", dueAt: "2027-01-19T09:00:00.000Z", status: "pending" },
      { key: "2h amina", dueAt: "2027-01-20T07:00:00.000Z", status: "pending" },
      { key: "24h farida", dueAt: "2027-01-19T09:00:00.000Z", status: "pending" }, // 13:30 in Kabul
      { key: "2h farida", dueAt: "2027-01-20T07:00:00.000Z", status: "pending" }, // 11:30 in Kabul
    ]);
    expect(core.store.state.outbox.size).toBe(4);
    await replanAppointmentReminders(core.deps, core.store, "a1"); // idempotent: the same keys come back
    expect(rows().filter((r) => r.status === "pending")).toHaveLength(4);
    expect(core.store.state.outbox.size).toBe(4);
  });

  it("replaces the reminders when the appointment moves and removes them when it is cancelled", async () => {
    const { core, appointment, rows } = await world();
    await replanAppointmentReminders(core.deps, core.store, "a1");
    await core.store.appointments.update({ ...appointment, startsAt: at("2027-01-22T13:00:00Z") });
    await replanAppointmentReminders(core.deps, core.store, "a1");
    expect(
      rows()
        .filter((r) => r.status === "pending")
        .map((r) => [r.key, r.dueAt]),
    ).toEqual([
      ["24h amina", "2027-01-21T13:00:00.000Z"],
      ["2h amina", "2027-01-22T11:00:00.000Z"],
      ["24h farida", "2027-01-21T13:00:00.000Z"],
      ["2h farida", "2027-01-22T11:00:00.000Z"],
    ]);
    expect(rows().filter((r) => r.status === "cancelled")).toHaveLength(4);
    await core.store.appointments.update({ ...appointment, status: "cancelled" });
    expect(await replanAppointmentReminders(core.deps, core.store, "a1")).toEqual([]);
    expect(rows().filter((r) => r.status === "pending")).toEqual([]);
  });

  it("uses the tenant's reminder settings when set", async () => {
    const { core, rows } = await world();
    await core.store.settings.set(reminderSettingsKey("t1"), JSON.stringify({ appointmentOffsetsMin: [48 * 60] }));
    await replanAppointmentReminders(core.deps, core.store, "a1");
    expect(rows().map((r) => [r.key, r.dueAt])).toEqual([
      ["48h amina", "2027-01-18T09:00:00.000Z"],
      ["48h farida", "2027-01-18T09:00:00.000Z"],
    ]);
  });
});
