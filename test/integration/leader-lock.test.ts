import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advisoryLeaderLock, dispatcherLock, soleInstanceLock } from "../../src/store/leader-lock.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const postgres = databaseKinds().filter((kind) => kind.name === "postgresql");

describe.skipIf(postgres.length === 0).each(postgres)("the dispatcher's advisory lock on $name", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await kind.create();
  });
  afterAll(async () => {
    await database.drop();
  });

  it("lets one instance lead; another takes over when it lets go or its session dies", async () => {
    const a = advisoryLeaderLock(database.url, "lotse:test");
    const b = advisoryLeaderLock(database.url, "lotse:test");
    const other = advisoryLeaderLock(database.url, "lotse:other");
    try {
      expect(await a.acquire()).toBe(true);
      expect(await a.acquire()).toBe(true); // still held
      expect(await b.acquire()).toBe(false);
      expect(await other.acquire()).toBe(true); // another name, another lock
      await a.release();
      expect(await b.acquire()).toBe(true);
      expect(await a.acquire()).toBe(false);

      // b's session dies (a crashed instance): PostgreSQL frees the lock, a takes over, b notices it lost it
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtextextended('lotse:test', 0) & 4294967295)::oid`,
      );
      await admin.end();
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
    } finally {
      await Promise.all([a.release(), b.release(), other.release()]);
    }
  });
});

describe("the dispatcher's lock on SQLite", () => {
  it("always leads: one instance by design", async () => {
    const lock = dispatcherLock({ provider: "sqlite", url: "file:/tmp/x.db", file: "/tmp/x.db" });
    expect(lock).toBe(soleInstanceLock);
    expect(await lock.acquire()).toBe(true);
  });
});
