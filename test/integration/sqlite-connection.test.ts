import { readFileSync, statSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { SQLITE_CACHE_KIB } from "../../src/store/sqlite-adapter.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

/**
 * The SQLite store runs on one better-sqlite3 connection per process (src/store/sqlite-adapter.ts): statements
 * outside a transaction wait for an open one, and a server leaves WAL checkpoints to a thread of their own
 * (src/store/sqlite-checkpointer.ts).
 */
const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
if (!sqlite) throw new Error("no SQLite test database");

const setting = (store: PrismaStore, key: string) => store.settings.get(key);

describe("one SQLite connection for the process", () => {
  let database: TestDatabase;
  let store: PrismaStore;

  beforeEach(async () => {
    database = await sqlite.create();
    await migrate(database.target);
    store = createPrismaStore(database.target);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it("a write outside a transaction waits for the open one and survives its rollback", async () => {
    let inside!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const failing = store.transaction(async (repositories) => {
      await repositories.settings.set("in-transaction", "1");
      inside();
      await mayFinish;
      throw new Error("rolled back on purpose");
    });
    await transactionOpen;
    // Runs while the transaction is open: it must not become part of it.
    const outside = store.settings.set("outside", "kept");
    finish();
    await expect(failing).rejects.toThrow("rolled back on purpose");
    await outside;
    expect(await setting(store, "in-transaction")).toBeNull();
    expect(await setting(store, "outside")).toBe("kept");
  });

  it("a statement on the driver (the update claim) waits for the open transaction and survives its rollback", async () => {
    let inside!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const at = new Date("2027-03-01T09:00:00Z");
    const failing = store.transaction(async (repositories) => {
      await repositories.tenants.create({ id: "tenant-rolled-back", name: "Weg", timezone: "Europe/Berlin", createdAt: at });
      inside();
      await mayFinish;
      throw new Error("rolled back on purpose");
    });
    await transactionOpen;
    // Both run on better-sqlite3 beside Prisma while the transaction is open: neither may become part of it.
    const claimed = store.processedUpdates.claimUpdate("telegram", "1:1", at, { bootId: "boot", leaseMs: 60_000 });
    const read = store.tenants.get("tenant-rolled-back");
    finish();
    await expect(failing).rejects.toThrow("rolled back on purpose");
    expect(await claimed).toBe(true);
    expect(await read).toBeNull();
    expect(await store.processedUpdates.claimUpdate("telegram", "1:1", at, { bootId: "boot", leaseMs: 60_000 })).toBe(false);
  });

  it("a statement on the driver as the first of a fresh store opens the connection", async () => {
    const fresh = createPrismaStore(database.target);
    try {
      expect(await fresh.identities.findByExternal("telegram", "42")).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it("runs the same raw statement with numbered parameters many times (statements are reused)", async () => {
    for (let i = 0; i < 300; i += 1) await store.settings.set(`k${i}`, `v${i}`);
    const rows = await store.db.$queryRawUnsafe<{ value: string }[]>(`SELECT value FROM "Setting" WHERE key = ?1 OR key = ?2 ORDER BY value`, "k7", "k42");
    expect(rows.map((row) => row.value)).toEqual(["v42", "v7"]);
  });
});

describe("WAL checkpoints of a server (backgroundCheckpoints)", () => {
  let database: TestDatabase;
  let store: PrismaStore;

  beforeEach(async () => {
    database = await sqlite.create();
    await migrate(database.target);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const fileSize = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };

  /** About 8 MB in 40 commits: far more than SQLite's automatic checkpoint threshold (1,000 pages of 4 KB). */
  async function writeMegabytes(target: PrismaStore): Promise<void> {
    const value = "x".repeat(200_000);
    for (let i = 0; i < 40; i += 1) await target.settings.set(`big:${i}`, `${value}${i}`);
  }

  it("the serving connection never checkpoints inside a commit; the checkpoint thread copies the log into the database", async () => {
    store = createPrismaStore(database.target, { backgroundCheckpoints: true });
    const [autocheckpoint] = await store.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>("PRAGMA wal_autocheckpoint");
    expect(Number(autocheckpoint?.wal_autocheckpoint)).toBe(0);
    const file = database.target.file as string;
    const before = fileSize(file);
    await writeMegabytes(store);
    // The thread checkpoints every second; poll (no sleep) until the data has reached the database file.
    const deadline = Date.now() + 20_000;
    while (fileSize(file) < before + 8_000_000 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(fileSize(file)).toBeGreaterThan(before + 8_000_000);
    expect(await setting(store, "big:39")).toMatch(/39$/);
  });

  it("keeps SQLite's default page cache (2 MB), not better-sqlite3's 16 MB", async () => {
    store = createPrismaStore(database.target);
    const [cache] = await store.db.$queryRawUnsafe<{ cache_size: bigint | number }[]>("PRAGMA cache_size");
    expect(Number(cache?.cache_size)).toBe(-SQLITE_CACHE_KIB);
    expect(SQLITE_CACHE_KIB).toBe(2000);
  });

  it("overwrites what a write removes: an erased name is not left in the database file's free space", async () => {
    store = createPrismaStore(database.target);
    const [secure] = await store.db.$queryRawUnsafe<{ secure_delete: bigint | number }[]>("PRAGMA secure_delete");
    expect(Number(secure?.secure_delete)).toBe(1);
    for (let i = 0; i < 50; i += 1) await store.settings.set(`person:${i}`, `Amina Haddad ${"x".repeat(2000)} ${i}`);
    for (let i = 0; i < 50; i += 1) await store.settings.set(`person:${i}`, "—");
    await store.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = readFileSync(database.target.file as string);
    expect(file.includes(Buffer.from("Amina Haddad"))).toBe(false);
  });

  it("without it (the CLI) SQLite's automatic checkpoints stay on", async () => {
    store = createPrismaStore(database.target);
    const [autocheckpoint] = await store.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>("PRAGMA wal_autocheckpoint");
    expect(Number(autocheckpoint?.wal_autocheckpoint)).toBe(1000);
  });
});
