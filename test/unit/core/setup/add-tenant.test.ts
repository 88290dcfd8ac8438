import { describe, expect, it } from "vitest";
import { operator, system, type Actor } from "../../../../src/core/actor.ts";
import { addTenant } from "../../../../src/core/setup/add-tenant.ts";
import { testCore } from "../../../support/core-deps.ts";

describe("addTenant", () => {
  it("lets the operator add a tenant, with Europe/Berlin as the default time zone, and audits it", async () => {
    const { deps, store, clock } = testCore();
    const tenant = await addTenant(deps, operator, { name: "  Landkreis Göppingen  " });
    expect(tenant).toEqual({ id: "id-1", name: "Landkreis Göppingen", timezone: "Europe/Berlin", createdAt: clock.now() });
    expect(await store.tenants.get(tenant.id)).toEqual(tenant);
    expect(store.state.audit).toEqual([
      expect.objectContaining({ action: "tenant.create", subjectKind: "tenant", subjectId: tenant.id, tenantId: tenant.id, actorKind: "operator" }),
    ]);
  });

  it("keeps a given time zone", async () => {
    const { deps } = testCore();
    const tenant = await addTenant(deps, operator, { name: "Stadt Ulm", timezone: "Europe/Vienna" });
    expect(tenant.timezone).toBe("Europe/Vienna");
  });

  it.each<[string, Actor]>([
    ["a manager", { kind: "staff", managerId: "m-1", tenantId: "t-1", role: "manager" }],
    ["a tenant admin", { kind: "staff", managerId: "m-1", tenantId: "t-1", role: "admin" }],
    ["a client", { kind: "client", clientId: "c-1", householdId: "h-1", tenantId: "t-1" }],
    ["the system", system],
    ["a stranger", { kind: "stranger" }],
  ])("refuses %s (forbidden) and stores nothing", async (_label, actor) => {
    const { deps, store } = testCore();
    await expect(addTenant(deps, actor, { name: "Landkreis Esslingen" })).rejects.toMatchObject({ name: "DomainError", code: "forbidden" });
    expect(await store.tenants.list()).toEqual([]);
    expect(store.state.audit).toEqual([]);
  });

  it.each([
    ["an empty name", { name: "   " }, "name"],
    ["a missing name", {}, "name"],
    ["an unknown time zone", { name: "Landkreis Calw", timezone: "Europe/Atlantis" }, "timezone"],
  ])("rejects %s as invalid input naming the field, storing nothing", async (_label, input, field) => {
    const { deps, store } = testCore();
    const failure = addTenant(deps, operator, input);
    await expect(failure).rejects.toMatchObject({ code: "invalid_input", issues: [expect.objectContaining({ path: field })] });
    expect(await store.tenants.list()).toEqual([]);
    expect(store.state.audit).toEqual([]);
  });
});
