import { beforeEach, describe, expect, it } from "vitest";
import { closeCase, reopenCase } from "../../../../src/core/cases/close-case.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError, outbox, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";
import { createAppointment } from "../../../../src/core/appointments/create-appointment.ts";

describe("closeCase and reopenCase", () => {
  let core: TestCore;
  let world: World;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
  });

  it("closes with a reason code kept in the audit trail and cancels pending messages to the client", async () => {
    await createAppointment(core.deps, staffActor(world.eva), { clientIds: [world.amina.id], startsAt: "2027-03-20T09:00:00Z", place: "Rathaus" });
    expect(outbox(core).some((m) => m.recipientId === world.amina.id && m.status === "pending")).toBe(true);
    core.store.state.audit = [];
    const closed = await closeCase(core.deps, staffActor(world.eva), { clientId: world.amina.id, reason: "goal_reached" });
    expect(closed).toMatchObject({ status: "closed", closedAt: core.clock.now() });
    expect(outbox(core).filter((m) => m.recipientId === world.amina.id && m.status === "pending")).toEqual([]);
    expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "case.close:goal_reached", clientId: world.amina.id })]);
  });

  it("refuses an unknown reason and a second close", async () => {
    await expectDomainError(closeCase(core.deps, staffActor(world.eva), { clientId: world.amina.id, reason: "bored" }), "invalid_input");
    expect((await core.store.clients.get(world.amina.id))?.status).toBe("open");
    await closeCase(core.deps, staffActor(world.eva), { clientId: world.amina.id });
    await expectDomainError(closeCase(core.deps, staffActor(world.eva), { clientId: world.amina.id }), "case_closed");
  });

  it("reopens a closed case for its manager only, audited; an open case cannot be reopened", async () => {
    await closeCase(core.deps, staffActor(world.eva), { clientId: world.amina.id, reason: "moved_away" });
    await expectDomainError(reopenCase(core.deps, staffActor(world.jonas), { clientId: world.amina.id }), "forbidden");
    core.store.state.audit = [];
    const reopened = await reopenCase(core.deps, staffActor(world.eva), { clientId: world.amina.id });
    expect(reopened).toMatchObject({ status: "open", closedAt: null });
    expect(core.store.state.audit).toEqual([expect.objectContaining({ action: "case.reopen", clientId: world.amina.id })]);
    await expectDomainError(reopenCase(core.deps, staffActor(world.eva), { clientId: world.amina.id }), "conflict");
  });
});
