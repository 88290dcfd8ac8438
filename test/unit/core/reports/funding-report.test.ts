import { describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { isDomainError } from "../../../../src/core/errors.ts";
import type { FundingReport } from "../../../../src/core/reports/model.ts";
import { buildFundingReport } from "../../../../src/core/reports/build-funding-report.ts";
import { formatReport, reportCsv } from "../../../../src/core/reports/format-report.ts";
import { testCore } from "../../../support/core-deps.ts";
import { expectedFigures, fundingNow, fundingPeriod, seedFundingWorld } from "./funding-seed.ts";

async function setUp() {
  const core = testCore(fundingNow);
  const world = await seedFundingWorld(core.store);
  const supervisor: Actor = { kind: "staff", managerId: world.supervisorId, tenantId: world.tenantId, role: "supervisor" };
  const manager: Actor = { kind: "staff", managerId: world.managerId, tenantId: world.tenantId, role: "manager" };
  return { core, world, supervisor, manager };
}

const valueOf = (report: FundingReport, scope: string, section: string, key: string) => {
  const block = report.municipalities.find((b) => (scope === "all" ? b.scope === "all" : b.name === scope));
  return block?.figures.find((f) => f.section === section && f.key === key)?.value;
};

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe("funding report", () => {
  it("counts the seeded tenant per municipality and in total, 1 to 4 shown as <5", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod });
    for (const [scope, section, key, value] of expectedFigures) {
      expect({ scope, section, key, value: valueOf(report, scope, section, key) }).toEqual({ scope, section, key, value });
    }
    expect(report.municipalities.map((b) => b.scope)).toEqual(["all", "municipality", "municipality", "none"]);
    expect(report.municipalities.find((b) => b.scope === "none")?.figures.find((f) => f.key === "supported")?.value).toBe("<5");
  });

  it("flags a team with b or c managers but none with a (an inactive a does not count)", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod });
    const flags = Object.fromEntries(report.municipalities.map((b) => [b.scope === "all" ? "all" : b.name, b.noQualificationA]));
    expect(flags).toEqual({ all: false, Nord: false, Süd: true, "": false });
  });

  it("limits the report to one municipality when asked", async () => {
    const { core, world, supervisor } = await setUp();
    const report = await buildFundingReport(core.deps, supervisor, { tenantId: world.tenantId, ...fundingPeriod, municipalityId: world.sued });
    expect(report.municipalities.map((b) => b.name)).toEqual(["Süd"]);
  });

  it("holds only counts: no client names, no referral texts to volunteers or offers", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod });
    for (const format of ["csv", "json", "md"] as const) {
      const text = formatReport(report, format);
      expect(text).not.toMatch(/Client f|Frau Ehrenamt|Sprachcafé|Staff f/);
    }
  });

  it("writes CSV with one row per figure and the qualification flag", async () => {
    const { core, world } = await setUp();
    const csv = reportCsv(await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, municipalityId: world.sued }));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("tenant_id,from,to,municipality_id,municipality,section,key,value");
    expect(lines).toContain(`${world.tenantId},2025-01-01,2025-03-31,${world.sued},Süd,clients,supported,<5`);
    expect(lines).toContain(`${world.tenantId},2025-01-01,2025-03-31,${world.sued},Süd,managers,no_qualification_a,yes`);
  });

  it("is for operators and the tenant's supervisors and admins only", async () => {
    const { core, world, supervisor, manager } = await setUp();
    const input = { tenantId: world.tenantId, ...fundingPeriod };
    expect(await codeOf(buildFundingReport(core.deps, supervisor, input))).toBe("ok");
    expect(await codeOf(buildFundingReport(core.deps, manager, input))).toBe("forbidden");
    expect(await codeOf(buildFundingReport(core.deps, { ...supervisor, tenantId: world.otherTenantId } as Actor, input))).toBe("forbidden");
    expect(await codeOf(buildFundingReport(core.deps, { kind: "client", clientId: "x", householdId: "y", tenantId: world.tenantId }, input))).toBe("forbidden");
  });

  it("refuses bad periods and unknown municipalities with a clear error", async () => {
    const { core, world } = await setUp();
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "2025-04-01", to: "2025-03-01" }))).toBe("invalid_input");
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "2025-02-30", to: "2025-03-01" }))).toBe("invalid_input");
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "1.1.2027", to: "2025-03-01" }))).toBe("invalid_input");
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, municipalityId: "nope" }))).toBe("not_found");
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: "nope", ...fundingPeriod }))).toBe("not_found");
  });
});
