import { beforeEach, describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { addManager } from "../../../../src/core/setup/add-manager.ts";
import { addMunicipality } from "../../../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../../../src/core/setup/add-tenant.ts";
import type { Municipality, Tenant } from "../../../../src/core/setup/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const AAD_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("addManager", () => {
  let core: TestCore;
  let tenant: Tenant;
  let otherTenant: Tenant;
  let goeppingen: Municipality;
  let eislingen: Municipality;
  let foreign: Municipality;

  beforeEach(async () => {
    core = testCore("2027-03-01T09:00:00Z");
    tenant = await addTenant(core.deps, operator, { name: "Landkreis Göppingen" });
    otherTenant = await addTenant(core.deps, operator, { name: "Landkreis Esslingen" });
    goeppingen = await addMunicipality(core.deps, operator, { tenantId: tenant.id, name: "Göppingen" });
    eislingen = await addMunicipality(core.deps, operator, { tenantId: tenant.id, name: "Eislingen" });
    foreign = await addMunicipality(core.deps, operator, { tenantId: otherTenant.id, name: "Plochingen" });
    core.store.state.audit = [];
  });

  /** A snapshot of everything in the store, to compare before and after a failing call. */
  const snapshot = () => structuredClone(core.store.state);

  it("adds a manager with their municipalities and returns a single-use invite valid for 7 days", async () => {
    const { manager, invite } = await addManager(core.deps, operator, {
      tenantId: tenant.id,
      name: " Eva Muster ",
      municipalityIds: [goeppingen.id, eislingen.id, goeppingen.id],
      qualification: "b",
    });
    expect(manager).toMatchObject({
      tenantId: tenant.id,
      name: "Eva Muster",
      role: "manager",
      qualification: "b",
      aadObjectId: null,
      active: true,
    });
    expect([...manager.municipalityIds].sort()).toEqual([goeppingen.id, eislingen.id].sort());
    expect(await core.store.managers.get(manager.id)).toMatchObject({ name: "Eva Muster", qualification: "b" });
    expect(invite.code).toBe("CODE000001");
    expect(invite.expiresAt).toEqual(new Date(Date.parse("2027-03-01T09:00:00Z") + 7 * DAY_MS));
  });

  it("stores only the digest of the invite code, bound to the manager", async () => {
    const { manager, invite } = await addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const stored = [...core.store.state.invites.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      codeHash: `digest(${invite.code})`,
      purpose: "link_manager",
      tenantId: tenant.id,
      managerId: manager.id,
      clientId: null,
      usedAt: null,
      expiresAt: invite.expiresAt,
    });
    const { codeHash: _hash, ...rest } = stored[0]!;
    expect(JSON.stringify(rest)).not.toContain(invite.code);
    expect(await core.store.invites.findByCodeHash(`digest(${invite.code})`)).not.toBeNull();
  });

  it("audits the action with ids only", async () => {
    const { manager } = await addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    expect(core.store.state.audit).toEqual([
      expect.objectContaining({
        action: "manager.create",
        subjectKind: "manager",
        subjectId: manager.id,
        tenantId: tenant.id,
        actorKind: "operator",
        at: core.clock.now(),
      }),
    ]);
    expect(JSON.stringify(core.store.state.audit)).not.toContain("Eva Muster");
  });

  it.each(["manager", "supervisor", "admin"] as const)("accepts the role %s", async (role) => {
    const { manager } = await addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster", role });
    expect(manager.role).toBe(role);
  });

  it("lets a tenant admin add staff to their own tenant", async () => {
    const admin: Actor = { kind: "staff", managerId: "admin-1", tenantId: tenant.id, role: "admin" };
    const { manager } = await addManager(core.deps, admin, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [goeppingen.id] });
    expect(await core.store.managers.listByTenant(tenant.id)).toEqual([expect.objectContaining({ id: manager.id })]);
    expect(core.store.state.audit[0]).toMatchObject({ actorKind: "admin", actorId: "admin-1" });
  });

  it.each<[string, Actor]>([
    ["a tenant admin of another tenant", { kind: "staff", managerId: "admin-2", tenantId: "elsewhere", role: "admin" }],
    ["a manager of the same tenant", { kind: "staff", managerId: "m-1", tenantId: "id-1", role: "manager" }],
    ["a supervisor of the same tenant", { kind: "staff", managerId: "m-1", tenantId: "id-1", role: "supervisor" }],
  ])("refuses %s and changes nothing", async (_label, actor) => {
    expect(tenant.id).toBe("id-1");
    const before = snapshot();
    await expect(addManager(core.deps, actor, { tenantId: tenant.id, name: "Eva Muster" })).rejects.toMatchObject({ code: "forbidden" });
    expect(core.store.state).toEqual(before);
  });

  it("refuses a municipality of another tenant", async () => {
    const before = snapshot();
    await expect(
      addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: [goeppingen.id, foreign.id] }),
    ).rejects.toMatchObject({ code: "invalid_input", issues: [expect.objectContaining({ path: "municipalityIds" })] });
    expect(core.store.state).toEqual(before);
  });

  it("refuses an unknown municipality", async () => {
    const before = snapshot();
    await expect(addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster", municipalityIds: ["no-such-municipality"] })).rejects.toMatchObject(
      { code: "invalid_input", message: expect.stringContaining("no-such-municipality") },
    );
    expect(core.store.state).toEqual(before);
  });

  it("reports an unknown tenant as not found", async () => {
    const before = snapshot();
    await expect(addManager(core.deps, operator, { tenantId: "no-such-tenant", name: "Eva Muster" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(core.store.state).toEqual(before);
  });

  it.each([
    ["an unknown role", { role: "boss" }, "role"],
    ["an unknown qualification", { qualification: "z" }, "qualification"],
    ["an upper-case qualification", { qualification: "B" }, "qualification"],
    ["an empty name", { name: "  " }, "name"],
    ["an Entra id that is not a UUID", { aadObjectId: "eva@example.org" }, "aadObjectId"],
  ])("rejects %s as invalid input naming the field, changing nothing", async (_label, override, field) => {
    const before = snapshot();
    await expect(addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster", ...override })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: field })],
    });
    expect(core.store.state).toEqual(before);
  });

  it("refuses an Entra object id that already belongs to a manager", async () => {
    await addManager(core.deps, operator, { tenantId: tenant.id, name: "Eva Muster", aadObjectId: AAD_ID });
    const before = snapshot();
    await expect(addManager(core.deps, operator, { tenantId: tenant.id, name: "Max Muster", aadObjectId: AAD_ID })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(core.store.state).toEqual(before);
  });

  it("is atomic: when issuing the invite fails, no manager and no audit entry remain", async () => {
    const deps = { ...core.deps, ids: { newId: core.deps.ids.newId.bind(core.deps.ids), newInviteCode: () => "SAMECODE23" } };
    await addManager(deps, operator, { tenantId: tenant.id, name: "Eva Muster" });
    const before = snapshot();
    await expect(addManager(deps, operator, { tenantId: tenant.id, name: "Max Muster" })).rejects.toThrow(/unique/);
    expect(core.store.state).toEqual(before);
    expect((await core.store.managers.listByTenant(tenant.id)).map((m) => m.name)).toEqual(["Eva Muster"]);
  });
});
