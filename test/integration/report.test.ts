import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/core/import/csv.ts";
import { lotse } from "../support/cli.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { expectedFigures, fundingPeriod, seedFundingWorld, sharedValue, type FundingWorld } from "../unit/core/reports/funding-seed.ts";

interface JsonReport {
  audience: string;
  municipalities: { scope: string; municipalityId: string | null; name: string; figures: { section: string; key: string; value: number | string }[] }[];
}

const DATA_KEY = Buffer.from("lotse-report-test-key-0123456789").toString("base64");

for (const kind of databaseKinds()) {
  describe(`lotse report on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let world: FundingWorld;
    const dir = mkdtempSync(join(tmpdir(), "lotse-report-"));
    const period = () => ["--tenant", world.tenantId, "--from", fundingPeriod.from, "--to", fundingPeriod.to];

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      world = await seedFundingWorld(store);
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("reports the seeded counts exactly as German CSV, per municipality and in total", async () => {
      // The seed's "now" lies after the period, so overdue reviews count up to the period's end.
      const run = await lotse(env, "report", ...period(), "--format", "csv");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith("\uFEFFMandant-ID;Mandant;Von;Bis;Gemeinde-ID;Gemeinde;Bereich;Kennzahl;Wert;Bezeichnung")).toBe(true);
      const rows = parseCsv(run.stdout).rows.map((row) => row.cells);
      const value = (scope: string, key: string) => rows.find((r) => (scope === "all" ? r[4] === "alle" : r[5] === scope) && r[7] === key)?.[8];
      for (const [scope, section, key, expected] of expectedFigures) {
        expect({ scope, section, key, value: value(scope, key) }).toEqual({ scope, section, key, value: String(expected).replace(".", ",") });
      }
      expect(value("Süd", "no_qualification_a")).toBe("ja");
      expect(value("Nord", "no_qualification_a")).toBe("nein");
    });

    it("writes XLSX (--out) that a reader opens with the same numbers as the JSON", async () => {
      const file = join(dir, `bericht-${kind.name}.xlsx`);
      const run = await lotse(env, "report", ...period(), "--format", "xlsx", "--out", file);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(file);
      const json = JSON.parse((await lotse(env, "report", ...period(), "--format", "json")).stdout) as JsonReport;
      const sheets = await readXlsxFile(readFileSync(file));
      expect(sheets.map((sheet) => sheet.sheet)).toEqual(["Förderbericht", "Angaben"]);
      const [header, ...rows] = sheets[0]?.data ?? [];
      expect(header).toEqual(["Mandant-ID", "Mandant", "Von", "Bis", "Gemeinde-ID", "Gemeinde", "Bereich", "Kennzahl", "Wert", "Bezeichnung"]);
      const fromSheet = rows.filter((row) => row[7] !== "no_qualification_a").map((row) => [row[4], row[7], row[8]]);
      const fromJson = json.municipalities.flatMap((block) =>
        block.figures.map((f) => [block.scope === "municipality" ? block.municipalityId : block.scope === "all" ? "alle" : "ohne", f.key, f.value]),
      );
      expect(fromSheet).toEqual(fromJson);
      expect(fromSheet.every(([, , v]) => typeof v === "number")).toBe(true); // numbers, not texts, and no "<5"
      expect(sheets[1]?.data).toContainEqual(["Anzahlen", "genau (für die Förderstelle)"]);
    });

    it("hides 1 to 4 as <5 only when told the audience is shared", async () => {
      const run = await lotse(env, "report", ...period(), "--format", "json", "--audience", "shared");
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.audience).toBe("shared");
      const all = report.municipalities.find((b) => b.scope === "all");
      for (const [scope, section, key, expected] of expectedFigures.filter(([scope]) => scope === "all")) {
        expect({ scope, section, key, value: all?.figures.find((f) => f.section === section && f.key === key)?.value }).toEqual({
          scope,
          section,
          key,
          value: sharedValue(key, expected),
        });
      }
    });

    it("writes JSON and Markdown, and one municipality only when asked", async () => {
      const json = await lotse(
        env,
        "report",
        "--tenant",
        world.tenantId,
        "--from",
        fundingPeriod.from,
        "--to",
        fundingPeriod.to,
        "--municipality",
        world.nord,
        "--format",
        "json",
      );
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as { municipalities: { name: string; figures: { key: string; value: unknown }[] }[] };
      expect(report.municipalities.map((m) => m.name)).toEqual(["Nord"]);
      expect(report.municipalities[0]?.figures.find((f) => f.key === "supported")?.value).toBe(7);
      const csvFile = join(dir, `nord-${kind.name}.csv`);
      const toFile = await lotse(env, "report", ...period(), "--municipality", world.nord, "--out", csvFile);
      expect(toFile.code).toBe(0);
      expect(readFileSync(csvFile, "utf8")).toContain(";Nord;Klientinnen und Klienten;supported;7;Unterstützte Personen\r\n");
      const md = await lotse(env, "report", "--tenant", world.tenantId, "--from", fundingPeriod.from, "--to", fundingPeriod.to, "--format", "md");
      expect(md.code).toBe(0);
      expect(md.stdout).toContain("## Süd");
      expect(md.stdout).toContain("none with qualification a");
    });

    it("answers bad input with a usage error and exit code 2, naming the option", async () => {
      const badFormat = await lotse(env, "report", ...period(), "--format", "pdf");
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toContain("--format: must be one of csv, json, md, xlsx");
      const xlsxToScreen = await lotse(env, "report", ...period(), "--format", "xlsx");
      expect(xlsxToScreen.code).toBe(2);
      expect(xlsxToScreen.stderr).toContain("--out");
      const badAudience = await lotse(env, "report", ...period(), "--audience", "everyone");
      expect(badAudience.code).toBe(2);
      expect(badAudience.stderr).toContain("--audience: must be funding-authority or shared");
      const taken = join(dir, "taken.csv");
      writeFileSync(taken, "keep me");
      const existing = await lotse(env, "report", ...period(), "--out", taken);
      expect(existing.code).toBe(2);
      expect(existing.stderr).toContain("--out");
      expect(readFileSync(taken, "utf8")).toBe("keep me");
      const badDate = await lotse(env, "report", "--tenant", world.tenantId, "--from", "01.01.2027", "--to", fundingPeriod.to);
      expect(badDate.code).toBe(2);
      expect(badDate.stderr).toContain("--from");
      // A day that does not exist is named at its own option (it blamed "--when", an option report does not have).
      const noSuchDay = await lotse(env, "report", "--tenant", world.tenantId, "--from", "2027-02-30", "--to", fundingPeriod.to);
      expect(noSuchDay.code).toBe(2);
      expect(noSuchDay.stderr).toContain("--from: must be a calendar date");
      expect(noSuchDay.stderr).not.toContain("--when");
    });
  });
}
