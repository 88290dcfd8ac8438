import { describe, expect, it } from "vitest";
import { operator } from "../../../../src/core/actor.ts";
import { recordAudit } from "../../../../src/core/audit/record-audit.ts";
import { isDomainError } from "../../../../src/core/errors.ts";
import { listClientAudit } from "../../../../src/core/privacy/list-client-audit.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedManager, seedTenant, staffActor } from "../../../support/seed.ts";

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    return isDomainError(error) ? error.code : "crash";
  }
}

describe("a client's audit trail", () => {
  it("names staff by name and everyone else by role, for operators and the tenant's admins only", async () => {
    const core = testCore();
    const tenantId = await seedTenant(core.store);
    const otherTenantId = await seedTenant(core.store, "Anderswo");
    const eva = await seedManager(core.store, tenantId, "manager", "Eva Muster");
    const admin = await seedManager(core.store, tenantId, "admin", "Ada Admin");
    const otherAdmin = await seedManager(core.store, otherTenantId, "admin", "Fremd");
    const client = await seedClient(core.store, tenantId, { managerId: eva.id });
    const entry = { subjectKind: "client", subjectId: client.id, tenantId, clientId: client.id };
    await recordAudit(core.deps, core.store, staffActor(eva), { ...entry, action: "client.read" });
    await recordAudit(core.deps, core.store, operator, { ...entry, action: "client.export" });

    const trail = await listClientAudit(core.deps, staffActor(admin), { clientId: client.id });
    expect(trail.events.map((e) => [e.actorName, e.action])).toEqual([
      ["Eva Muster", "client.read"],
      ["operator", "client.export"],
    ]);
    expect(await codeOf(listClientAudit(core.deps, operator, { clientId: client.id }))).toBe("ok");
    expect(await codeOf(listClientAudit(core.deps, staffActor(eva), { clientId: client.id }))).toBe("forbidden");
    expect(await codeOf(listClientAudit(core.deps, staffActor(otherAdmin), { clientId: client.id }))).toBe("forbidden");
  });
});
