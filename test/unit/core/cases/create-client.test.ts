import { describe, expect, it } from "vitest";
import { createClient } from "../../../../src/core/cases/create-client.ts";
import { findClients } from "../../../../src/core/cases/find-clients.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedWorld, staffActor } from "../../../support/seed.ts";

describe("a manager takes on a new client", () => {
  it("creates the client in a new household, assigns the case to the manager and returns a 7-day invite", async () => {
    const { deps, store, clock } = testCore("2027-03-01T09:00:00Z");
    const { manager } = await seedWorld(store);
    const created = await createClient(deps, staffActor(manager), { name: "Yusuf Haddad", language: "ar" });
    expect(created.client).toMatchObject({ name: "Yusuf Haddad", language: "ar", status: "open", tenantId: manager.tenantId });
    expect(created.household.label).toBe("Yusuf Haddad");
    expect(await store.assignments.listForClient(created.client.id)).toEqual([expect.objectContaining({ managerId: manager.id, kind: "primary" })]);
    expect(created.invite.expiresAt.getTime() - clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);
    const stored = await store.invites.findByCodeHash(`digest(${created.invite.code})`);
    expect(stored).toMatchObject({ purpose: "link_client", clientId: created.client.id });
    expect(store.state.audit.at(-1)).toMatchObject({ action: "client.create", clientId: created.client.id });
  });

  it("adds a family member to an existing household of the caseload", async () => {
    const { deps, store } = testCore();
    const { manager, client } = await seedWorld(store);
    const created = await createClient(deps, staffActor(manager), { name: "Lina Haddad", language: "ar", householdId: client.householdId });
    expect((await store.clients.listByHousehold(client.householdId)).map((c) => c.name)).toEqual(["Amina Haddad", "Lina Haddad"]);
    expect(created.household.id).toBe(client.householdId);
  });

  it("refuses a household from another caseload and changes nothing", async () => {
    const { deps, store } = testCore();
    const { colleague, client } = await seedWorld(store);
    const before = structuredClone(store.state);
    await expect(createClient(deps, staffActor(colleague), { name: "X", language: "ar", householdId: client.householdId })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(store.state).toEqual(before);
  });

  it("refuses an unsupported language and an empty name with invalid_input", async () => {
    const { deps, store } = testCore();
    const { manager } = await seedWorld(store);
    await expect(createClient(deps, staffActor(manager), { name: " ", language: "xx" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path: "name" }), expect.objectContaining({ path: "language" })]),
    });
  });

  it("is for managers: a supervisor, a client and a stranger are refused", async () => {
    const { deps, store } = testCore();
    const { supervisor, client } = await seedWorld(store);
    const input = { name: "X", language: "ar" };
    await expect(createClient(deps, staffActor(supervisor), input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createClient(deps, { kind: "client", clientId: client.id, householdId: client.householdId, tenantId: client.tenantId }, input),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(createClient(deps, { kind: "stranger" }, input)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("finding clients", () => {
  it("shows a manager only their caseload, searchable without accents and paged", async () => {
    const { deps, store } = testCore();
    const { manager, colleague } = await seedWorld(store);
    for (const name of ["Zeynep Müller", "Ali Muller", "Omar Said"]) await createClient(deps, staffActor(manager), { name, language: "tr" });
    await createClient(deps, staffActor(colleague), { name: "Mira Muller", language: "uk" });
    const found = await findClients(deps, staffActor(manager), { query: "muller", pageSize: 1 });
    expect(found).toMatchObject({ total: 2, pageCount: 2, page: 0 });
    expect(found.clients.map((c) => c.name)).toEqual(["Ali Muller"]);
    const second = await findClients(deps, staffActor(manager), { query: "muller", pageSize: 1, page: 1 });
    expect(second.clients.map((c) => c.name)).toEqual(["Zeynep Müller"]);
  });

  it("shows a supervisor the whole tenant, but nothing of another tenant", async () => {
    const { deps, store } = testCore();
    const { supervisor } = await seedWorld(store);
    const found = await findClients(deps, staffActor(supervisor), {});
    expect(found.clients.map((c) => c.name)).toEqual(["Amina Haddad"]);
  });
});
