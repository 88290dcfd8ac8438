import { beforeEach, describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { setIntegreatRegion } from "../../../../src/core/offers/set-integreat-region.ts";
import { listMunicipalities } from "../../../../src/core/setup/list-municipalities.ts";
import { listStaff } from "../../../../src/core/setup/list-staff.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { expectDomainError, seedClient, seedStaff, seedWorld, staffActor, type World } from "../../../support/seed-appointments.ts";

const t0 = new Date("2027-03-01T09:00:00Z");

describe("listStaff and listMunicipalities", () => {
  let core: TestCore;
  let world: World;

  beforeEach(async () => {
    core = testCore("2027-03-10T09:00:00Z");
    world = await seedWorld(core);
    await core.store.municipalities.create({ id: "gp", tenantId: world.tenant.id, name: "Göppingen", createdAt: t0 });
    await core.store.municipalities.create({ id: "ei", tenantId: world.tenant.id, name: "Eislingen", createdAt: t0 });
    // Eva: qualification a, both municipalities; Jonas: b, Göppingen; Sara (supervisor): none.
    await core.store.managers.create({ ...world.eva, id: "eva2", name: "Eva Zwei", qualification: "c", municipalityIds: ["gp"], active: false });
    core.store.state.managers.set(world.eva.id, { ...world.eva, qualification: "a", municipalityIds: ["ei", "gp"] });
    core.store.state.managers.set(world.jonas.id, { ...world.jonas, qualification: "b", municipalityIds: ["gp"] });
    // Jonas's Yusuf is shared with Eva; a closed case of Eva's does not count.
    await core.store.assignments.assign({ clientId: world.yusuf.id, managerId: world.eva.id, kind: "shared", createdAt: t0 });
    const closed = await seedClient(core, "closed", "Karl Zu", { tenantId: world.tenant.id, managerId: world.eva.id });
    await core.store.clients.update({ ...closed, status: "closed", closedAt: t0 });
    await core.store.clients.update({ ...world.amina, municipalityId: "gp" });
    await core.store.households.update({ id: world.amina.householdId, tenantId: world.tenant.id, municipalityId: "ei", label: "Haddad", createdAt: t0 });
    await core.store.clients.update({ ...world.yusuf, municipalityId: "gp" });
    for (const [id, channel, managerId, active] of [
      ["eva-tg", "telegram", world.eva.id, true],
      ["eva-teams", "teams", world.eva.id, true],
      ["eva-old", "telegram", world.eva.id, false],
      ["sara-tg", "telegram", world.sara.id, true],
    ] as const) {
      await core.store.identities.upsert({
        id,
        channel,
        externalId: `x-${id}`,
        conversationRef: null,
        managerId,
        clientId: null,
        locale: "de",
        active,
        linkedAt: t0,
        deactivatedAt: null,
      });
    }
  });

  it("lists every staff member with role, qualification, municipalities, open cases and chat accounts (counts only)", async () => {
    const list = await listStaff(core.deps, operator, { tenantId: world.tenant.id });
    expect(list.tenantName).toBe(world.tenant.name);
    expect(list.staff).toEqual([
      {
        id: "eva",
        name: "Eva Muster",
        role: "manager",
        qualification: "a",
        active: true,
        municipalities: ["Eislingen", "Göppingen"],
        openCases: { primary: 2, shared: 1 },
        chatAccounts: { telegram: 1, teams: 1 },
      },
      {
        id: "eva2",
        name: "Eva Zwei",
        role: "manager",
        qualification: "c",
        active: false,
        municipalities: ["Göppingen"],
        openCases: { primary: 0, shared: 0 },
        chatAccounts: { telegram: 0, teams: 0 },
      },
      expect.objectContaining({ id: "jonas", qualification: "b", openCases: { primary: 1, shared: 0 } }),
      expect.objectContaining({ id: "sara", role: "supervisor", qualification: null, chatAccounts: { telegram: 1, teams: 0 } }),
    ]);
    // The team: active integration managers only (deactivated Eva Zwei and supervisor Sara are not counted).
    expect(list.qualificationMix).toEqual({ a: 1, b: 1, c: 0, none: 0 });
    expect(JSON.stringify(list)).not.toMatch(/Amina|Yusuf|x-eva/);
    expect(core.store.state.audit).toEqual([]);
  });

  it("is for the operator and the tenant's supervisors and admins", async () => {
    await expect(listStaff(core.deps, staffActor(world.sara), { tenantId: world.tenant.id })).resolves.toMatchObject({ tenantId: world.tenant.id });
    const admin = await seedStaff(core, world.tenant.id, "ada", "Ada Admin", "admin");
    await expect(listMunicipalities(core.deps, staffActor(admin), { tenantId: world.tenant.id })).resolves.toHaveLength(2);
    const refused: Actor[] = [
      staffActor(world.eva),
      { kind: "staff", managerId: "x", tenantId: world.otherTenant.id, role: "supervisor" },
      { kind: "client", clientId: world.amina.id, householdId: world.amina.householdId, tenantId: world.tenant.id },
      { kind: "stranger" },
    ];
    for (const actor of refused) {
      await expectDomainError(listStaff(core.deps, actor, { tenantId: world.tenant.id }), "forbidden");
      await expectDomainError(listMunicipalities(core.deps, actor, { tenantId: world.tenant.id }), "forbidden");
    }
  });

  it("names an unknown tenant (not_found) and a missing one (invalid_input)", async () => {
    await expectDomainError(listStaff(core.deps, operator, { tenantId: "nowhere" }), "not_found");
    await expectDomainError(listMunicipalities(core.deps, operator, { tenantId: "nowhere" }), "not_found");
    await expectDomainError(listStaff(core.deps, operator, {}), "invalid_input");
    await expectDomainError(listMunicipalities(core.deps, operator, { tenantId: "" }), "invalid_input");
  });

  it("lists municipalities with their Integreat region, active staff and open cases (the client's municipality, else the household's)", async () => {
    await setIntegreatRegion(core.deps, operator, { municipalityId: "gp", region: "goeppingen" });
    // Omar has no municipality of his own: his household's (Eislingen) counts.
    expect(await listMunicipalities(core.deps, operator, { tenantId: world.tenant.id })).toEqual([
      { id: "ei", name: "Eislingen", integreat: null, managers: 1, openCases: 1 },
      {
        id: "gp",
        name: "Göppingen",
        integreat: { region: "goeppingen", baseUrl: "https://cms.integreat-app.de" },
        managers: 2,
        openCases: 2,
      },
    ]);
  });
});
