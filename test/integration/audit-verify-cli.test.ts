import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aesGcmCrypto, dataKeyFromBase64, randomIds } from "../../src/app/node-ports.ts";
import { lotse } from "../support/cli.ts";
import { operator, type Actor } from "../../src/core/actor.ts";
import { recordAudit } from "../../src/core/audit/record-audit.ts";
import type { CoreDeps } from "../../src/core/deps.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { chronoDatePhrases } from "../../src/app/date-phrases.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";

const OLD_KEY = Buffer.from("lotse-audit-chain-old-key-012345").toString("base64");
const NEW_KEY = Buffer.from("lotse-audit-chain-new-key-012345").toString("base64");

interface Report {
  intact: boolean;
  checked: number;
  beforeChaining: number;
  broken: { problem: string; seq: number; id: string | null; at: string | null; missingEntries?: number; keyId?: string } | null;
}

async function verify(env: Record<string, string>) {
  const run = await lotse(env, "audit", "verify", "--json");
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const eva: Actor = { kind: "staff", managerId: "eva", tenantId: "t1", role: "manager" };

for (const kind of databaseKinds()) {
  describe(`lotse audit verify on ${kind.name}`, () => {
    let db: TestDatabase;
    let stores: PrismaStore[];
    let env: Record<string, string>;
    let clock: FakeClock;

    /** Core dependencies on one of two stores: two server instances on one database. */
    const depsOn = (store: PrismaStore, key = OLD_KEY): CoreDeps => ({
      store,
      clock,
      ids: randomIds,
      crypto: aesGcmCrypto(dataKeyFromBase64(key)),
      datePhrases: chronoDatePhrases,
      defaultZone: "Europe/Berlin",
    });
    const seqOf = async (seq: number) => {
      const row = await stores[0]?.db.auditEvent.findUnique({ where: { seq } });
      if (!row) throw new Error(`no audit entry ${seq}`);
      return row;
    };

    beforeAll(async () => {
      db = await kind.create();
      env = { DATABASE_URL: db.url, LOTSE_DATA_KEY: OLD_KEY };
      await migrate(db.target);
      stores = [createPrismaStore(db.target), createPrismaStore(db.target)];
      clock = new FakeClock("2027-05-04T08:00:00Z");
      // An entry from before the chain began (as a migrated database has them): counted, not checked.
      await stores[0]?.db.auditEvent.create({
        data: {
          id: "before",
          tenantId: "t1",
          actorKind: "manager",
          actorId: "eva",
          action: "client.read",
          subjectKind: "client",
          subjectId: "c0",
          clientId: "c0",
          at: clock.now(),
        },
      });
    });

    afterAll(async () => {
      for (const store of stores ?? []) await store.close();
      await db?.drop();
    });

    it("entries written by the command line and by two instances at once form one intact chain", async () => {
      expect((await lotse(env, "tenant", "add", "--name", "Landkreis Esslingen")).code).toBe(0);
      // SQLite: one server and the command line, not two servers; two connections in one process would wait for each
      // other's busy timeout (better-sqlite3 waits synchronously). Its transactions at once go through one store.
      const writers = kind.name === "postgresql" ? stores : [stores[0] as PrismaStore, stores[0] as PrismaStore];
      const writes = writers.flatMap((store, instance) =>
        Array.from({ length: 6 }, (_, i) => {
          const deps = depsOn(store);
          const subject = { action: "client.read", subjectKind: "client", subjectId: `c${instance}-${i}`, tenantId: "t1", clientId: `c${instance}-${i}` };
          return i % 2 === 0
            ? recordAudit(deps, store, eva, subject)
            : store.transaction(async (repositories) => {
                await recordAudit(deps, repositories, eva, subject);
                await recordAudit(deps, repositories, operator, { ...subject, action: "client.update" });
              });
        }),
      );
      await Promise.all(writes);
      expect((await lotse(env, "tenant", "list")).code).toBe(0);

      const text = await lotse(env, "audit", "verify");
      expect(text.stderr).toBe("");
      expect(text.code).toBe(0);
      // tenant add (1) + 2 × (3 alone + 3 transactions of 2)
      expect(text.stdout).toContain("intact: 19 entries (seq 1–19)");
      expect(text.stdout).toContain("before chaining: 1 older entries (not protected)");
      const { code, report } = await verify(env);
      expect(code).toBe(0);
      expect(report).toMatchObject({ intact: true, checked: 19, beforeChaining: 1, broken: null });
    });

    it("a changed action is reported at that entry (seq, id, time), exit 1; changed back, the chain is intact again", async () => {
      const target = await seqOf(5);
      await stores[0]?.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'client.erase' WHERE "seq" = 5`);
      const text = await lotse(env, "audit", "verify");
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`BROKEN at seq 5, id ${target.id}, at ${target.at.toISOString()}: the entry was changed`);
      const { code, report } = await verify(env);
      expect(code).toBe(1);
      expect(report).toMatchObject({ intact: false, checked: 4, broken: { problem: "changed", seq: 5, id: target.id, at: target.at.toISOString() } });

      await stores[0]?.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = '${target.action}' WHERE "seq" = 5`);
      expect((await verify(env)).code).toBe(0);
    });

    it("a deleted entry in the middle is reported at the entry after it", async () => {
      const next = await seqOf(8);
      await stores[0]?.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 7`);
      const text = await lotse(env, "audit", "verify");
      expect(text.code).toBe(1);
      expect(text.stdout).toContain(`BROKEN at seq 8, id ${next.id}`);
      expect(text.stdout).toContain("entries before it were removed (1 entry missing)");
      expect((await verify(env)).report.broken).toMatchObject({ problem: "missing", seq: 8, id: next.id, missingEntries: 1 });
    });

    it("the newest entries deleted: reported, as the chain ends before its head", async () => {
      await stores[0]?.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" >= 7`);
      expect((await verify(env)).report.broken).toMatchObject({ problem: "tail_missing", seq: 7, id: null, missingEntries: 13 });
    });

    it("after a key rotation both keys check their entries; without the old key the old entries cannot be checked", async () => {
      // make the chain whole again from seq 7 on: rewind the head to the last entry left (what an attacker could do
      // too: removing the newest entries and the head together is not visible in the database alone)
      const last = await seqOf(6);
      await stores[0]?.db.auditChainHead.update({ where: { id: "audit" }, data: { seq: 6, hash: last.hash ?? "" } });
      expect((await verify(env)).code).toBe(0);

      await recordAudit(depsOn(stores[1] as PrismaStore, NEW_KEY), stores[1] as PrismaStore, eva, {
        action: "client.read",
        subjectKind: "client",
        subjectId: "c9",
        tenantId: "t1",
      });
      const rotated = { ...env, LOTSE_DATA_KEY: NEW_KEY, LOTSE_DATA_KEYS_OLD: OLD_KEY };
      expect(await verify(rotated)).toMatchObject({ code: 0, report: { intact: true, checked: 7 } });
      const withoutOld = await verify({ ...env, LOTSE_DATA_KEY: NEW_KEY });
      expect(withoutOld.code).toBe(2); // a set-up problem (cannot check), not tampering
      expect(withoutOld.report.broken).toMatchObject({ problem: "unknown_key", seq: 1, keyId: dataKeyFromBase64(OLD_KEY).id });
    });
  });
}
