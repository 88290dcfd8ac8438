import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { logContact } from "../../../../src/core/contacts/log-contact.ts";
import { getCaseloadFigures } from "../../../../src/core/figures/get-caseload-figures.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, seedAppointment, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("getCaseloadFigures", () => {
  let core: TestCore;
  let world: World;
  let sara: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-31T12:00:00Z");
    world = await seedWorld(core);
    sara = staffActor(world.sara);
    const eva = staffActor(world.eva);
    await logContact(core.deps, eva, { clientId: world.amina.id, kind: "home_visit", durationMin: 45, at: "2027-03-10T09:00:00Z", note: "Vertrauliche Notiz" });
    await logContact(core.deps, eva, { clientId: world.omar.id, kind: "phone", durationMin: 15, at: "2027-03-20T09:00:00Z" });
    await logContact(core.deps, eva, { clientId: world.omar.id, kind: "phone", durationMin: 99, at: "2027-02-01T09:00:00Z" });
    await logContact(core.deps, staffActor(world.jonas), { clientId: world.yusuf.id, kind: "office", durationMin: 30, at: "2027-03-15T09:00:00Z" });
    await logContact(core.deps, staffActor(world.mia), { clientId: world.lena.id, kind: "office", durationMin: 30, at: "2027-03-15T09:00:00Z" });
    const appointment = (id: string, managerId: string, clientId: string, startsAt: string, status: "scheduled" | "cancelled" = "scheduled") =>
      seedAppointment(core, { id, tenantId: world.tenant.id, managerId, clientIds: [clientId], startsAt: new Date(startsAt), status });
    await appointment("a1", world.eva.id, world.amina.id, "2027-03-05T09:00:00Z");
    await appointment("a2", world.eva.id, world.amina.id, "2027-03-06T09:00:00Z", "cancelled");
    await appointment("a3", world.jonas.id, world.yusuf.id, "2027-03-07T09:00:00Z");
    const plan = (id: string, nextReviewAt: string, owner: { clientId?: string; householdId?: string }) =>
      core.store.plans.create({
        id,
        tenantId: world.tenant.id,
        clientId: owner.clientId ?? null,
        householdId: owner.householdId ?? null,
        version: 1,
        nextReviewAt: new Date(nextReviewAt),
        createdAt: new Date("2027-01-01T00:00:00Z"),
        updatedAt: new Date("2027-01-01T00:00:00Z"),
      });
    await plan("p-household", "2027-03-01T00:00:00Z", { householdId: world.amina.householdId });
    await plan("p-yusuf", "2027-03-30T00:00:00Z", { clientId: world.yusuf.id });
    await plan("p-future", "2027-04-30T00:00:00Z", { clientId: world.amina.id });
    core.store.state.audit = [];
  });

  it("shows per manager open cases, contacts, minutes, appointments and overdue reviews, with tenant totals", async () => {
    const figures = await getCaseloadFigures(core.deps, sara, { from: "2027-03-01T00:00:00Z", to: "2027-04-01T00:00:00Z" });
    expect(figures.managers).toEqual([
      {
        managerId: "eva",
        managerName: "Eva Muster",
        role: "manager",
        active: true,
        openCases: 2,
        contacts: 2,
        contactMinutes: 60,
        appointments: 1,
        overduePlanReviews: 1,
      },
      {
        managerId: "jonas",
        managerName: "Jonas Kern",
        role: "manager",
        active: true,
        openCases: 1,
        contacts: 1,
        contactMinutes: 30,
        appointments: 1,
        overduePlanReviews: 1,
      },
    ]);
    expect(figures.totals).toEqual({ openCases: 3, contacts: 3, contactMinutes: 90, appointments: 2, overduePlanReviews: 2 });
    expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "figures.read", subjectKind: "tenant", clientId: null })]);
  });

  it("never carries client names or note texts", async () => {
    const text = JSON.stringify(await getCaseloadFigures(core.deps, sara, {}));
    for (const secret of ["Amina", "Omar", "Yusuf", "Vertrauliche"]) expect(text).not.toContain(secret);
  });

  it("covers the last 30 days by default, and a closed case is no longer open", async () => {
    await core.store.clients.update({ ...world.omar, status: "closed", closedAt: new Date("2027-03-30T00:00:00Z") });
    const figures = await getCaseloadFigures(core.deps, staffActor({ ...world.sara, role: "admin" }), {});
    expect([figures.from, figures.to]).toEqual([new Date("2027-03-01T12:00:00Z"), new Date("2027-03-31T12:00:00Z")]);
    expect(figures.managers.find((m) => m.managerId === "eva")).toMatchObject({ openCases: 1, contacts: 2 });
  });

  it.each([
    ["a manager", () => staffActor(world.eva)],
    ["a client", () => clientActor(world.amina)],
    ["a supervisor of another tenant", (): Actor => ({ kind: "staff", managerId: "x", tenantId: world.otherTenant.id, role: "supervisor" })],
    ["a stranger", (): Actor => ({ kind: "stranger" })],
  ])("is not for %s", async (_label, actor) => {
    await expectDomainError(getCaseloadFigures(core.deps, actor(), { tenantId: world.tenant.id }), "forbidden");
  });

  it("refuses another tenant's figures and a period that ends before it begins", async () => {
    await expectDomainError(getCaseloadFigures(core.deps, sara, { tenantId: world.otherTenant.id }), "forbidden");
    await expectDomainError(getCaseloadFigures(core.deps, sara, { from: "2027-03-10T00:00:00Z", to: "2027-03-01T00:00:00Z" }), "invalid_input");
    await expectDomainError(getCaseloadFigures(core.deps, sara, { from: "2025-01-01T00:00:00Z" }), "invalid_input");
  });
});
