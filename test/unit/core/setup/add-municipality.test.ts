import { beforeEach, describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { addMunicipality } from "../../../../src/core/setup/add-municipality.ts";
import { addTenant } from "../../../../src/core/setup/add-tenant.ts";
import type { Tenant } from "../../../../src/core/setup/model.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";

describe("addMunicipality", () => {
  let core: TestCore;
  let own: Tenant;
  let other: Tenant;
  let ownAdmin: Actor;

  beforeEach(async () => {
    core = testCore();
    own = await addTenant(core.deps, operator, { name: "Landkreis Göppingen" });
    other = await addTenant(core.deps, operator, { name: "Landkreis Esslingen" });
    ownAdmin = { kind: "staff", managerId: "admin-1", tenantId: own.id, role: "admin" };
    core.store.state.audit = [];
  });

  it("lets the operator add a municipality to any tenant", async () => {
    const municipality = await addMunicipality(core.deps, operator, { tenantId: other.id, name: "Plochingen" });
    expect(municipality).toMatchObject({ tenantId: other.id, name: "Plochingen" });
    expect(await core.store.municipalities.listByTenant(other.id)).toEqual([municipality]);
  });

  it("lets a tenant admin add a municipality to their own tenant, audited with their id", async () => {
    const municipality = await addMunicipality(core.deps, ownAdmin, { tenantId: own.id, name: "Eislingen/Fils" });
    expect(await core.store.municipalities.get(municipality.id)).toEqual(municipality);
    expect(core.store.state.audit).toEqual([
      expect.objectContaining({
        action: "municipality.create",
        subjectId: municipality.id,
        tenantId: own.id,
        actorKind: "admin",
        actorId: "admin-1",
      }),
    ]);
  });

  it("refuses a tenant admin adding to another tenant", async () => {
    await expect(addMunicipality(core.deps, ownAdmin, { tenantId: other.id, name: "Plochingen" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await core.store.municipalities.listByTenant(other.id)).toEqual([]);
    expect(core.store.state.audit).toEqual([]);
  });

  it.each(["manager", "supervisor"] as const)("refuses a %s of the same tenant", async (role) => {
    const actor: Actor = { kind: "staff", managerId: "m-9", tenantId: own.id, role };
    await expect(addMunicipality(core.deps, actor, { tenantId: own.id, name: "Süßen" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await core.store.municipalities.listByTenant(own.id)).toEqual([]);
  });

  it("reports an unknown tenant as not found", async () => {
    await expect(addMunicipality(core.deps, operator, { tenantId: "no-such-tenant", name: "Süßen" })).rejects.toMatchObject({ code: "not_found" });
    expect(core.store.state.municipalities.size).toBe(0);
    expect(core.store.state.audit).toEqual([]);
  });

  it("rejects an empty name", async () => {
    await expect(addMunicipality(core.deps, operator, { tenantId: own.id, name: "" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: "name", message: "must not be empty" })],
    });
    expect(core.store.state.municipalities.size).toBe(0);
  });
});
