import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../src/core/actor.ts";
import { appointmentVersion, answerAppointmentAction } from "../../../../src/core/appointments/actions.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";
import { decodeAction } from "../../../../src/core/dialog/action-codec.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, outbox, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("createAppointment", () => {
  let core: TestCore;
  let world: World;
  let eva: Actor;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    world = await seedWorld(core);
    eva = staffActor(world.eva);
  });

  const snapshot = () => structuredClone(core.store.state);
  const valid = () => ({ clientIds: [world.amina.id], startsAt: new Date("2027-03-04T08:00:00Z"), place: "Rathaus, Zimmer 3" });

  it("makes a scheduled appointment for a household, held by the acting manager, with defaults", async () => {
    const created = await createAppointment(core.deps, eva, { ...valid(), clientIds: [world.omar.id, world.amina.id], interpreter: true });
    expect(created).toMatchObject({
      tenantId: world.tenant.id,
      managerId: world.eva.id,
      managerName: "Eva Muster",
      clientIds: [world.amina.id, world.omar.id],
      startsAt: new Date("2027-03-04T08:00:00Z"),
      durationMin: 60,
      kind: "counselling",
      interpreter: true,
      status: "scheduled",
      clientAnswerText: null,
    });
    expect(await core.store.appointments.listForClient(world.omar.id)).toHaveLength(1);
    expect(core.store.state.audit.map((e) => [e.action, e.clientId])).toEqual([
      ["appointment.create", world.amina.id],
      ["appointment.create", world.omar.id],
    ]);
  });

  it("tells each consenting client at once, with time, place and manager only, and the three answer buttons", async () => {
    const created = await createAppointment(core.deps, eva, { ...valid(), clientIds: [world.amina.id, world.omar.id], startsAt: "2027-03-04T09:00:00+01:00" });
    const messages = outbox(core).filter((m) => m.dedupeKey.includes(":notice:"));
    expect(messages).toHaveLength(1); // Omar has not consented to messaging
    const reminders = outbox(core).filter((m) => m.dedupeKey.includes(":remind:"));
    expect(reminders.map((m) => [m.recipientId, m.messageKey])).toEqual([
      [world.amina.id, "client.appointment.reminder"],
      [world.amina.id, "client.appointment.reminder"],
    ]);
    const [notice] = messages;
    expect(notice).toMatchObject({
      recipientKind: "client",
      recipientId: world.amina.id,
      clientId: world.amina.id,
      messageKey: "client.appointment.created",
      dueAt: new Date("2027-03-01T09:00:00Z"),
      status: "pending",
      params: { startsAt: "2027-03-04T08:00:00.000Z", durationMin: 60, place: "Rathaus, Zimmer 3", managerName: "Eva Muster" },
    });
    expect(notice?.dedupeKey.startsWith(`appt:${created.id}:notice:`)).toBe(true);
    const answers = notice?.actions.map((action) => answerAppointmentAction.match(decodeAction(action.data)));
    // Each answer is bound to the time the notice shows.
    const version = appointmentVersion(created.startsAt);
    expect(answers).toEqual([
      [created.id, "c", version],
      [created.id, "x", version],
      [created.id, "o", version],
    ]);
  });

  it("may name a colleague who shares the case as the holder", async () => {
    await core.store.assignments.assign({ clientId: world.amina.id, managerId: world.jonas.id, kind: "shared", createdAt: new Date("2027-01-01T00:00:00Z") });
    const created = await createAppointment(core.deps, eva, { ...valid(), managerId: world.jonas.id });
    expect(created).toMatchObject({ managerId: world.jonas.id, managerName: "Jonas Kern" });
    expect(outbox(core)[0]?.params.managerName).toBe("Jonas Kern");
  });

  it.each([
    ["another manager's client", () => ({ clientIds: [world.yusuf.id] })],
    ["clients of two caseloads", () => ({ clientIds: [world.amina.id, world.yusuf.id] })],
    ["a client of another tenant", () => ({ clientIds: [world.lena.id] })],
  ])("refuses %s and stores nothing", async (_label, override) => {
    const before = snapshot();
    await expectDomainError(createAppointment(core.deps, eva, { ...valid(), ...override() }), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["a client", () => clientActor(world.amina)],
    ["an unassigned supervisor", () => staffActor(world.sara)],
    ["a stranger", (): Actor => ({ kind: "stranger" })],
    ["the operator", (): Actor => ({ kind: "operator" })],
  ])("is not for %s", async (_label, actor) => {
    const before = snapshot();
    await expectDomainError(createAppointment(core.deps, actor(), valid()), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["a start in the past", { startsAt: new Date("2027-03-01T08:59:00Z") }],
    ["no start", { startsAt: undefined }],
    ["a start without offset", { startsAt: "2027-03-04T08:00:00" }],
    ["4 minutes", { durationMin: 4 }],
    ["481 minutes", { durationMin: 481 }],
    ["half minutes", { durationMin: 30.5 }],
    ["a place over 200 characters", { place: "x".repeat(201) }],
    ["an unknown kind", { kind: "party" }],
    ["no clients", { clientIds: [] }],
    ["an unknown holder", { managerId: "nobody" }],
    ["a holder of another tenant", { managerId: "mia" }],
    ["a holder who is not on the case", { managerId: "jonas" }],
  ])("refuses %s and changes nothing", async (_label, override) => {
    const before = snapshot();
    await expectDomainError(createAppointment(core.deps, eva, { ...valid(), ...override }), "invalid_input");
    expect(core.store.state).toEqual(before);
  });

  it("refuses a closed case", async () => {
    await core.store.clients.update({ ...world.amina, status: "closed", closedAt: new Date("2027-02-01T00:00:00Z") });
    await expectDomainError(createAppointment(core.deps, eva, valid()), "case_closed");
  });
});
