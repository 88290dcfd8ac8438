import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseProvider, DatabaseTarget } from "./database-url.ts";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_FORGET_PERSONAL_SAMPLES, SQLITE_HAS_SAMPLES } from "./sqlite-adapter.ts";

/**
 * Applies the SQL migrations in prisma/<provider>/migrations (written by `npm run db:migration`) in name order,
 * each in its own transaction, and records them in `_lotse_migrations`. It needs no Prisma CLI, so a production
 * install without dev dependencies can migrate, and start-up stays fast. An applied migration whose file changed
 * afterwards stops the process: migrations are append-only.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  provider: DatabaseProvider;
  applied: string[];
  alreadyApplied: number;
}

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), "../../prisma");
const POSTGRES_MIGRATION_LOCK = 4_240_001; // advisory lock key: one migrator at a time

export function readMigrations(provider: DatabaseProvider): Migration[] {
  const dir = join(migrationsRoot, provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(target: DatabaseTarget): Promise<MigrationResult> {
  const migrations = readMigrations(target.provider);
  return target.provider === "postgresql" ? migratePostgres(target.url, migrations) : migrateSqlite(target, migrations);
}

/**
 * The migrations a database still needs, without applying any and without creating anything (a SQLite file that
 * does not exist needs them all). The CLI's commands other than `lotse migrate` refuse to run while any are pending,
 * so a newer CLI never migrates a database under an older running server.
 */
export async function pendingMigrationNames(target: DatabaseTarget): Promise<string[]> {
  const migrations = readMigrations(target.provider);
  const applied = target.provider === "postgresql" ? await appliedPostgres(target.url) : appliedSqlite(target);
  return pendingMigrations(migrations, applied).map((m) => m.name);
}

function appliedSqlite(target: DatabaseTarget): Map<string, string> {
  if (!target.file || !existsSync(target.file)) return new Map();
  const db = new Database(target.file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_lotse_migrations'").get()) return new Map();
    const rows = db.prepare("SELECT name, checksum FROM _lotse_migrations").all() as { name: string; checksum: string }[];
    return new Map(rows.map((row) => [String(row.name), String(row.checksum)]));
  } finally {
    db.close();
  }
}

async function appliedPostgres(url: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query<{ table: string | null }>("SELECT to_regclass('_lotse_migrations')::text AS table");
    if (!exists.rows[0]?.table) return new Map();
    const rows = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _lotse_migrations");
    return new Map(rows.rows.map((row) => [row.name, row.checksum]));
  } finally {
    await client.end();
  }
}

function pendingMigrations(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const [name, checksum] of applied) {
    const migration = migrations.find((m) => m.name === name);
    if (migration && migration.checksum !== checksum) {
      throw new Error(`migration ${name} was changed after it was applied; add a new migration instead`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

async function migrateSqlite(target: DatabaseTarget, migrations: Migration[]): Promise<MigrationResult> {
  if (!target.file) throw new Error("a SQLite target needs a file");
  mkdirSync(dirname(target.file), { recursive: true });
  const db = new Database(target.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE IF NOT EXISTS _lotse_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
    const rows = db.prepare("SELECT name, checksum FROM _lotse_migrations").all() as { name: string; checksum: string }[];
    const applied = new Map(rows.map((row) => [String(row.name), String(row.checksum)]));
    const pending = pendingMigrations(migrations, applied);
    const record = db.prepare("INSERT INTO _lotse_migrations (name, checksum, applied_at) VALUES (?, ?, ?)");
    for (const migration of pending) {
      try {
        db.exec("BEGIN IMMEDIATE");
        db.exec(migration.sql);
        record.run(migration.name, migration.checksum, new Date().toISOString());
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    // Table statistics for the query planner (SQLite gathers none by itself): without them it reads every pending
    // outbox row to find one client's or one appointment's reminders instead of using their indexes.
    db.pragma("secure_delete = ON");
    db.pragma("optimize = 0x10002");
    if (db.prepare(SQLITE_HAS_SAMPLES).get()) db.exec(SQLITE_FORGET_PERSONAL_SAMPLES);
    return { provider: "sqlite", applied: pending.map((m) => m.name), alreadyApplied: applied.size };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [POSTGRES_MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS _lotse_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
    const rows = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _lotse_migrations");
    const applied = new Map(rows.rows.map((row) => [row.name, row.checksum]));
    const pending = pendingMigrations(migrations, applied);
    for (const migration of pending) {
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query("INSERT INTO _lotse_migrations (name, checksum, applied_at) VALUES ($1, $2, now())", [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { provider: "postgresql", applied: pending.map((m) => m.name), alreadyApplied: applied.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [POSTGRES_MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
