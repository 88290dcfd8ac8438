import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lotse } from "../support/cli.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { expectedFigures, fundingPeriod, seedFundingWorld, type FundingWorld } from "../unit/core/reports/funding-seed.ts";

const DATA_KEY = Buffer.from("lotse-report-test-key-0123456789").toString("base64");

for (const kind of databaseKinds()) {
  describe(`lotse report on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let world: FundingWorld;

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
    });

    it("reports the seeded counts as CSV, per municipality and in total", async () => {
      // The seed's "now" lies after the period, so overdue reviews count up to the period's end.
      const run = await lotse(env, "report", "--tenant", world.tenantId, "--from", fundingPeriod.from, "--to", fundingPeriod.to, "--format", "csv");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const rows = run.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(","));
      const value = (scope: string, section: string, key: string) =>
        rows.find((r) => (scope === "all" ? r[3] === "all" : r[4] === scope) && r[5] === section && r[6] === key)?.[7];
      for (const [scope, section, key, expected] of expectedFigures) {
        expect({ scope, section, key, value: value(scope, section, key) }).toEqual({ scope, section, key, value: String(expected) });
      }
      expect(value("Süd", "managers", "no_qualification_a")).toBe("yes");
      expect(value("Nord", "managers", "no_qualification_a")).toBe("no");
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
      const md = await lotse(env, "report", "--tenant", world.tenantId, "--from", fundingPeriod.from, "--to", fundingPeriod.to, "--format", "md");
      expect(md.code).toBe(0);
      expect(md.stdout).toContain("## Süd");
      expect(md.stdout).toContain("none with qualification a");
    });

    it("answers bad input with a usage error and exit code 2", async () => {
      const badFormat = await lotse(env, "report", "--tenant", world.tenantId, "--from", fundingPeriod.from, "--to", fundingPeriod.to, "--format", "xlsx");
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toContain("--format must be csv, json or md");
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
