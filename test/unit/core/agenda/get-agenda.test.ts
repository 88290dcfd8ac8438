import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { getAgenda, getAgendaDays } from "../../../../src/core/agenda/get-agenda.ts";
import type { IntegrationPlan } from "../../../../src/core/plans/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import {
  clientActor,
  expectDomainError,
  seedAppointment,
  seedClient,
  seedStaff,
  seedTenant,
  seedWorld,
  staffActor,
  type World,
} from "../../../support/seed-appointments.ts";

describe("getAgenda", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    // 00:30 on Sunday 28 March 2027 in Berlin: the clocks go forward from 02:00 to 03:00 this night.
    core = testCore("2027-03-27T23:30:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
  });

  const seed = (id: string, startsAt: string, overrides: { managerId?: string; status?: "cancelled"; clientIds?: string[] } = {}) =>
    seedAppointment(core, {
      id,
      tenantId: world.tenant.id,
      managerId: overrides.managerId ?? world.eva.id,
      clientIds: overrides.clientIds ?? [world.amina.id],
      startsAt: new Date(startsAt),
      ...(overrides.status ? { status: overrides.status } : {}),
    });

  const plan = (id: string, nextReviewAt: string, owner: { clientId?: string; householdId?: string }): IntegrationPlan => ({
    id,
    tenantId: world.tenant.id,
    clientId: owner.clientId ?? null,
    householdId: owner.householdId ?? null,
    version: 1,
    nextReviewAt: new Date(nextReviewAt),
    createdAt: new Date("2027-01-01T00:00:00Z"),
    updatedAt: new Date("2027-01-01T00:00:00Z"),
  });

  it("shows today's appointments in the tenant's local day across the switch to summer time (23 hours)", async () => {
    await seed("sat-late", "2027-03-27T22:30:00Z"); // Saturday 23:30 CET
    await seed("sun-midnight", "2027-03-27T23:00:00Z"); // Sunday 00:00 CET
    await seed("sun-late", "2027-03-28T21:30:00Z", { clientIds: [world.amina.id, world.omar.id] }); // Sunday 23:30 CEST
    await seed("sun-after-switch", "2027-03-28T01:30:00Z"); // Sunday 03:30 CEST
    await seed("mon-midnight", "2027-03-28T22:00:00Z"); // Monday 00:00 CEST
    await seed("sun-cancelled", "2027-03-28T08:00:00Z", { status: "cancelled" });
    await seed("sun-jonas", "2027-03-28T08:00:00Z", { managerId: world.jonas.id, clientIds: [world.yusuf.id] });

    const agenda = await getAgenda(core.deps, eva, {});
    expect(agenda).toMatchObject({
      date: { year: 2027, month: 3, day: 28 },
      timeZone: "Europe/Berlin",
      from: new Date("2027-03-27T23:00:00Z"),
      to: new Date("2027-03-28T22:00:00Z"),
    });
    expect(agenda.appointments.map((a) => a.appointmentId)).toEqual(["sun-midnight", "sun-after-switch", "sun-late"]);
    expect(agenda.appointments[2]).toMatchObject({
      startsAt: new Date("2027-03-28T21:30:00Z"),
      endsAt: new Date("2027-03-28T22:30:00Z"),
      place: "Rathaus, Zimmer 3",
      clients: [
        { id: world.amina.id, name: "Amina Haddad" },
        { id: world.omar.id, name: "Omar Haddad" },
      ],
    });
  });

  it("takes a named day: the Saturday before the switch has 24 hours", async () => {
    await seed("sat-late", "2027-03-27T22:30:00Z");
    const agenda = await getAgenda(core.deps, eva, { date: "2027-03-27" });
    expect([agenda.from, agenda.to]).toEqual([new Date("2027-03-26T23:00:00Z"), new Date("2027-03-27T23:00:00Z")]);
    expect(agenda.appointments.map((a) => a.appointmentId)).toEqual(["sat-late"]);
  });

  it("uses the tenant's own time zone", async () => {
    const tokyo = await seedTenant(core, "tokyo", "Asia/Tokyo");
    const kenji = await seedStaff(core, tokyo.id, "kenji", "Kenji");
    const client = await seedClient(core, "aiko", "Aiko", { tenantId: tokyo.id, managerId: kenji.id });
    await seedAppointment(core, {
      id: "tokyo-morning",
      tenantId: tokyo.id,
      managerId: kenji.id,
      clientIds: [client.id],
      startsAt: new Date("2027-03-27T23:30:00Z"),
    });
    const agenda = await getAgenda(core.deps, staffActor(kenji), {});
    expect(agenda).toMatchObject({ date: { year: 2027, month: 3, day: 28 }, from: new Date("2027-03-27T15:00:00Z"), to: new Date("2027-03-28T15:00:00Z") });
    expect(agenda.appointments.map((a) => a.appointmentId)).toEqual(["tokyo-morning"]);
  });

  it("lists the manager's open escalations with client names, and plan reviews due by the end of the day", async () => {
    await core.store.escalations.create({
      id: "esc-1",
      tenantId: world.tenant.id,
      clientId: world.amina.id,
      managerId: world.eva.id,
      kind: "cannot_come",
      subjectId: "appt-x",
      status: "open",
      createdAt: new Date("2027-03-26T10:00:00Z"),
      resolvedAt: null,
    });
    await core.store.escalations.create({
      id: "esc-2",
      tenantId: world.tenant.id,
      clientId: world.yusuf.id,
      managerId: world.jonas.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: new Date("2027-03-26T10:00:00Z"),
      resolvedAt: null,
    });
    await core.store.plans.create(plan("household-plan", "2027-03-28T21:59:00Z", { householdId: world.amina.householdId }));
    await core.store.plans.create(plan("overdue", "2027-03-01T08:00:00Z", { clientId: world.amina.id }));
    await core.store.plans.create(plan("monday", "2027-03-28T22:00:00Z", { clientId: world.amina.id }));
    await core.store.plans.create(plan("jonas", "2027-03-28T08:00:00Z", { clientId: world.yusuf.id }));

    const agenda = await getAgenda(core.deps, eva, {});
    expect(agenda.escalations).toEqual([
      {
        escalationId: "esc-1",
        kind: "cannot_come",
        client: { id: world.amina.id, name: "Amina Haddad" },
        subjectId: "appt-x",
        step: null,
        createdAt: new Date("2027-03-26T10:00:00Z"),
      },
    ]);
    expect(agenda.entries.map((e) => [e.section, e.subjectId, e.clients.map((c) => c.name)])).toEqual([
      ["plan_review_due", "overdue", ["Amina Haddad"]],
      ["plan_review_due", "household-plan", ["Amina Haddad", "Omar Haddad"]],
    ]);
    expect(new Set(core.store.state.audit.map((e) => `${e.action}:${e.clientId}`))).toEqual(
      new Set([`agenda.read:${world.amina.id}`, `agenda.read:${world.omar.id}`]),
    );
  });

  it("reads today and tomorrow at once: each day's appointments, the open escalations, an overdue review under today only, one due tomorrow under tomorrow", async () => {
    await seed("sun-morning", "2027-03-28T08:00:00Z"); // Sunday 10:00 CEST
    await seed("mon-midnight", "2027-03-28T22:00:00Z", { clientIds: [world.amina.id, world.omar.id] }); // Monday 00:00 CEST
    await seed("mon-late", "2027-03-29T21:59:00Z"); // Monday 23:59 CEST
    await seed("tue-midnight", "2027-03-29T22:00:00Z"); // Tuesday: not shown
    await core.store.escalations.create({
      id: "esc-1",
      tenantId: world.tenant.id,
      clientId: world.amina.id,
      managerId: world.eva.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: new Date("2027-03-26T10:00:00Z"),
      resolvedAt: null,
    });
    await core.store.plans.create(plan("overdue", "2027-03-01T08:00:00Z", { clientId: world.amina.id }));
    await core.store.plans.create(plan("monday", "2027-03-29T08:00:00Z", { householdId: world.amina.householdId }));
    await core.store.plans.create(plan("tuesday", "2027-03-30T08:00:00Z", { clientId: world.amina.id }));

    const [today, tomorrow, ...more] = await getAgendaDays(core.deps, eva, { days: 2 });
    expect(more).toEqual([]);
    expect(today).toMatchObject({ date: { year: 2027, month: 3, day: 28 }, from: new Date("2027-03-27T23:00:00Z"), to: new Date("2027-03-28T22:00:00Z") });
    expect(tomorrow).toMatchObject({ date: { year: 2027, month: 3, day: 29 }, from: new Date("2027-03-28T22:00:00Z"), to: new Date("2027-03-29T22:00:00Z") });
    expect(today?.appointments.map((a) => a.appointmentId)).toEqual(["sun-morning"]);
    expect(tomorrow?.appointments.map((a) => a.appointmentId)).toEqual(["mon-midnight", "mon-late"]);
    expect(today?.escalations.map((e) => e.escalationId)).toEqual(["esc-1"]);
    expect(tomorrow?.escalations.map((e) => e.escalationId)).toEqual(["esc-1"]);
    expect(today?.entries.map((e) => e.subjectId)).toEqual(["overdue"]);
    expect(tomorrow?.entries.map((e) => [e.subjectId, e.clients.map((c) => c.name)])).toEqual([["monday", ["Amina Haddad", "Omar Haddad"]]]);
    // Amina is on both days, in an escalation and in plans: she is audited once, like Omar.
    expect(core.store.state.audit.map((e) => `${e.action}:${e.clientId}`).sort()).toEqual([`agenda.read:${world.amina.id}`, `agenda.read:${world.omar.id}`]);
  });

  it("keeps the day boundaries of the autumn switch: Saturday 24 hours, Sunday 25 hours", async () => {
    await seed("sat-late", "2027-10-30T21:30:00Z"); // Saturday 23:30 CEST
    await seed("sun-midnight", "2027-10-30T22:00:00Z"); // Sunday 00:00 CEST
    await seed("sun-second-two", "2027-10-31T01:30:00Z"); // Sunday 02:30 CET, the second time the clocks show it
    await seed("sun-late", "2027-10-31T22:30:00Z"); // Sunday 23:30 CET
    await seed("mon-midnight", "2027-10-31T23:00:00Z"); // Monday 00:00 CET: not shown
    const [saturday, sunday] = await getAgendaDays(core.deps, eva, { date: "2027-10-30", days: 2 });
    expect([saturday?.from, saturday?.to]).toEqual([new Date("2027-10-29T22:00:00Z"), new Date("2027-10-30T22:00:00Z")]);
    expect([sunday?.from, sunday?.to]).toEqual([new Date("2027-10-30T22:00:00Z"), new Date("2027-10-31T23:00:00Z")]);
    expect(saturday?.appointments.map((a) => a.appointmentId)).toEqual(["sat-late"]);
    expect(sunday?.appointments.map((a) => a.appointmentId)).toEqual(["sun-midnight", "sun-second-two", "sun-late"]);
  });

  it("keeps the day boundaries of the spring switch: Saturday 24 hours, Sunday 23 hours", async () => {
    await seed("sat-late", "2027-03-27T22:30:00Z"); // Saturday 23:30 CET
    await seed("sun-after-switch", "2027-03-28T01:00:00Z"); // Sunday 03:00 CEST, right after the gap
    await seed("sun-late", "2027-03-28T21:59:00Z"); // Sunday 23:59 CEST
    await seed("mon-midnight", "2027-03-28T22:00:00Z"); // Monday: not shown
    const [saturday, sunday] = await getAgendaDays(core.deps, eva, { date: "2027-03-27", days: 2 });
    expect([saturday?.from, saturday?.to]).toEqual([new Date("2027-03-26T23:00:00Z"), new Date("2027-03-27T23:00:00Z")]);
    expect([sunday?.from, sunday?.to]).toEqual([new Date("2027-03-27T23:00:00Z"), new Date("2027-03-28T22:00:00Z")]);
    expect(saturday?.appointments.map((a) => a.appointmentId)).toEqual(["sat-late"]);
    expect(sunday?.appointments.map((a) => a.appointmentId)).toEqual(["sun-after-switch", "sun-late"]);
  });

  it("reads the tenant once (not at all when the caller has it) and opens a transaction only to audit", async () => {
    const tenantReads = vi.spyOn(core.store.tenants, "get");
    const transactions = vi.spyOn(core.store, "transaction");
    const empty = await getAgendaDays(core.deps, eva, { days: 2 }, { tenant: world.tenant });
    expect(empty.map((day) => day.appointments.length)).toEqual([0, 0]);
    expect(tenantReads).not.toHaveBeenCalled();
    expect(transactions).not.toHaveBeenCalled();
    expect(core.store.state.audit).toEqual([]);

    await seed("sun-morning", "2027-03-28T08:00:00Z");
    await getAgendaDays(core.deps, eva, { days: 2 }, { tenant: world.otherTenant }); // not Eva's tenant: read her own
    expect(tenantReads).toHaveBeenCalledTimes(1);
    expect(tenantReads).toHaveBeenCalledWith(world.tenant.id);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(core.store.state.audit.map((e) => e.clientId)).toEqual([world.amina.id]);
  });

  it("reads the clients of all appointments of both days in one read, each client once", async () => {
    await seed("sun-morning", "2027-03-28T08:00:00Z", { clientIds: [world.amina.id, world.omar.id] });
    await seed("sun-noon", "2027-03-28T10:00:00Z", { clientIds: [world.omar.id] });
    await seed("mon-morning", "2027-03-29T07:00:00Z", { clientIds: [world.amina.id] });
    const singleReads = vi.spyOn(core.store.clients, "get");
    const batchReads = vi.spyOn(core.store.clients, "getMany");

    const [sunday, monday] = await getAgendaDays(core.deps, eva, { days: 2 });
    expect(sunday?.appointments.map((a) => a.clients.map((c) => c.name))).toEqual([[world.amina.name, world.omar.name], [world.omar.name]]);
    expect(monday?.appointments.map((a) => a.clients.map((c) => c.name))).toEqual([[world.amina.name]]);
    expect(singleReads).not.toHaveBeenCalled();
    expect(batchReads).toHaveBeenCalledTimes(1);
    expect([...(batchReads.mock.calls[0]?.[0] ?? [])].sort()).toEqual([world.amina.id, world.omar.id].sort());
  });

  it("fails, and does not hang, when the clients cannot be read", async () => {
    await seed("sun-morning", "2027-03-28T08:00:00Z");
    vi.spyOn(core.store.clients, "getMany").mockRejectedValue(new Error("database gone"));
    await expect(getAgenda(core.deps, eva, {})).rejects.toThrow("database gone");
  });

  it("takes one or two days, no more", async () => {
    await expectDomainError(getAgendaDays(core.deps, eva, { days: 0 }), "invalid_input");
    await expectDomainError(getAgendaDays(core.deps, eva, { days: 3 }), "invalid_input");
    await expectDomainError(getAgendaDays(core.deps, eva, { days: 1.5 }), "invalid_input");
    await expectDomainError(getAgendaDays(core.deps, eva, {}), "invalid_input");
    await expectDomainError(getAgendaDays(core.deps, clientActor(world.amina), { days: 2 }), "forbidden");
    expect(await getAgendaDays(core.deps, eva, { days: 1 })).toHaveLength(1);
  });

  it("is for staff only and refuses a day that does not exist", async () => {
    await expectDomainError(getAgenda(core.deps, clientActor(world.amina), {}), "forbidden");
    await expectDomainError(getAgenda(core.deps, { kind: "stranger" }, {}), "forbidden");
    await expectDomainError(getAgenda(core.deps, eva, { date: "2027-02-30" }), "invalid_input");
    await expectDomainError(getAgenda(core.deps, eva, { date: "28.03.2027" }), "invalid_input");
  });
});
