import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createLogger } from "../../src/app/logger.ts";
import { parseDatabaseUrl } from "../../src/store/database-url.ts";
import { migrate, readMigrations } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { lotse } from "../support/cli.ts";
import { seedClient, seedManager, seedTenant } from "../support/seed.ts";

const DATA_KEY = Buffer.from("lotse-backup-test-key-0123456789").toString("base64");

/**
 * Another connection writing as fast as it can (a thread of its own, like the server's writes): each row is a
 * tenant with 2 KB of padding, committed one by one; `counts[0]` is the number committed, `counts[1] = 1` stops it.
 */
const writerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const counts = new Int32Array(workerData.shared);
const insert = db.prepare("INSERT INTO \\"Tenant\\" (\\"id\\", \\"name\\", \\"timezone\\") VALUES (?, ?, 'Europe/Berlin')");
const padding = "x".repeat(2048);
let n = 0;
while (Atomics.load(counts, 1) === 0) {
  insert.run("load-" + n, padding);
  n += 1;
  Atomics.store(counts, 0, n);
  if (n === 2000) parentPort.postMessage("warm");
}
db.close();
`;

const rows = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
};

describe("lotse backup and restore (SQLite)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lotse-backup-"));
  const file = join(dir, "lotse.db");
  const env = { DATABASE_URL: `file:${file}`, LOTSE_DATA_KEY: DATA_KEY };
  const backupFile = join(dir, "backups", "lotse-1.db");
  let store: PrismaStore;
  let tenantId: string;
  let clientId: string;
  let before = 0;
  let after = 0;

  beforeAll(async () => {
    await migrate(parseDatabaseUrl(env.DATABASE_URL));
    // The server's connection stays open all along (as the running server's does).
    store = createPrismaStore(parseDatabaseUrl(env.DATABASE_URL));
    tenantId = await seedTenant(store);
    const eva = await seedManager(store, tenantId, "manager", "Eva Muster");
    clientId = (await seedClient(store, tenantId, { managerId: eva.id, name: "Amina Haddad" })).id;
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes a consistent copy while another connection keeps writing, and says to keep the data key apart", async () => {
    const shared = new SharedArrayBuffer(8);
    const counts = new Int32Array(shared);
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const writer = new Worker(writerSource, { eval: true, workerData: { driver, file, shared } });
    const exited = once(writer, "exit");
    try {
      await once(writer, "message");
      before = Atomics.load(counts, 0);
      const run = await lotse(env, "backup", "--out", backupFile);
      after = Atomics.load(counts, 0);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Backup written: ${backupFile}`);
      expect(run.stdout).toMatch(/data key is NOT in it/);
      expect(run.stdout).toMatch(/Keep the key apart from the backups and back it up separately/);
    } finally {
      Atomics.store(counts, 1, 1);
      await exited;
    }
    // still writing while it copied: more rows at the end than when it started
    expect(after).toBeGreaterThan(before);
    // a snapshot: every row committed before it started, none committed after it ended
    const copied = rows(backupFile, `SELECT COUNT(*) AS n FROM "Tenant" WHERE "id" LIKE 'load-%'`);
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after + 1);
    const check = new Database(backupFile, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    expect(existsSync(join(dir, "backups", ".lotse-1.db.partial"))).toBe(false);
  });

  it("refuses to overwrite a file (exit 2, --out named)", async () => {
    const run = await lotse(env, "backup", "--out", backupFile);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out: .* exists already/);
  });

  it("refuses to restore while the database is open elsewhere (the server runs), and changes nothing", async () => {
    const tenantsNow = rows(file, `SELECT COUNT(*) AS n FROM "Tenant"`);
    const run = await lotse(env, "restore", "--from", backupFile, "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is in use \(the server is running\?\): stop it, then restore/);
    expect(rows(file, `SELECT COUNT(*) AS n FROM "Tenant"`)).toBe(tenantsNow);
  });

  it("without --yes only checks the backup and names --yes (exit 2); a file that is no database is refused naming --from", async () => {
    const check = await lotse(env, "restore", "--from", backupFile);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/--yes: the backup is sound \(.*migrations, .* tenants, 1 client\); add --yes to replace/);
    const junk = join(dir, "notes.txt");
    writeFileSync(junk, "not a database at all, just some text that is long enough");
    const refused = await lotse(env, "restore", "--from", junk, "--yes");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--from: .* is not a SQLite database/);
    const missing = await lotse(env, "restore", "--from", join(dir, "nope.db"), "--yes");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from: .* does not exist/);
  });

  it("restores once the server has stopped, and a server starts on it: migrations complete, the rows of the backup there", async () => {
    await store.close();
    const final = rows(file, `SELECT COUNT(*) AS n FROM "Tenant" WHERE "id" LIKE 'load-%'`);
    const copied = rows(backupFile, `SELECT COUNT(*) AS n FROM "Tenant" WHERE "id" LIKE 'load-%'`);
    expect(final).toBeGreaterThanOrEqual(copied);
    const run = await lotse(env, "restore", "--from", backupFile, "--yes");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Restored ${file}`);
    expect(rows(file, `SELECT COUNT(*) AS n FROM "Tenant" WHERE "id" LIKE 'load-%'`)).toBe(copied);

    const config = readConfig({ NODE_ENV: "test", ...env });
    if (!config.ok) throw new Error(config.problems.join("; "));
    const app = await createApp(config.config, { logger: createLogger("silent") });
    try {
      const base = await app.server.listen({ port: 0, host: "127.0.0.1" });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", pendingMigrations: [] });
      expect((await app.store.clients.get(clientId))?.name).toBe("Amina Haddad");
      expect((await app.store.tenants.get(tenantId))?.id).toBe(tenantId);
      expect(rows(file, "SELECT COUNT(*) AS n FROM _lotse_migrations")).toBe(readMigrations("sqlite").length);
    } finally {
      await app.close();
    }
    store = createPrismaStore(parseDatabaseUrl(env.DATABASE_URL));
  });
});

describe("lotse backup and restore on PostgreSQL", () => {
  it("refuse and print the pg_dump and pg_restore commands (exit 1), without connecting", async () => {
    const env = { DATABASE_URL: "postgresql://lotse@127.0.0.1:1/lotse", LOTSE_DATA_KEY: DATA_KEY };
    for (const argv of [
      ["backup", "--out", "x.db"],
      ["restore", "--from", "x.db", "--yes"],
    ]) {
      const run = await lotse(env, ...argv);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('pg_dump --format=custom --file lotse.dump "$DATABASE_URL"');
      expect(run.stderr).toContain("pg_restore --clean --if-exists --no-owner");
    }
  });
});
