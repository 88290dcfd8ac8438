import { describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { auditTable, exportTenantAudit } from "../../../../src/core/audit/export-tenant-audit.ts";
import { recordAudit } from "../../../../src/core/audit/record-audit.ts";
import { isDomainError } from "../../../../src/core/errors.ts";
import { parseCsv } from "../../../../src/core/import/csv.ts";
import { germanCsv } from "../../../../src/core/reports/table.ts";
import { testCore, type TestCore } from "../../../support/core-deps.ts";
import { seedManager, seedTenant, staffActor } from "../../../support/seed.ts";

/** A tenant with two managers and an admin, entries on 31 March 23:30 and 1 April 00:30 Berlin time, and another tenant's entry. */
async function world(core: TestCore) {
  const tenantId = await seedTenant(core.store, "Landkreis Prüfhausen");
  const otherTenantId = await seedTenant(core.store, "Anderswo");
  const eva = await seedManager(core.store, tenantId, "manager", "Eva Muster");
  const jonas = await seedManager(core.store, tenantId, "manager", "Jonas Beispiel");
  const admin = await seedManager(core.store, tenantId, "admin", "Ada Admin");
  const stranger = await seedManager(core.store, otherTenantId, "manager", "Fremd");
  const record = async (at: string, actor: Actor, action: string, clientId: string | null = null) => {
    core.clock.set(at);
    await recordAudit(core.deps, core.store, actor, {
      action,
      subjectKind: clientId ? "client" : "tenant",
      subjectId: clientId ?? tenantId,
      // An operator's entry about a client of the tenant belongs to the tenant too.
      tenantId: actor.kind === "staff" ? actor.tenantId : tenantId,
      clientId,
    });
  };
  await record("2027-03-31T21:30:00Z", staffActor(eva), "client.read", "client-1"); // 31 March, 23:30 in Berlin
  await record("2027-03-31T22:30:00Z", staffActor(jonas), "plan.update", "client-2"); // 1 April, 00:30 in Berlin
  await record("2027-04-10T08:00:00Z", staffActor(eva), "contact.create", "client-1");
  await record("2027-04-10T09:00:00Z", operator, "client.erase", "client-3");
  await record("2027-04-11T09:00:00Z", staffActor(stranger), "client.read", "client-9");
  await record("2027-07-01T09:00:00Z", staffActor(eva), "client.read", "client-1"); // after the period
  core.clock.set("2027-07-02T08:00:00Z");
  return { tenantId, otherTenantId, eva, jonas, admin };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

const q2 = { from: "2027-04-01", to: "2027-06-30" };

describe("audit export of a tenant", () => {
  it("lists the tenant's entries of the period in the tenant's calendar, with staff names, and nothing of other tenants", async () => {
    const core = testCore();
    const { tenantId, eva, jonas } = await world(core);
    const data = await exportTenantAudit(core.deps, operator, { tenantId, ...q2 });
    expect(data.events.map((e) => [e.at.toISOString(), e.actorKind, e.actorName, e.action, e.clientId])).toEqual([
      ["2027-03-31T22:30:00.000Z", "manager", "Jonas Beispiel", "plan.update", "client-2"],
      ["2027-04-10T08:00:00.000Z", "manager", "Eva Muster", "contact.create", "client-1"],
      ["2027-04-10T09:00:00.000Z", "operator", "", "client.erase", "client-3"],
    ]);
    expect(data.events.map((e) => e.actorId).slice(0, 2)).toEqual([jonas.id, eva.id]);
    expect(data).toMatchObject({ tenantName: "Landkreis Prüfhausen", ...q2, staffId: null });
  });

  it("keeps to one staff member when asked", async () => {
    const core = testCore();
    const { tenantId, eva } = await world(core);
    const data = await exportTenantAudit(core.deps, operator, { tenantId, from: "2027-03-01", to: "2027-12-31", staffId: eva.id });
    expect(data.events.map((e) => [e.actorName, e.action])).toEqual([
      ["Eva Muster", "client.read"],
      ["Eva Muster", "contact.create"],
      ["Eva Muster", "client.read"],
    ]);
  });

  it("is itself audited", async () => {
    const core = testCore();
    const { tenantId } = await world(core);
    await exportTenantAudit(core.deps, operator, { tenantId, ...q2 });
    const again = await exportTenantAudit(core.deps, operator, { tenantId, from: "2027-07-01", to: "2027-07-31" });
    expect(again.events.map((e) => e.action)).toEqual(["client.read", "audit.export"]);
  });

  it("writes German CSV that reads back", async () => {
    const core = testCore();
    const { tenantId } = await world(core);
    const csv = germanCsv(auditTable(await exportTenantAudit(core.deps, operator, { tenantId, ...q2 })));
    const table = parseCsv(csv);
    expect(table.columns).toEqual(["zeit (utc)", "rolle", "person-id", "person", "aktion", "gegenstand", "gegenstand-id", "klient-id"]);
    expect(table.rows.map((r) => [r.cells[3], r.cells[4], r.cells[7]])).toEqual([
      ["Jonas Beispiel", "plan.update", "client-2"],
      ["Eva Muster", "contact.create", "client-1"],
      ["", "client.erase", "client-3"],
    ]);
  });

  it("is for operators and the tenant's admins only", async () => {
    const core = testCore();
    const { tenantId, otherTenantId, eva, admin } = await world(core);
    expect(await codeOf(exportTenantAudit(core.deps, staffActor(admin), { tenantId, ...q2 }))).toBe("ok");
    expect(await codeOf(exportTenantAudit(core.deps, staffActor(eva), { tenantId, ...q2 }))).toBe("forbidden");
    expect(await codeOf(exportTenantAudit(core.deps, staffActor(admin), { tenantId: otherTenantId, ...q2 }))).toBe("forbidden");
  });

  it("refuses unknown tenants and staff, and days that do not exist, naming what to correct", async () => {
    const core = testCore();
    const { tenantId, otherTenantId } = await world(core);
    expect(await codeOf(exportTenantAudit(core.deps, operator, { tenantId: "nope", ...q2 }))).toBe("not_found");
    const stranger = (await core.store.managers.listByTenant(otherTenantId))[0]?.id ?? "";
    const error = await exportTenantAudit(core.deps, operator, { tenantId, ...q2, staffId: stranger }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.issues).toEqual([expect.objectContaining({ path: "staff" })]);
    expect(await codeOf(exportTenantAudit(core.deps, operator, { tenantId, from: "2027-02-30", to: "2027-03-31" }))).toBe("invalid_input");
    expect(await codeOf(exportTenantAudit(core.deps, operator, { tenantId, from: "2027-05-01", to: "2027-04-01" }))).toBe("invalid_input");
  });
});
