import { describe, expect, it } from "vitest";
import { operator, type Actor } from "../../../../src/core/actor.ts";
import { isDomainError } from "../../../../src/core/errors.ts";
import type { FundingReport } from "../../../../src/core/reports/model.ts";
import { buildFundingReport } from "../../../../src/core/reports/build-funding-report.ts";
import type { TextPart } from "../../../../src/core/dialog/messages.ts";
import { formatReport, reportColumns, reportCsv } from "../../../../src/core/reports/format-report.ts";
import { createTranslator } from "../../../../src/i18n/index.ts";
import { localesDir } from "../../../../src/i18n/locales-dir.ts";
import { germanCsv } from "../../../../src/core/reports/table.ts";
import { parseCsv } from "../../../../src/core/import/csv.ts";
import { testCore } from "../../../support/core-deps.ts";
import { expectedFigures, fundingNow, fundingPeriod, seedFundingWorld, sharedValue } from "./funding-seed.ts";

const translator = createTranslator({ localesDir });
const inGerman = (name: TextPart) => translator.renderText(name.key, name.params, "de");

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
  it("counts the seeded tenant per municipality and in total, exactly for the funding authority", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, audience: "funding_authority" });
    for (const [scope, section, key, value] of expectedFigures) {
      expect({ scope, section, key, value: valueOf(report, scope, section, key) }).toEqual({ scope, section, key, value });
    }
    expect(report.municipalities.map((b) => b.scope)).toEqual(["all", "municipality", "municipality", "none"]);
    expect(report.municipalities.find((b) => b.scope === "none")?.figures.find((f) => f.key === "supported")?.value).toBe(1);
    expect(report.audience).toBe("funding_authority");
  });

  it("shows 1 to 4 as <5 for a shared audience (hours stay as they are, 0 stays 0)", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, audience: "shared" });
    for (const [scope, section, key, value] of expectedFigures) {
      const shown = sharedValue(key, value);
      expect({ scope, section, key, value: valueOf(report, scope, section, key) }).toEqual({ scope, section, key, value: shown });
    }
    expect(valueOf(report, "Süd", "clients", "supported")).toBe("<5");
    expect(valueOf(report, "Süd", "contacts", "hours")).toBe(1.5);
    expect(report.municipalities.flatMap((b) => b.figures).some((f) => typeof f.value === "number" && f.key !== "hours" && f.value > 0 && f.value < 5)).toBe(
      false,
    );
  });

  it("needs to be told who reads it: without an audience it refuses", async () => {
    const { core, world } = await setUp();
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod }))).toBe("invalid_input");
  });

  it("flags a team with b or c managers but none with a (an inactive a does not count)", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, audience: "funding_authority" });
    const flags = Object.fromEntries(report.municipalities.map((b) => [b.scope === "all" ? "all" : b.name, b.noQualificationA]));
    expect(flags).toEqual({ all: false, Nord: false, Süd: true, "": false });
  });

  it("limits the report to one municipality when asked", async () => {
    const { core, world, supervisor } = await setUp();
    const report = await buildFundingReport(core.deps, supervisor, {
      tenantId: world.tenantId,
      ...fundingPeriod,
      municipalityId: world.sued,
      audience: "funding_authority",
    });
    expect(report.municipalities.map((b) => b.name)).toEqual(["Süd"]);
  });

  it("holds only counts: no client names, no referral texts to volunteers or offers", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, audience: "funding_authority" });
    for (const format of ["csv", "json", "md"] as const) {
      const text = formatReport(report, format, inGerman);
      expect(text).not.toMatch(/Client f|Frau Ehrenamt|Sprachcafé|Staff f/);
    }
  });

  it("writes German CSV (BOM, ';', German headings, decimal comma) with one row per figure and the qualification flag", async () => {
    const { core, world } = await setUp();
    const report = await buildFundingReport(core.deps, operator, {
      tenantId: world.tenantId,
      ...fundingPeriod,
      municipalityId: world.sued,
      audience: "funding_authority",
    });
    const csv = reportCsv(report, inGerman);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("Mandant-ID;Mandant;Von;Bis;Gemeinde-ID;Gemeinde;Bereich;Kennzahl;Wert;Bezeichnung");
    expect(lines).toContain(
      `${world.tenantId};Landkreis Zählheim;2025-01-01;2025-03-31;${world.sued};Süd;Klientinnen und Klienten;supported;2;Unterstützte Personen`,
    );
    expect(lines).toContain(`${world.tenantId};Landkreis Zählheim;2025-01-01;2025-03-31;${world.sued};Süd;Kontakte;hours;1,5;Kontakte in Stunden`);
    expect(lines).toContain(
      `${world.tenantId};Landkreis Zählheim;2025-01-01;2025-03-31;${world.sued};Süd;Integrationsmanager/innen;no_qualification_a;ja;Team ohne Fachkraft mit Qualifikation a`,
    );
    // Every figure is named in German: its kind, area, status or service in words, never a code or a missing text.
    const names = lines.slice(1).map((line) => line.split(";").at(-1) ?? "");
    expect(names.filter((name) => name === "" || /[a-z]+_[a-z]+|\.|…/.test(name))).toEqual([]);
    expect(names).toContain("Ziele (Sprache): erreicht");
    expect(names).toContain("Kontakte: Hausbesuch");
    expect(names).toContain("Vermittlungen an: Jobcenter");
  });

  it("German CSV round-trips: read back, every value is the report's (exact and shared alike)", async () => {
    const { core, world } = await setUp();
    for (const audience of ["funding_authority", "shared"] as const) {
      const report = await buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, audience });
      const table = parseCsv(reportCsv(report, inGerman));
      expect(table.columns).toEqual(reportColumns.map((column) => column.toLowerCase()));
      const read = table.rows.map(({ cells }) => {
        const value = cells[8] ?? "";
        return { block: cells[4], key: cells[7], value: /^-?\d+(,\d+)?$/.test(value) ? Number(value.replace(",", ".")) : value };
      });
      const expected = report.municipalities.flatMap((block) => [
        ...block.figures.map((f) => ({
          block: block.scope === "municipality" ? block.municipalityId : block.scope === "all" ? "alle" : "ohne",
          key: f.key,
          value: f.value,
        })),
        {
          block: block.scope === "municipality" ? block.municipalityId : block.scope === "all" ? "alle" : "ohne",
          key: "no_qualification_a",
          value: block.noQualificationA ? "ja" : "nein",
        },
      ]);
      expect(read).toEqual(expected);
    }
  });

  it("keeps a name with ';' or quotes in one cell", () => {
    expect(germanCsv({ sheet: "x", columns: ["a", "b"], rows: [['Stadt "Nord"; West', 2.5]] })).toBe('\uFEFFa;b\r\n"Stadt ""Nord""; West";2,5\r\n');
  });

  it("is for operators and the tenant's supervisors and admins only", async () => {
    const { core, world, supervisor, manager } = await setUp();
    const input = { tenantId: world.tenantId, ...fundingPeriod, audience: "funding_authority" };
    expect(await codeOf(buildFundingReport(core.deps, supervisor, input))).toBe("ok");
    expect(await codeOf(buildFundingReport(core.deps, manager, input))).toBe("forbidden");
    expect(await codeOf(buildFundingReport(core.deps, { ...supervisor, tenantId: world.otherTenantId } as Actor, input))).toBe("forbidden");
    expect(await codeOf(buildFundingReport(core.deps, { kind: "client", clientId: "x", householdId: "y", tenantId: world.tenantId }, input))).toBe("forbidden");
  });

  it("refuses bad periods and unknown municipalities with a clear error", async () => {
    const { core, world } = await setUp();
    expect(
      await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "2025-04-01", to: "2025-03-01", audience: "funding_authority" })),
    ).toBe("invalid_input");
    expect(
      await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "2025-02-30", to: "2025-03-01", audience: "funding_authority" })),
    ).toBe("invalid_input");
    expect(
      await codeOf(buildFundingReport(core.deps, operator, { tenantId: world.tenantId, from: "1.1.2027", to: "2025-03-01", audience: "funding_authority" })),
    ).toBe("invalid_input");
    expect(
      await codeOf(
        buildFundingReport(core.deps, operator, { tenantId: world.tenantId, ...fundingPeriod, municipalityId: "nope", audience: "funding_authority" }),
      ),
    ).toBe("not_found");
    expect(await codeOf(buildFundingReport(core.deps, operator, { tenantId: "nope", ...fundingPeriod, audience: "funding_authority" }))).toBe("not_found");
  });
});
