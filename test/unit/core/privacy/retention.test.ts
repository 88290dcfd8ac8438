import { describe, expect, it } from "vitest";
import { applyRetention, retentionBatchSize } from "../../../../src/core/privacy/apply-retention.ts";
import { testCore } from "../../../support/core-deps.ts";
import { seedClient, seedTenant } from "../../../support/seed.ts";
import { retentionScenario } from "./retention-scenario.ts";

describe("retention job", () => {
  it("anonymises old closed cases, carries out due erasure requests and deletes expired records", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    await retentionScenario(core.deps, core.store, core.clock);
  });

  it("works through more closed cases than one batch", async () => {
    const core = testCore("2027-06-01T03:30:00Z");
    const tenantId = await seedTenant(core.store);
    const count = retentionBatchSize + 3;
    for (let i = 0; i < count; i += 1) {
      const client = await seedClient(core.store, tenantId, { name: `Klient ${i}` });
      await core.store.clients.update({ ...client, status: "closed", closedAt: new Date("2020-01-01T00:00:00Z") });
    }
    expect((await applyRetention(core.deps, { retentionDays: 1095 })).anonymisedClosedCases).toBe(count);
  });

  it("rejects a retention period that is not a whole number of days", async () => {
    const core = testCore();
    await expect(applyRetention(core.deps, { retentionDays: 0 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
