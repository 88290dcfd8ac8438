import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64, randomIds } from "../../src/app/node-ports.ts";
import { operator } from "../../src/core/actor.ts";
import { recordAudit } from "../../src/core/audit/record-audit.ts";
import { parseCsv } from "../../src/core/import/csv.ts";
import type { Manager } from "../../src/core/setup/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { lotse } from "../support/cli.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { seedManager, seedTenant, staffActor } from "../support/seed.ts";

const KEY = Buffer.from("lotse-audit-export-test-key-0123").toString("base64");

for (const kind of databaseKinds()) {
  describe(`lotse audit export on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let tenantId: string;
    let eva: Manager;
    const dir = mkdtempSync(join(tmpdir(), "lotse-audit-export-"));
    const period = () => ["--tenant", tenantId, "--from", "2027-04-01", "--to", "2027-06-30"];

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      tenantId = await seedTenant(store, "Landkreis Prüfhausen");
      eva = await seedManager(store, tenantId, "manager", "Eva Muster");
      const jonas = await seedManager(store, tenantId, "manager", "Jonas Beispiel");
      const clock = new FakeClock("2027-04-10T08:00:00Z");
      const deps = { clock, ids: randomIds, crypto: aesGcmCrypto(dataKeyFromBase64(KEY)) };
      const entries: [string, Manager | null, string][] = [
        ["2027-03-31T21:30:00Z", eva, "client.read"], // 31 March in Berlin: before the period
        ["2027-04-10T08:00:00Z", eva, "contact.create"],
        ["2027-05-02T10:00:00Z", jonas, "plan.update"],
        ["2027-05-03T10:00:00Z", null, "client.erase"],
      ];
      for (const [at, who, action] of entries) {
        clock.set(at);
        await recordAudit(deps, store, who ? staffActor(who) : operator, { action, subjectKind: "client", subjectId: "c-1", tenantId, clientId: "c-1" });
      }
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("writes the tenant's entries of the period as German CSV to a new file and says how many", async () => {
      const file = join(dir, `audit-${kind.name}.csv`);
      const run = await lotse(env, "audit", "export", ...period(), "--out", file);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("3 entries written to");
      const text = readFileSync(file, "utf8");
      expect(text.startsWith("\uFEFFZeit (UTC);Rolle;Person-ID;Person;Aktion")).toBe(true);
      expect(parseCsv(text).rows.map((r) => [r.cells[3], r.cells[4]])).toEqual([
        ["Eva Muster", "contact.create"],
        ["Jonas Beispiel", "plan.update"],
        ["", "client.erase"],
      ]);
    });

    it("keeps to one staff member with --staff, as JSON", async () => {
      const run = await lotse(env, "audit", "export", ...period(), "--staff", eva.id, "--format", "json");
      expect(run.code).toBe(0);
      const data = JSON.parse(run.stdout) as { staffId: string; events: { actorName: string; action: string }[] };
      expect(data.staffId).toBe(eva.id);
      expect(data.events.map((e) => [e.actorName, e.action])).toEqual([["Eva Muster", "contact.create"]]);
    });

    it("answers bad input with exit code 2 and the option to correct", async () => {
      const cases: [string[], string][] = [
        [["--tenant", "nope", "--from", "2027-04-01", "--to", "2027-06-30"], "--tenant"],
        [[...period(), "--staff", "nobody"], "--staff"],
        [["--tenant", tenantId, "--from", "2027-02-30", "--to", "2027-06-30"], "--from"],
        [["--tenant", tenantId, "--from", "2027-04-01", "--to", "2027-03-01"], "--to"],
        [[...period(), "--format", "xlsx"], "--format"],
        [[...period(), "--out", join(dir, "no-such-folder", "a.csv")], "--out"],
      ];
      for (const [args, option] of cases) {
        const run = await lotse(env, "audit", "export", ...args);
        expect({ args, code: run.code, names: run.stderr.includes(option) }).toEqual({ args, code: 2, names: true });
      }
    });
  });
}
