import { expect, it } from "vitest";
import type { Appointment } from "../../../src/core/appointments/model.ts";
import type { Contact } from "../../../src/core/contacts/model.ts";
import type { Manager } from "../../../src/core/setup/model.ts";
import { at, seedClient, type ContractContext } from "./context.ts";

/** Appointments, contacts, handovers and the supervisor figures. */
export function appointmentsContract(context: ContractContext): void {
  const store = () => context.store();

  async function seedManager(tenantId: string, name = "Eva Muster"): Promise<Manager> {
    const manager: Manager = {
      id: context.unique("manager"),
      tenantId,
      name,
      role: "manager",
      qualification: null,
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: at("2027-01-01T00:00:00Z"),
    };
    await store().managers.create(manager);
    return manager;
  }

  function appointment(tenantId: string, managerId: string, clientIds: string[], startsAt: string, overrides: Partial<Appointment> = {}): Appointment {
    return {
      id: context.unique("appt"),
      tenantId,
      managerId,
      clientIds,
      startsAt: at(startsAt),
      durationMin: 45,
      place: "Rathaus, Zimmer 3",
      kind: "counselling",
      interpreter: false,
      status: "scheduled",
      clientAnswer: null,
      coordinates: null,
      sequence: 0,
      createdAt: at("2027-03-01T09:00:00Z"),
      updatedAt: at("2027-03-01T09:00:00Z"),
      ...overrides,
    };
  }

  function contact(tenantId: string, clientId: string, managerId: string, iso: string, overrides: Partial<Contact> = {}): Contact {
    return {
      id: context.unique("contact"),
      tenantId,
      clientId,
      managerId,
      at: at(iso),
      kind: "home_visit",
      durationMin: 30,
      areas: ["housing"],
      note: null,
      createdAt: at(iso),
      ...overrides,
    };
  }

  it("keeps an appointment with its clients and changes it in place", async () => {
    const { tenantId, client } = await seedClient(context);
    const partner = { ...client, id: context.unique("client"), name: "Omar Haddad" };
    await store().clients.create(partner);
    const stored = appointment(tenantId, context.unique("manager"), [client.id, partner.id].sort(), "2027-03-10T09:00:00Z", { interpreter: true });
    await store().appointments.create(stored);
    expect(await store().appointments.get(stored.id)).toEqual(stored);
    expect(await store().appointments.get("no-such-appointment")).toBeNull();

    const moved = {
      ...stored,
      clientIds: [client.id],
      startsAt: at("2027-03-11T10:00:00Z"),
      status: "declined" as const,
      clientAnswer: "sealed(x)",
      updatedAt: at("2027-03-02T09:00:00Z"),
    };
    await store().appointments.update(moved);
    expect(await store().appointments.get(stored.id)).toEqual(moved);
    expect(await store().appointments.listForClient(partner.id)).toEqual([]);
  });

  it("keeps a known place's map position and the calendar sequence, also in a manager's list (raw read)", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const atCaritas = appointment(tenantId, managerId, [client.id], "2027-03-10T09:00:00Z", {
      place: "Migrationsberatung der Caritas, Hermannstraße 2",
      coordinates: { latitude: 48.712345, longitude: 9.419876 },
      sequence: 2,
    });
    await store().appointments.create(atCaritas);
    expect(await store().appointments.get(atCaritas.id)).toEqual(atCaritas);
    expect(await store().appointments.listForManager(managerId, at("2027-03-10T00:00:00Z"), at("2027-03-11T00:00:00Z"))).toEqual([atCaritas]);
    const typedAnew = { ...atCaritas, place: "bei Amina zuhause", coordinates: null, sequence: 3 };
    await store().appointments.update(typedAnew);
    expect(await store().appointments.get(atCaritas.id)).toEqual(typedAnew);
  });

  it("lists a client's appointments by start", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const late = appointment(tenantId, managerId, [client.id], "2027-04-01T09:00:00Z");
    const early = appointment(tenantId, managerId, [client.id], "2027-03-05T09:00:00Z", { status: "cancelled" });
    await store().appointments.create(late);
    await store().appointments.create(early);
    expect((await store().appointments.listForClient(client.id)).map((a) => a.id)).toEqual([early.id, late.id]);
  });

  it("lists a manager's appointments that start in [from, to), by start", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const atFrom = appointment(tenantId, managerId, [client.id], "2027-03-27T23:00:00Z");
    const inside = appointment(tenantId, managerId, [client.id], "2027-03-28T21:30:00Z");
    const atTo = appointment(tenantId, managerId, [client.id], "2027-03-28T22:00:00Z");
    const other = appointment(tenantId, context.unique("manager"), [client.id], "2027-03-28T10:00:00Z");
    for (const a of [inside, atTo, atFrom, other]) await store().appointments.create(a);
    const listed = await store().appointments.listForManager(managerId, at("2027-03-27T23:00:00Z"), at("2027-03-28T22:00:00Z"));
    expect(listed.map((a) => a.id)).toEqual([atFrom.id, inside.id]);
  });

  it("keeps contacts with their areas and lists them newest first", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const first = contact(tenantId, client.id, managerId, "2027-03-01T09:00:00Z", { areas: [], note: "sealed(Notiz)" });
    const second = contact(tenantId, client.id, managerId, "2027-03-03T09:00:00Z", { kind: "phone", areas: ["work", "language"] });
    const third = contact(tenantId, client.id, managerId, "2027-03-02T09:00:00Z");
    for (const c of [first, second, third]) await store().contacts.create(c);
    expect(await store().contacts.listForClient(client.id, 10)).toEqual([second, third, first]);
    expect(await store().contacts.listForClient(client.id, 2)).toEqual([second, third]);
    expect(await store().contacts.latestForClient(client.id)).toEqual(second);
    expect(await store().contacts.latestForClient(context.unique("client"))).toBeNull();
    const other = await seedClient(context);
    await store().contacts.create(contact(tenantId, other.client.id, managerId, "2027-02-01T08:00:00Z"));
    const silent = context.unique("client");
    expect(await store().contacts.latestTimes([client.id, other.client.id, silent])).toEqual(
      new Map([
        [client.id, new Date("2027-03-03T09:00:00Z")],
        [other.client.id, new Date("2027-02-01T08:00:00Z")],
      ]),
    );
    expect(await store().contacts.latestTimes([])).toEqual(new Map());
  });

  it("corrects a contact's day, kind, duration and areas (note and author stay) and removes one", async () => {
    const { tenantId, client } = await seedClient(context);
    const managerId = context.unique("manager");
    const logged = contact(tenantId, client.id, managerId, "2027-03-03T09:00:00Z", { kind: "phone", areas: ["work"], note: "sealed(Notiz)" });
    await store().contacts.create(logged);
    expect(await store().contacts.get(logged.id)).toEqual(logged);
    const change = { at: at("2027-03-02T11:00:00Z"), kind: "home_visit" as const, durationMin: 45, areas: ["housing" as const] };
    await store().contacts.correct(logged.id, change);
    expect(await store().contacts.get(logged.id)).toEqual({ ...logged, ...change });
    await store().contacts.remove(logged.id);
    expect(await store().contacts.get(logged.id)).toBeNull();
    expect(await store().contacts.listForClient(client.id, 10)).toEqual([]);
    await store().contacts.remove(logged.id);
  });

  it("keeps the handovers of a client in time order, the earlier social work's (no manager, an agency) among them", async () => {
    const clientId = context.unique("client");
    const handover = (iso: string, note: string | null, fromAgency: string | null = null) => ({
      id: context.unique("handover"),
      clientId,
      fromManagerId: fromAgency ? null : context.unique("manager"),
      fromAgency,
      toManagerId: context.unique("manager"),
      note,
      at: at(iso),
    });
    const later = handover("2027-03-02T09:00:00Z", null);
    const earlier = handover("2027-03-01T09:00:00Z", "sealed(Übergabe)");
    const intake = handover("2027-02-15T00:00:00Z", "sealed(FSA)", "Caritas Göppingen");
    await store().handovers.create(later);
    await store().handovers.create(earlier);
    await store().handovers.create(intake);
    expect(await store().handovers.listForClient(clientId)).toEqual([intake, earlier, later]);
    expect(await store().handovers.clearNotesForClient(context.unique("client"))).toBe(0);
    expect(await store().handovers.clearNotesForClient(clientId)).toBe(2);
    expect(await store().handovers.listForClient(clientId)).toEqual([{ ...intake, note: null }, { ...earlier, note: null }, later]);
  });

  it("removes the notes of a client's contacts only (erasure)", async () => {
    const { tenantId, client } = await seedClient(context);
    const { client: other } = await seedClient(context, { tenantId });
    const managerId = context.unique("manager");
    const noted = contact(tenantId, client.id, managerId, "2027-03-01T09:00:00Z", { note: "sealed(Notiz)" });
    const plain = contact(tenantId, client.id, managerId, "2027-03-02T09:00:00Z");
    const others = contact(tenantId, other.id, managerId, "2027-03-01T09:00:00Z", { note: "sealed(Andere)" });
    for (const c of [noted, plain, others]) await store().contacts.create(c);
    expect(await store().contacts.clearNotesForClient(client.id)).toBe(1);
    expect(await store().contacts.listForClient(client.id, 10)).toEqual([plain, { ...noted, note: null }]);
    expect(await store().contacts.listForClient(other.id, 10)).toEqual([others]);
  });

  it("counts open cases, contacts and appointments per manager, only in the tenant and period", async () => {
    const { tenantId, client: amina } = await seedClient(context);
    const eva = await seedManager(tenantId, "Eva");
    const jonas = await seedManager(tenantId, "Jonas");
    const { client: yusuf } = await seedClient(context, { tenantId, name: "Yusuf" });
    const { client: closed } = await seedClient(context, { tenantId, name: "Closed" });
    await store().clients.update({ ...closed, status: "closed", closedAt: at("2027-02-01T00:00:00Z") });
    const since = at("2027-01-01T00:00:00Z");
    await store().assignments.assign({ clientId: amina.id, managerId: eva.id, kind: "primary", createdAt: since });
    await store().assignments.assign({ clientId: yusuf.id, managerId: eva.id, kind: "primary", createdAt: since });
    await store().assignments.assign({ clientId: yusuf.id, managerId: jonas.id, kind: "shared", createdAt: since });
    await store().assignments.assign({ clientId: closed.id, managerId: jonas.id, kind: "primary", createdAt: since });
    const { tenantId: otherTenant, client: foreign } = await seedClient(context);
    const foreignManager = await seedManager(otherTenant);
    await store().assignments.assign({ clientId: foreign.id, managerId: foreignManager.id, kind: "primary", createdAt: since });

    for (const c of [
      contact(tenantId, amina.id, eva.id, "2027-03-01T00:00:00Z", { durationMin: 30 }),
      contact(tenantId, yusuf.id, eva.id, "2027-03-15T00:00:00Z", { durationMin: 45 }),
      contact(tenantId, yusuf.id, jonas.id, "2027-03-20T00:00:00Z", { durationMin: 10 }),
      contact(tenantId, amina.id, eva.id, "2027-04-01T00:00:00Z", { durationMin: 60 }),
      contact(tenantId, amina.id, eva.id, "2027-02-28T23:59:00Z", { durationMin: 60 }),
      contact(otherTenant, foreign.id, foreignManager.id, "2027-03-10T00:00:00Z"),
    ]) {
      await store().contacts.create(c);
    }
    for (const a of [
      appointment(tenantId, eva.id, [amina.id], "2027-03-02T09:00:00Z"),
      appointment(tenantId, eva.id, [yusuf.id], "2027-03-03T09:00:00Z", { status: "attended" }),
      appointment(tenantId, eva.id, [yusuf.id], "2027-03-04T09:00:00Z", { status: "cancelled" }),
      appointment(tenantId, jonas.id, [yusuf.id], "2027-04-02T09:00:00Z"),
      appointment(otherTenant, foreignManager.id, [foreign.id], "2027-03-02T09:00:00Z"),
    ]) {
      await store().appointments.create(a);
    }
    const period = { from: at("2027-03-01T00:00:00Z"), to: at("2027-04-01T00:00:00Z") };
    expect(await store().figures.openCasesByManager(tenantId)).toEqual([{ managerId: eva.id, count: 2 }]);
    expect(await store().figures.contactsByManager(tenantId, period)).toEqual(
      [
        { managerId: eva.id, count: 2, minutes: 75 },
        { managerId: jonas.id, count: 1, minutes: 10 },
      ].sort((a, b) => (a.managerId < b.managerId ? -1 : 1)),
    );
    expect(await store().figures.appointmentsByManager(tenantId, period)).toEqual([{ managerId: eva.id, count: 2 }]);
    expect(await store().figures.overduePlanReviews(tenantId, at("2027-03-15T00:00:00Z"))).toEqual({ byManager: [], total: 0 });
  });
  it("counts overdue plan reviews of open cases per primary manager, a household plan for each of its managers once in total", async () => {
    const { tenantId, householdId, client: amina } = await seedClient(context);
    const eva = await seedManager(tenantId, "Eva");
    const jonas = await seedManager(tenantId, "Jonas");
    const omar = { ...amina, id: context.unique("client"), name: "Omar" };
    await store().clients.create(omar);
    const { client: closed } = await seedClient(context, { tenantId, name: "Closed" });
    await store().clients.update({ ...closed, status: "closed", closedAt: at("2027-02-01T00:00:00Z") });
    const since = at("2027-01-01T00:00:00Z");
    await store().assignments.assign({ clientId: amina.id, managerId: eva.id, kind: "primary", createdAt: since });
    await store().assignments.assign({ clientId: omar.id, managerId: jonas.id, kind: "primary", createdAt: since });
    await store().assignments.assign({ clientId: closed.id, managerId: eva.id, kind: "primary", createdAt: since });
    const plan = (owner: { clientId?: string; householdId?: string }, nextReviewAt: string | null, planTenant = tenantId) => ({
      id: context.unique("plan"),
      tenantId: planTenant,
      clientId: owner.clientId ?? null,
      householdId: owner.householdId ?? null,
      version: 1,
      nextReviewAt: nextReviewAt === null ? null : at(nextReviewAt),
      createdAt: since,
      updatedAt: since,
    });
    const { tenantId: otherTenant } = await seedClient(context);
    for (const p of [
      plan({ householdId }, "2027-03-01T00:00:00Z"),
      plan({ clientId: amina.id }, "2027-03-10T00:00:00Z"),
      plan({ clientId: omar.id }, "2027-03-20T00:00:00Z"),
      plan({ clientId: omar.id }, null),
      plan({ clientId: closed.id }, "2027-03-01T00:00:00Z"),
      plan({ clientId: amina.id }, "2027-03-01T00:00:00Z", otherTenant),
    ]) {
      await store().plans.create(p);
    }
    const overdue = await store().figures.overduePlanReviews(tenantId, at("2027-03-15T00:00:00Z"));
    expect(overdue.total).toBe(2);
    expect(overdue.byManager).toEqual(
      [
        { managerId: eva.id, count: 2 },
        { managerId: jonas.id, count: 1 },
      ].sort((a, b) => (a.managerId < b.managerId ? -1 : 1)),
    );
  });
}
