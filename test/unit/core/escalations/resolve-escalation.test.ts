import { beforeEach, describe, expect, it } from "vitest";
import type { Escalation } from "../../../../src/core/escalations/model.ts";
import { resolveEscalation } from "../../../../src/core/escalations/resolve-escalation.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { clientActor, expectDomainError, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("resolveEscalation", () => {
  let core: TestCore;
  let world: World;
  let help: Escalation;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    help = {
      id: "esc-1",
      tenantId: world.tenant.id,
      clientId: world.amina.id,
      managerId: world.eva.id,
      kind: "need_help",
      subjectId: null,
      status: "open",
      createdAt: new Date("2027-03-09T10:00:00Z"),
      resolvedAt: null,
    };
    await core.store.escalations.create(help);
  });

  it("the case's manager marks a help request as handled; it is audited without personal data", async () => {
    const result = await resolveEscalation(core.deps, staffActor(world.eva), { escalationId: "esc-1" });
    expect(result).toEqual({ changed: true, escalation: { ...help, status: "resolved", resolvedAt: core.clock.now() } });
    expect(await core.store.escalations.get("esc-1")).toMatchObject({ status: "resolved", resolvedAt: core.clock.now() });
    expect(core.store.state.audit).toEqual([
      expect.objectContaining({ action: "escalation.resolve:need_help", subjectKind: "escalation", subjectId: "esc-1", clientId: world.amina.id }),
    ]);
  });

  it("resolving it again changes nothing and records nothing", async () => {
    await resolveEscalation(core.deps, staffActor(world.eva), { escalationId: "esc-1" });
    const resolvedAt = (await core.store.escalations.get("esc-1"))?.resolvedAt;
    core.clock.advance(60_000);
    const again = await resolveEscalation(core.deps, staffActor(world.eva), { escalationId: "esc-1" });
    expect(again.changed).toBe(false);
    expect((await core.store.escalations.get("esc-1"))?.resolvedAt).toEqual(resolvedAt);
    expect(core.store.state.audit).toHaveLength(1);
  });

  it("refuses a colleague not on the case, a supervisor and the client; an unknown id is not found", async () => {
    await expectDomainError(resolveEscalation(core.deps, staffActor(world.jonas), { escalationId: "esc-1" }), "forbidden");
    await expectDomainError(resolveEscalation(core.deps, staffActor(world.sara), { escalationId: "esc-1" }), "forbidden");
    await expectDomainError(resolveEscalation(core.deps, clientActor(world.amina), { escalationId: "esc-1" }), "forbidden");
    await expectDomainError(resolveEscalation(core.deps, staffActor(world.eva), { escalationId: "nope" }), "not_found");
    await expectDomainError(resolveEscalation(core.deps, staffActor(world.eva), { escalationId: "" }), "invalid_input");
    expect((await core.store.escalations.get("esc-1"))?.status).toBe("open");
  });
});
