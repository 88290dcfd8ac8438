import { beforeEach, describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { handleInbound } from "../../../../src/core/chat/handle-inbound.ts";
import { changeStaffRole } from "../../../../src/core/setup/change-staff-role.ts";
import { command, keys, telegramChat } from "../../../support/chat-harness.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError, seedStaff, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

describe("changeStaffRole", () => {
  let core: TestCore;
  let world: World;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
  });

  const snapshot = () => structuredClone(core.store.state);

  it("changes the role and the qualification, audited once", async () => {
    const change = await changeStaffRole(core.deps, operator, { managerId: world.eva.id, role: "supervisor", qualification: "b" });
    expect(change).toEqual({
      managerId: world.eva.id,
      name: "Eva Muster",
      role: "supervisor",
      qualification: "b",
      previous: { role: "manager", qualification: null },
      changed: true,
    });
    expect(await core.store.managers.get(world.eva.id)).toMatchObject({ role: "supervisor", qualification: "b", active: true });
    expect(core.store.state.audit).toEqual([
      expect.objectContaining({ action: "manager.role", subjectKind: "manager", subjectId: world.eva.id, tenantId: world.tenant.id, actorKind: "operator" }),
    ]);
  });

  it("changes only what is given; 'none' takes the qualification away; the same values again change nothing and audit nothing", async () => {
    await changeStaffRole(core.deps, operator, { managerId: world.jonas.id, qualification: "c" });
    expect(await core.store.managers.get(world.jonas.id)).toMatchObject({ role: "manager", qualification: "c" });
    await changeStaffRole(core.deps, operator, { managerId: world.jonas.id, role: "admin" });
    expect(await core.store.managers.get(world.jonas.id)).toMatchObject({ role: "admin", qualification: "c" });
    await changeStaffRole(core.deps, operator, { managerId: world.jonas.id, qualification: "none" });
    expect(await core.store.managers.get(world.jonas.id)).toMatchObject({ role: "admin", qualification: null });
    core.store.state.audit = [];
    const same = await changeStaffRole(core.deps, operator, { managerId: world.jonas.id, role: "admin", qualification: "none" });
    expect(same.changed).toBe(false);
    expect(core.store.state.audit).toEqual([]);
  });

  it("may be done by the tenant's admin, not by a supervisor, a manager or another tenant's admin", async () => {
    const admin = await seedStaff(core, world.tenant.id, "ada", "Ada Admin", "admin");
    await changeStaffRole(core.deps, staffActor(admin), { managerId: world.eva.id, qualification: "a" });
    expect(await core.store.managers.get(world.eva.id)).toMatchObject({ qualification: "a" });
    const refused: Actor[] = [
      staffActor(world.sara),
      staffActor(world.eva),
      { kind: "staff", managerId: "x", tenantId: world.otherTenant.id, role: "admin" },
      { kind: "stranger" },
    ];
    const before = snapshot();
    for (const actor of refused) await expectDomainError(changeStaffRole(core.deps, actor, { managerId: world.jonas.id, role: "admin" }), "forbidden");
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["neither role nor qualification", { managerId: "eva" }],
    ["an unknown role", { managerId: "eva", role: "boss" }],
    ["an unknown qualification", { managerId: "eva", qualification: "d" }],
  ])("refuses %s (invalid_input) and changes nothing", async (_label, input) => {
    const before = snapshot();
    await expectDomainError(changeStaffRole(core.deps, operator, input), "invalid_input");
    expect(core.store.state).toEqual(before);
  });

  it("an unknown staff member is not_found", async () => {
    await expectDomainError(changeStaffRole(core.deps, operator, { managerId: "nobody", role: "admin" }), "not_found");
  });

  it("takes effect at the person's next message: a manager made supervisor gets /staff and the supervisor's help", async () => {
    const chat = telegramChat("700");
    await core.store.identities.upsert({
      id: "jonas-tg",
      channel: "telegram",
      externalId: "700",
      conversationRef: null,
      managerId: world.jonas.id,
      clientId: null,
      locale: "de",
      active: true,
      linkedAt: core.clock.now(),
      deactivatedAt: null,
    });
    const before = await handleInbound(core.deps, chat, command("staff"));
    expect(before.role).toBe("manager");
    expect(keys(before.outbound)).toEqual(["manager_staff.refused", "manager.help"]);
    await changeStaffRole(core.deps, operator, { managerId: world.jonas.id, role: "supervisor" });
    const after = await handleInbound(core.deps, chat, command("staff"));
    expect(after.role).toBe("supervisor");
    expect(keys(after.outbound)).toContain("manager_staff.title");
  });
});
