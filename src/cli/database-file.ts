import { readConfig } from "../app/config.ts";
import { parseDatabaseUrl } from "../store/database-url.ts";
import { BackupError } from "../store/sqlite-backup.ts";
import { UsageError } from "./command.ts";

/** What `lotse backup` and `lotse restore` say for PostgreSQL: its own tools, of the server's major version. */
export const POSTGRES_BACKUP_ADVICE = [
  "On PostgreSQL use pg_dump and pg_restore of the server's major version (Lotse does not run them for you):",
  '  pg_dump --format=custom --file lotse.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --no-owner --dbname "$DATABASE_URL" lotse.dump   # with the servers stopped',
].join("\n");

/** The SQLite file of DATABASE_URL, or null on PostgreSQL. */
export function sqliteFileOf(env: Record<string, string | undefined>): string | null {
  const config = readConfig(env);
  if (!config.ok) throw new UsageError(`configuration: ${config.problems.join("; ")}`);
  const target = parseDatabaseUrl(config.config.DATABASE_URL);
  return target.provider === "sqlite" ? (target.file ?? null) : null;
}

/** A problem with the file a person named is bad input (exit 2, the option named); a database in use is not. */
export function asCliError(error: unknown, option: string): unknown {
  if (!(error instanceof BackupError)) return error;
  return error.code === "in_use" ? new Error(error.message) : new UsageError(`--${option}: ${error.message}`);
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const counted = (count: number, one: string, other: string) => `${count} ${count === 1 ? one : other}`;

/** "0.5 MB, 17 migrations, 1 tenant, 0 clients": what a backup holds, for a person. */
export const describeBackup = (summary: { bytes: number; migrations: string[]; tenants: number; clients: number }) =>
  [
    megabytes(summary.bytes),
    counted(summary.migrations.length, "migration", "migrations"),
    counted(summary.tenants, "tenant", "tenants"),
    counted(summary.clients, "client", "clients"),
  ].join(", ");
