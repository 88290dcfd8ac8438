import { existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";
import { readMigrations } from "./migrator.ts";

/**
 * Online backup and restore of the SQLite database with SQLite's backup API (better-sqlite3's `.backup()`): a
 * consistent copy while the server keeps writing. Copying the file itself is not safe under WAL (recent commits live
 * in the -wal file). The copy is taken in one step (one read transaction: a snapshot, writers are not blocked);
 * with small steps SQLite restarts the copy after each write of another connection, and under steady load it might
 * never finish.
 */

const ALL_PAGES = 0x7fffffff;
const SQLITE_HEADER = "SQLite format 3\0";

export interface SqliteFileSummary {
  bytes: number;
  /** Names in the migrator's journal, oldest first. */
  migrations: string[];
  tenants: number;
  clients: number;
}

export class BackupError extends Error {
  constructor(
    readonly code: "in_use" | "not_sqlite" | "damaged" | "not_lotse" | "newer_release" | "exists",
    message: string,
  ) {
    super(message);
  }
}

/** Writes a consistent copy of `file` to `out` (through a temporary file beside it, renamed when complete and checked). */
export async function backupSqlite(file: string, out: string): Promise<SqliteFileSummary> {
  if (!existsSync(file)) throw new Error(`there is no database at ${file} (DATABASE_URL)`);
  if (existsSync(out)) throw new BackupError("exists", `${out} exists already: name a new file`);
  const partial = join(dirname(out), `.${basename(out)}.partial`);
  rmSync(partial, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  try {
    const summary = inspectSqlite(partial);
    renameSync(partial, out);
    return summary;
  } catch (error) {
    rmSync(partial, { force: true });
    // The copy is what the database is: the problem is the database's (DATABASE_URL), not the file named by --out.
    throw error instanceof BackupError ? new Error(`the database at ${file} (DATABASE_URL): ${error.message.replace(partial, "its copy")}`) : error;
  }
}

/** Checks a file is a sound Lotse database (integrity, migrator journal) and counts what it holds; changes nothing. */
export function inspectSqlite(file: string): SqliteFileSummary {
  const header = readFileSync(file).subarray(0, SQLITE_HEADER.length).toString("latin1");
  if (header !== SQLITE_HEADER) throw new BackupError("not_sqlite", `${file} is not a SQLite database`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError("damaged", `${file} is damaged (quick_check: ${String(check)})`);
    const hasJournal = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_lotse_migrations'").get();
    if (!hasJournal) throw new BackupError("not_lotse", `${file} is not a Lotse database (no migration journal)`);
    const migrations = (db.prepare("SELECT name FROM _lotse_migrations ORDER BY name").all() as { name: string }[]).map((row) => String(row.name));
    const count = (table: string) => Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
    return { bytes: statSync(file).size, migrations, tenants: count("Tenant"), clients: count("Client") };
  } finally {
    db.close();
  }
}

/**
 * Whether any other connection has `file` open (the server, a CLI command): SQLite lets one connection take the
 * database exclusively only when no other holds it, in WAL mode too (each open connection holds a shared lock).
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `file` with the backup `from` (checked first). Refuses while another connection has the
 * database open: stop the server first. A backup from an older release is fine (the server migrates at start); one
 * from a newer release is refused.
 */
export async function restoreSqlite(from: string, file: string): Promise<SqliteFileSummary> {
  const summary = inspectSqlite(from);
  const known = new Set(readMigrations("sqlite").map((m) => m.name));
  const unknown = summary.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BackupError("newer_release", `the backup comes from a newer release of Lotse (migrations this one does not know: ${unknown.join(", ")})`);
  }
  if (sqliteInUse(file)) throw new BackupError("in_use", `${file} is in use (the server is running?): stop it, then restore`);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  return inspectSqlite(file);
}
