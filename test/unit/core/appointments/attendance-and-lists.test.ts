import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { getAppointment } from "../../../../src/core/appointments/get-appointment.ts";
import { listClientAppointments } from "../../../../src/core/appointments/list-client-appointments.ts";
import { markAttendance } from "../../../../src/core/appointments/mark-attendance.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, seedAppointment, seedClient, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("attendance, lists and single appointments", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
  });

  const seed = (id: string, startsAt: string, clientIds = [world.amina.id], status: "scheduled" | "cancelled" = "scheduled") =>
    seedAppointment(core, { id, tenantId: world.tenant.id, managerId: world.eva.id, clientIds, startsAt: new Date(startsAt), status });

  describe("markAttendance", () => {
    it("records whether the client came, once the appointment has begun, and can be corrected", async () => {
      await seed("past", "2027-03-10T08:00:00Z");
      expect((await markAttendance(core.deps, eva, { appointmentId: "past", attendance: "missed" })).status).toBe("missed");
      expect((await markAttendance(core.deps, eva, { appointmentId: "past", attendance: "attended" })).status).toBe("attended");
      expect((await core.store.appointments.get("past"))?.status).toBe("attended");
      expect(core.store.state.audit.map((e) => e.action)).toEqual(["appointment.missed", "appointment.attended"]);
    });

    it("refuses future and cancelled appointments, other managers and clients", async () => {
      await seed("future", "2027-03-11T08:00:00Z");
      await seed("off", "2027-03-09T08:00:00Z", [world.amina.id], "cancelled");
      await seed("past", "2027-03-09T08:00:00Z");
      await expectDomainError(markAttendance(core.deps, eva, { appointmentId: "future", attendance: "attended" }), "conflict");
      await expectDomainError(markAttendance(core.deps, eva, { appointmentId: "off", attendance: "attended" }), "conflict");
      await expectDomainError(markAttendance(core.deps, staffActor(world.jonas), { appointmentId: "past", attendance: "attended" }), "forbidden");
      await expectDomainError(markAttendance(core.deps, clientActor(world.amina), { appointmentId: "past", attendance: "attended" }), "forbidden");
      await expectDomainError(markAttendance(core.deps, eva, { appointmentId: "past", attendance: "late" }), "invalid_input");
      expect((await core.store.appointments.get("past"))?.status).toBe("scheduled");
    });
  });

  describe("listClientAppointments", () => {
    beforeEach(async () => {
      await seed("last-week", "2027-03-03T09:00:00Z");
      await seed("next-month", "2027-04-01T09:00:00Z");
      await seed("yesterday", "2027-03-09T09:00:00Z");
      await seed("tomorrow", "2027-03-11T09:00:00Z", [world.amina.id, world.omar.id]);
      await seed("cancelled", "2027-03-12T09:00:00Z", [world.amina.id], "cancelled");
    });

    it("lists upcoming appointments first (soonest first), then past ones (latest first), without cancelled ones", async () => {
      const listed = await listClientAppointments(core.deps, eva, { clientId: world.amina.id });
      expect(listed.map((a) => a.id)).toEqual(["tomorrow", "next-month", "yesterday", "last-week"]);
      expect(listed[0]?.managerName).toBe("Eva Muster");
      expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "appointment.list", clientId: world.amina.id })]);
    });

    it("can include cancelled and leave out past ones", async () => {
      const listed = await listClientAppointments(core.deps, eva, { clientId: world.amina.id, includeCancelled: true, includePast: false });
      expect(listed.map((a) => a.id)).toEqual(["tomorrow", "cancelled", "next-month"]);
    });

    it("a client sees their own and their household's appointments, with their household's names only", async () => {
      const stranger = await seedClient(core, "samir", "Samir", { tenantId: world.tenant.id, managerId: world.eva.id });
      await seed("group", "2027-03-15T09:00:00Z", [world.amina.id, stranger.id]);
      const own = await listClientAppointments(core.deps, clientActor(world.amina), { clientId: world.amina.id });
      expect(own.find((a) => a.id === "group")?.clientIds).toEqual([world.amina.id]);
      const household = await listClientAppointments(core.deps, clientActor(world.omar), { clientId: world.amina.id });
      expect(household.map((a) => a.id)).toContain("tomorrow");
    });

    it.each([
      ["a client of another household", () => clientActor(world.yusuf)],
      ["another manager", () => staffActor(world.jonas)],
      ["a manager of another tenant", () => staffActor(world.mia)],
      ["a stranger", (): Actor => ({ kind: "stranger" })],
    ])("is not for %s", async (_label, actor) => {
      await expectDomainError(listClientAppointments(core.deps, actor(), { clientId: world.amina.id }), "forbidden");
    });

    it("is open to the tenant's supervisor", async () => {
      expect(await listClientAppointments(core.deps, staffActor(world.sara), { clientId: world.amina.id })).toHaveLength(4);
    });
  });

  describe("getAppointment", () => {
    it("shows one appointment to its manager and its clients, and audits the read", async () => {
      await seed("one", "2027-03-11T09:00:00Z", [world.amina.id, world.omar.id]);
      expect(await getAppointment(core.deps, eva, { appointmentId: "one" })).toMatchObject({ id: "one", clientIds: [world.amina.id, world.omar.id] });
      expect((await getAppointment(core.deps, clientActor(world.omar), { appointmentId: "one" })).place).toBe("Rathaus, Zimmer 3");
      expect(core.store.state.audit.map((e) => [e.action, e.clientId])).toEqual([
        ["appointment.read", world.amina.id],
        ["appointment.read", world.omar.id],
        ["appointment.read", world.amina.id],
        ["appointment.read", world.omar.id],
      ]);
    });

    it("is not for strangers, other clients or other tenants", async () => {
      await seed("one", "2027-03-11T09:00:00Z");
      await expectDomainError(getAppointment(core.deps, { kind: "stranger" }, { appointmentId: "one" }), "forbidden");
      await expectDomainError(getAppointment(core.deps, clientActor(world.yusuf), { appointmentId: "one" }), "forbidden");
      await expectDomainError(getAppointment(core.deps, staffActor(world.mia), { appointmentId: "one" }), "forbidden");
      await expectDomainError(getAppointment(core.deps, eva, { appointmentId: "none" }), "not_found");
    });
  });
});
