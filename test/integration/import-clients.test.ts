import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64 } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const DATA_KEY = Buffer.from("lotse-import-test-key-0123456789").toString("base64");
const digest = aesGcmCrypto(dataKeyFromBase64(DATA_KEY)).digest;

const goodCsv = [
  "name;language;household;municipality;manager;case_started;languages;work_experience;degrees",
  "Amina Haddad;ar;Familie Haddad;Plochingen;Eva Muster;2025-04-01;ar:native|de:A2;Schneiderei:6;",
  "Yusuf Haddad;ar;Familie Haddad;Plochingen;Eva Muster;2025-04-01;;;Bauingenieur:in_progress",
  "Olena Kovalenko;uk;;;Eva Muster;2026-01-15;uk:native;;",
].join("\r\n");

const brokenCsv = ["name,language,manager,children_count", "Amina Haddad,ar,Eva Muster,2", "Tesfay,tigrinya,Eva Muster,", "Hodan,so,Eva Muster,-1"].join("\n");

for (const kind of databaseKinds()) {
  describe(`lotse import clients on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: PrismaStore;
    let env: Record<string, string>;
    let dir: string;
    let tenantId: string;

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY };
      await migrate(db.target);
      store = createPrismaStore(db.target);
      dir = mkdtempSync(join(tmpdir(), "lotse-import-"));
      writeFileSync(join(dir, "good.csv"), goodCsv);
      writeFileSync(join(dir, "broken.csv"), brokenCsv);
      const tenant = JSON.parse((await lotse(env, "tenant", "add", "--name", "Landkreis Esslingen", "--json")).stdout) as { id: string };
      tenantId = tenant.id;
      await lotse(env, "municipality", "add", "--tenant", tenantId, "--name", "Plochingen");
      await lotse(env, "manager", "add", "--tenant", tenantId, "--name", "Eva Muster");
    });

    afterAll(async () => {
      await store?.close();
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const counts = async () => ({
      clients: await store.db.client.count(),
      households: await store.db.household.count(),
      invites: await store.db.invite.count(),
      assessments: await store.db.assessment.count(),
      audit: await store.db.auditEvent.count(),
    });

    it("a dry run prints each row and changes nothing", async () => {
      const before = await counts();
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", join(dir, "good.csv"), "--dry-run");
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout.split("\n")).toEqual([
        `Read ${join(dir, "good.csv")} as UTF-8.`,
        'row 2: would import Amina Haddad (ar), household "Familie Haddad" (new), Plochingen, manager Eva Muster, case started 2025-04-01, assessment: languages, workExperience',
        'row 3: would import Yusuf Haddad (ar), household "Familie Haddad" (with the row above), Plochingen, manager Eva Muster, case started 2025-04-01, assessment: degrees',
        'row 4: would import Olena Kovalenko (uk), household "Olena Kovalenko" (new), manager Eva Muster, case started 2026-01-15, assessment: languages',
        "Dry run: 3 client(s) would be imported; nothing was changed.",
        "",
      ]);
      expect(await counts()).toEqual(before);
    });

    it("a broken file names each row and column, exits non-zero and imports nothing", async () => {
      const before = await counts();
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", join(dir, "broken.csv"));
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("lotse: invalid input");
      expect(run.stderr).toMatch(/row 3, column language: /);
      expect(run.stderr).toMatch(/row 4, column children_count: /);
      expect(run.stderr).not.toMatch(/row 2/);
      expect(await counts()).toEqual(before);
    });

    it("a file German Excel saved as 'CSV (Trennzeichen-getrennt)' (Windows-1252) is read as such, and says so", async () => {
      const path = join(dir, "excel-1252.csv");
      writeFileSync(path, Buffer.from("name;language;manager\r\nJ\xfcrgen M\xfcller;de;Eva Muster\r\n", "latin1"));
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", path, "--dry-run", "--json");
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as { encoding: string; rows: { name: string }[] };
      expect(result).toMatchObject({ encoding: "windows-1252", rows: [{ name: "Jürgen Müller" }] });
      const text = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", path, "--dry-run");
      expect(text.stdout).toContain("as Windows-1252");
      expect(text.stdout).toContain("Jürgen Müller (de)");
      expect(text.stdout).not.toContain("\ufffd");
    });

    it("a UTF-16 file (Excel's 'Unicode-Text') is refused with what to save instead, and nothing changes", async () => {
      const before = await counts();
      const path = join(dir, "excel-utf16.csv");
      writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name;language;manager\r\nJürgen;de;Eva Muster\r\n", "utf16le")]));
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", path);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("UTF-16");
      expect(run.stderr).toContain("CSV UTF-8");
      expect(await counts()).toEqual(before);
    });

    it("a missing file is a usage error", async () => {
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", join(dir, "nope.csv"));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("cannot read --file");
    });

    it("imports all rows in one go, with an invite code for each client", async () => {
      const before = await counts();
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", join(dir, "good.csv"), "--json");
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout) as { rows: { clientId: string; name: string; invite: { code: string } }[] };
      expect(result.rows.map((r) => r.name)).toEqual(["Amina Haddad", "Yusuf Haddad", "Olena Kovalenko"]);
      expect(await counts()).toEqual({
        clients: before.clients + 3,
        households: before.households + 2,
        invites: before.invites + 3,
        assessments: before.assessments + 3,
        audit: before.audit + 3,
      });
      for (const row of result.rows) {
        expect(await store.invites.findByCodeHash(digest(row.invite.code))).toMatchObject({ purpose: "link_client", clientId: row.clientId });
      }
      const amina = await store.clients.get(result.rows[0]!.clientId);
      expect(amina).toMatchObject({ language: "ar", caseStartedAt: new Date("2025-03-31T22:00:00Z") });
      expect((await store.assessments.get(amina!.id))?.data).toMatchObject({ workExperience: [{ field: "Schneiderei", years: 6 }] });
    });

    it("importing the same file again is refused as a whole", async () => {
      const before = await counts();
      const run = await lotse(env, "import", "clients", "--tenant", tenantId, "--file", join(dir, "good.csv"));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/row 2, column name: this client already exists in this household/);
      expect(run.stderr).toMatch(/row 4, column name: this client already exists/);
      expect(await counts()).toEqual(before);
    });
  });
}
