import { describe, expect, it } from "vitest";
import type { IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { replanAppointmentReminders } from "../../../../src/core/reminders/replan-appointment-reminders.ts";
import { attendancePromptDedupeKey, planAttendancePrompts } from "../../../../src/core/reminders/plan-attendance-prompts.ts";
import { morningAgendaDedupeKey, planMorningAgendas } from "../../../../src/core/reminders/plan-morning-agendas.ts";
import { planReviewDigests, weeklyDigestDueAt } from "../../../../src/core/reminders/plan-review-digests.ts";
import { planReviewNudges, reviewNudgeDedupeKey } from "../../../../src/core/reminders/plan-review-nudges.ts";
import { reminderSettingsKey } from "../../../../src/core/reminders/recipient-zone.ts";
import { defaultReminderSettings } from "../../../../src/core/reminders/settings.ts";
import type { Manager } from "../../../../src/core/setup/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { outbox, seedAppointment, seedClient, seedStaff, seedTenant } from "../../../support/seed-appointments.ts";

const berlin = "Europe/Berlin";
const since = new Date("2027-01-01T00:00:00Z");

async function linkChat(core: TestCore, manager: Manager): Promise<void> {
  await core.store.identities.upsert({
    id: `identity-${manager.id}`,
    channel: "telegram",
    externalId: `tg-${manager.id}`,
    conversationRef: null,
    managerId: manager.id,
    clientId: null,
    locale: "de",
    active: true,
    linkedAt: since,
    deactivatedAt: null,
  });
}

/** A tenant in `zone` with manager Eva (linked to a chat) and her client Amina. */
async function world(now: string, zone = berlin) {
  const core = testCore(now);
  const tenant = await seedTenant(core, "t1", zone);
  const eva = await seedStaff(core, tenant.id, "eva", "Eva Muster");
  await linkChat(core, eva);
  const amina = await seedClient(core, "amina", "Amina Haddad", { tenantId: tenant.id, managerId: eva.id });
  return { core, tenant, eva, amina };
}

const pendingOf = (core: TestCore, prefix: string) => outbox(core).filter((m) => m.dedupeKey.startsWith(prefix) && m.status === "pending");

async function seedPlan(core: TestCore, id: string, clientId: string, nextReviewAt: string): Promise<IntegrationPlan> {
  const plan: IntegrationPlan = {
    id,
    tenantId: "t1",
    clientId,
    householdId: null,
    version: 1,
    nextReviewAt: new Date(nextReviewAt),
    createdAt: since,
    updatedAt: since,
  };
  await core.store.plans.create(plan);
  return plan;
}

describe("morning agenda (07:30 in the manager's zone, or when their quiet hours end; only on days with something in it)", () => {
  it.each([
    ["spring forward", "2027-03-27T12:00:00Z", "2027-03-28T08:00:00Z", "2027-03-28", "2027-03-28T06:00:00.000Z", "10:00"], // 08:00 CEST
    ["fall back", "2027-10-30T12:00:00Z", "2027-10-31T09:00:00Z", "2027-10-31", "2027-10-31T07:00:00.000Z", "10:00"], // 08:00 CET
  ])("daylight saving (%s): due when the default quiet hours end (08:00 local) on the switch day", async (_label, now, startsAt, day, dueAt, firstTime) => {
    const { core, eva, amina } = await world(now);
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date(startsAt) });
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    const [agenda] = pendingOf(core, "mgr:eva:agenda:");
    expect(agenda).toMatchObject({
      dedupeKey: morningAgendaDedupeKey("eva", day),
      recipientKind: "manager",
      recipientId: "eva",
      clientId: null,
      messageKey: "manager_jobs.agenda.morning",
      params: {
        dayDate: day,
        appointments: 1,
        work: { key: "manager_jobs.agenda.work", params: { escalations: "0", messages: "0", reviews: "0", steps: "0", followUps: "0", joined: "0" } },
        firstTime,
        firstPlace: "Rathaus, Zimmer 3",
      },
    });
    expect(agenda?.dueAt.toISOString()).toBe(dueAt);
  });

  it("comes at 07:30 for a manager whose own quiet hours end earlier (/quiet), never inside them", async () => {
    const { core, eva, amina } = await world("2027-03-23T12:00:00Z");
    await core.store.managers.setWorkingTimes(eva.id, { quietHours: "20:00-07:00", workDays: null });
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-24T09:00:00Z") });
    await planMorningAgendas(core.deps);
    expect(pendingOf(core, "mgr:eva:agenda:").map((m) => m.dueAt.toISOString())).toEqual(["2027-03-24T06:30:00.000Z"]); // 07:30 CET
  });

  it("on a day off (Saturday, or a day not among the manager's working days) only when an appointment is booked", async () => {
    const { core, eva, amina } = await world("2027-03-26T12:00:00Z"); // Friday; Saturday next
    await core.store.escalations.create({
      id: "e1",
      tenantId: "t1",
      clientId: amina.id,
      managerId: eva.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: core.clock.now(),
      resolvedAt: null,
    });
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-27T09:00:00Z") });
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    // A manager who works Saturdays gets it for the open request alone.
    const { core: other, eva: eva2 } = await world("2027-03-26T12:00:00Z");
    await other.store.managers.setWorkingTimes(eva2.id, { quietHours: null, workDays: "2,3,4,5,6" });
    await other.store.escalations.create({
      id: "e1",
      tenantId: "t1",
      clientId: "amina",
      managerId: eva2.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: other.clock.now(),
      resolvedAt: null,
    });
    expect(await planMorningAgendas(other.deps)).toEqual({ planned: 1, cancelled: 0 });
  });

  it("records its read of the agenda as the system's, with the manager as subject: no person acted", async () => {
    const { core, eva, amina } = await world("2027-03-27T12:00:00Z");
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-28T08:00:00Z") });
    const audited = core.store.state.audit.length;
    await planMorningAgendas(core.deps);
    const entries = core.store.state.audit.slice(audited);
    expect(entries).toEqual([
      expect.objectContaining({
        actorKind: "system",
        actorId: "system",
        action: "agenda.read",
        subjectKind: "manager",
        subjectId: eva.id,
        clientId: amina.id,
        tenantId: "t1",
      }),
    ]);
    expect(entries.filter((e) => e.actorKind !== "system" || e.actorId === eva.id)).toEqual([]);
  });

  it("uses the manager's zone (a tenant in New York)", async () => {
    const { core, eva, amina } = await world("2027-01-19T20:00:00Z", "America/New_York"); // 15:00 EST
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-01-20T15:00:00Z") });
    await planMorningAgendas(core.deps);
    expect(pendingOf(core, "mgr:eva:agenda:").map((m) => [m.dedupeKey, m.dueAt.toISOString()])).toEqual([
      ["mgr:eva:agenda:2027-01-20", "2027-01-20T13:00:00.000Z"], // 08:00 EST, the end of the quiet hours
    ]);
  });

  it("plans nothing on an empty day, and a cancelled appointment does not count", async () => {
    const { core, eva, amina } = await world("2027-03-27T12:00:00Z");
    await seedAppointment(core, {
      id: "a1",
      tenantId: "t1",
      managerId: eva.id,
      clientIds: [amina.id],
      startsAt: new Date("2027-03-28T08:00:00Z"),
      status: "cancelled",
    });
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    expect(outbox(core)).toEqual([]);
  });

  it("is idempotent, refreshes the counts, and cancels the agenda when the day empties", async () => {
    const { core, eva, amina } = await world("2027-03-27T12:00:00Z");
    const appointment = await seedAppointment(core, {
      id: "a1",
      tenantId: "t1",
      managerId: eva.id,
      clientIds: [amina.id],
      startsAt: new Date("2027-03-28T08:00:00Z"),
    });
    await planMorningAgendas(core.deps);
    await planMorningAgendas(core.deps);
    expect(outbox(core)).toHaveLength(1);
    await seedAppointment(core, { id: "a2", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-28T07:00:00Z") });
    core.clock.advance(3_600_000); // hours before 07:30: the planned agenda is not read again (each read is audited)
    const audited = core.store.state.audit.length;
    await planMorningAgendas(core.deps);
    expect(outbox(core)[0]?.params).toMatchObject({ appointments: 1 });
    expect(core.store.state.audit.length).toBe(audited);
    core.clock.set("2027-03-28T04:05:00Z"); // 06:05 CEST: refreshed
    await planMorningAgendas(core.deps);
    expect(outbox(core)).toHaveLength(1);
    expect(outbox(core)[0]?.params).toMatchObject({ appointments: 2, firstTime: "09:00" });
    expect(outbox(core)[0]?.dueAt.toISOString()).toBe("2027-03-28T06:00:00.000Z");
    await core.store.appointments.update({ ...appointment, status: "cancelled" });
    await core.store.appointments.update({ ...appointment, id: "a2", startsAt: new Date("2027-03-29T07:00:00Z") });
    expect(await planMorningAgendas(core.deps)).toEqual({ planned: 0, cancelled: 1 });
    expect(outbox(core).map((m) => m.status)).toEqual(["cancelled"]);
  });

  it("skips staff without a chat account and inactive staff", async () => {
    const { core, tenant, amina } = await world("2027-03-27T12:00:00Z");
    const jonas = await seedStaff(core, tenant.id, "jonas", "Jonas Kern");
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: jonas.id, clientIds: [amina.id], startsAt: new Date("2027-03-28T08:00:00Z") });
    await planMorningAgendas(core.deps);
    expect(outbox(core)).toEqual([]);
  });
});

describe("plan-review nudge (08:00 on the due day)", () => {
  it.each([
    ["spring forward", "2027-03-27T12:00:00Z", "2027-03-28T10:00:00Z", "2027-03-28T06:00:00.000Z"], // 08:00 CEST
    ["fall back", "2027-10-30T12:00:00Z", "2027-10-31T10:00:00Z", "2027-10-31T07:00:00.000Z"], // 08:00 CET
  ])("daylight saving (%s)", async (_label, now, nextReviewAt, dueAt) => {
    const { core, amina } = await world(now);
    await seedPlan(core, "p1", amina.id, nextReviewAt);
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    const [nudge] = outbox(core);
    expect(nudge).toMatchObject({
      dedupeKey: reviewNudgeDedupeKey("eva", "p1", new Date(nextReviewAt)),
      recipientId: "eva",
      messageKey: "manager_jobs.review.nudge",
      params: { name: "Amina Haddad", reviewDate: nextReviewAt.slice(0, 10) },
    });
    expect(nudge?.dueAt.toISOString()).toBe(dueAt);
    expect(nudge?.actions.map((a) => a.labelKey)).toEqual(["manager.review.begin_button", "manager.review.appointment_button", "manager.review.snooze_button"]);
  });

  it("waits until the day is less than 24 hours away, and plans once", async () => {
    const { core, amina } = await world("2027-03-25T12:00:00Z");
    await seedPlan(core, "p1", amina.id, "2027-03-28T10:00:00Z");
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    core.clock.set("2027-03-27T06:00:01Z");
    await planReviewNudges(core.deps);
    await planReviewNudges(core.deps);
    expect(outbox(core)).toHaveLength(1);
  });

  it("moves out of quiet hours that end later than 08:00 (tenant setting)", async () => {
    const { core, amina } = await world("2027-03-27T12:00:00Z");
    await core.store.settings.set(reminderSettingsKey("t1"), JSON.stringify({ quietHours: { start: "21:00", end: "08:30" } }));
    await seedPlan(core, "p1", amina.id, "2027-03-28T10:00:00Z");
    await planReviewNudges(core.deps);
    expect(outbox(core)[0]?.dueAt.toISOString()).toBe("2027-03-28T06:30:00.000Z"); // 08:30 CEST
  });

  it("a sweep after 08:00 leaves a nudge the dispatcher has not sent yet as it is", async () => {
    const { core, amina } = await world("2027-03-27T12:00:00Z");
    await seedPlan(core, "p1", amina.id, "2027-03-28T10:00:00Z");
    await planReviewNudges(core.deps);
    core.clock.set("2027-03-28T06:10:00Z"); // 08:10 CEST, the nudge due at 08:00 still pending
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    expect(outbox(core).map((m) => [m.status, m.dueAt.toISOString()])).toEqual([["pending", "2027-03-28T06:00:00.000Z"]]);
  });

  it("nudges again every week at 08:00 while the review is overdue, saying so; a review done ends it", async () => {
    const { core, amina } = await world("2027-03-29T12:00:00Z");
    const plan = await seedPlan(core, "p1", amina.id, "2027-03-28T10:00:00Z");
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    core.clock.set("2027-04-03T08:00:00Z"); // Saturday 10:00: the next nudge, Sunday 08:00, is less than a day away
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    const [first] = pendingOf(core, "mgr:eva:review:");
    expect(first).toMatchObject({
      dedupeKey: reviewNudgeDedupeKey("eva", "p1", plan.nextReviewAt ?? new Date(0), 1),
      messageKey: "manager_jobs.review.overdue",
      params: { name: "Amina Haddad", reviewDate: "2027-03-28" },
    });
    expect(first?.dueAt.toISOString()).toBe("2027-04-04T06:00:00.000Z");
    core.clock.set("2027-04-10T07:00:00Z");
    await planReviewNudges(core.deps);
    expect(pendingOf(core, "mgr:eva:review:").map((m) => m.dueAt.toISOString())).toEqual(["2027-04-04T06:00:00.000Z", "2027-04-11T06:00:00.000Z"]);
    await core.store.plans.bumpVersion(plan.id, 1, new Date("2027-10-10T21:59:59.999Z"), core.clock.now());
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 0, cancelled: 2 });
  });

  it("cancels the pending nudge when the review date moved", async () => {
    const { core, amina } = await world("2027-03-27T12:00:00Z");
    const plan = await seedPlan(core, "p1", amina.id, "2027-03-28T10:00:00Z");
    await planReviewNudges(core.deps);
    await core.store.plans.setNextReviewAt(plan.id, new Date("2027-09-28T10:00:00Z"), core.clock.now());
    expect(await planReviewNudges(core.deps)).toEqual({ planned: 0, cancelled: 1 });
    expect(outbox(core).map((m) => m.status)).toEqual(["cancelled"]);
  });
});

describe("weekly digest of overdue reviews to supervisors (Monday 08:00)", () => {
  it("finds the next Monday 08:00 across a daylight-saving change", () => {
    expect(weeklyDigestDueAt(new Date("2027-03-27T12:00:00Z"), berlin, defaultReminderSettings).toISOString()).toBe("2027-03-29T06:00:00.000Z");
    expect(weeklyDigestDueAt(new Date("2027-10-31T12:00:00Z"), berlin, defaultReminderSettings).toISOString()).toBe("2027-11-01T07:00:00.000Z");
    expect(weeklyDigestDueAt(new Date("2027-11-01T07:00:00Z"), berlin, defaultReminderSettings).toISOString()).toBe("2027-11-08T07:00:00.000Z");
  });

  it("tells supervisors only, with counts, not names; nothing when nothing is overdue", async () => {
    const { core, tenant, amina } = await world("2027-03-28T12:00:00Z"); // Sunday, 14:00 CEST
    const sara = await seedStaff(core, tenant.id, "sara", "Sara Aufsicht", "supervisor");
    await linkChat(core, sara);
    expect(await planReviewDigests(core.deps)).toEqual({ planned: 0, cancelled: 0 });
    await seedPlan(core, "p1", amina.id, "2027-03-01T09:00:00Z");
    await seedPlan(core, "p2", (await seedClient(core, "omar", "Omar Demir", { tenantId: "t1", managerId: "eva" })).id, "2027-03-20T09:00:00Z");
    await planReviewDigests(core.deps);
    await planReviewDigests(core.deps);
    const digests = outbox(core).filter((m) => m.messageKey === "manager_jobs.review.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({
      recipientId: "sara",
      dedupeKey: "mgr:sara:review-digest:2027-03-29",
      params: { overdue: 2, oldestDate: "2027-03-01" },
      dueAt: new Date("2027-03-29T06:00:00Z"),
    });
    expect(JSON.stringify(digests[0]?.params)).not.toContain("Amina");
  });

  it("does not plan before the 24 hours ahead of Monday 08:00", async () => {
    const { core, tenant, amina } = await world("2027-03-27T12:00:00Z"); // Saturday
    await linkChat(core, await seedStaff(core, tenant.id, "sara", "Sara Aufsicht", "supervisor"));
    await seedPlan(core, "p1", amina.id, "2027-03-01T09:00:00Z");
    expect(await planReviewDigests(core.deps)).toEqual({ planned: 0, cancelled: 0 });
  });
});

describe("attendance prompt to the manager after the appointment's end", () => {
  it("comes at the end, with attended / missed buttons and when, where and with whom only", async () => {
    const { core, eva, amina } = await world("2027-03-28T06:00:00Z");
    const appointment = await seedAppointment(core, {
      id: "a1",
      tenantId: "t1",
      managerId: eva.id,
      clientIds: [amina.id],
      startsAt: new Date("2027-03-28T08:00:00Z"),
    });
    expect(await planAttendancePrompts(core.deps)).toEqual({ planned: 1, cancelled: 0 });
    const [prompt] = outbox(core);
    expect(prompt).toMatchObject({
      dedupeKey: attendancePromptDedupeKey(appointment, new Date("2027-03-28T09:00:00Z")),
      recipientKind: "manager",
      recipientId: "eva",
      messageKey: "manager_jobs.attendance.prompt",
      params: { clientName: "Amina Haddad", startsAt: "2027-03-28T08:00:00.000Z", place: "Rathaus, Zimmer 3" },
      dueAt: new Date("2027-03-28T09:00:00Z"),
    });
    expect(prompt?.actions.map((a) => a.labelKey)).toEqual(["manager_jobs.attendance.attended_button", "manager_jobs.attendance.missed_button"]);
    await planAttendancePrompts(core.deps);
    expect(outbox(core)).toHaveLength(1);
  });

  it.each([
    ["ending 20:59 goes out at 20:59", "2027-03-29T17:59:00Z", "2027-03-29T18:59:00.000Z"],
    ["ending 21:00 waits for 08:00", "2027-03-29T18:00:00Z", "2027-03-30T06:00:00.000Z"],
    ["ending 07:59 waits for 08:00", "2027-03-29T04:59:00Z", "2027-03-29T06:00:00.000Z"],
    ["ending 08:00 goes out at 08:00", "2027-03-29T05:00:00Z", "2027-03-29T06:00:00.000Z"],
  ])("quiet hours: %s", async (_label, startsAt, dueAt) => {
    const { core, eva, amina } = await world(startsAt); // planned while it runs
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date(startsAt) });
    await planAttendancePrompts(core.deps);
    expect(outbox(core).map((m) => m.dueAt.toISOString())).toEqual([dueAt]);
  });

  it("is replaced when the appointment moves and removed when it is cancelled or marked", async () => {
    const { core, eva, amina } = await world("2027-03-28T06:00:00Z");
    const appointment = await seedAppointment(core, {
      id: "a1",
      tenantId: "t1",
      managerId: eva.id,
      clientIds: [amina.id],
      startsAt: new Date("2027-03-28T08:00:00Z"),
    });
    await planAttendancePrompts(core.deps);
    const moved = { ...appointment, startsAt: new Date("2027-03-28T12:00:00Z") };
    await core.store.appointments.update(moved);
    await replanAppointmentReminders(core.deps, core.store, moved.id);
    await planAttendancePrompts(core.deps);
    expect(pendingOf(core, "appt:a1:remind:attendance:").map((m) => m.dueAt.toISOString())).toEqual(["2027-03-28T13:00:00.000Z"]);
    await core.store.appointments.update({ ...moved, status: "cancelled" });
    await replanAppointmentReminders(core.deps, core.store, moved.id);
    await planAttendancePrompts(core.deps);
    expect(pendingOf(core, "appt:a1:remind:attendance:")).toEqual([]);

    await seedAppointment(core, { id: "a2", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-28T08:00:00Z") });
    await planAttendancePrompts(core.deps);
    const a2 = await core.store.appointments.get("a2");
    await core.store.appointments.update({ ...a2!, status: "attended" });
    expect(await planAttendancePrompts(core.deps)).toEqual({ planned: 0, cancelled: 1 });
    expect(pendingOf(core, "appt:a2:")).toEqual([]);
  });

  it("an appointment that ended while nothing ran is asked about at once; one a day old is not", async () => {
    const { core, eva, amina } = await world("2027-03-28T12:00:00Z");
    await seedAppointment(core, { id: "a1", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-28T08:00:00Z") });
    await seedAppointment(core, { id: "a2", tenantId: "t1", managerId: eva.id, clientIds: [amina.id], startsAt: new Date("2027-03-27T08:00:00Z") });
    await planAttendancePrompts(core.deps);
    expect(outbox(core).map((m) => [m.dedupeKey.split(":")[1], m.dueAt.toISOString()])).toEqual([["a1", "2027-03-28T12:00:00.000Z"]]);
  });
});
