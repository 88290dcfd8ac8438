import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { backupSqlite } from "../../store/sqlite-backup.ts";
import { environmentOf, UsageError, type CliCommand } from "../command.ts";
import { asCliError, describeBackup, POSTGRES_BACKUP_ADVICE, sqliteFileOf } from "../database-file.ts";

const outSchema = z.string().trim().min(1, "names the file to write");

/** An online backup of the SQLite database while the server runs (SQLite's backup API: a consistent snapshot). */
export const backupCommand: CliCommand = {
  path: ["backup"],
  summary: "write a consistent copy of the SQLite database while the server runs (PostgreSQL: prints the pg_dump command)",
  usage: "lotse backup --out FILE [--json]",
  options: {
    out: { type: "string", description: "the backup file to write (must not exist)" },
  },
  needs: "nothing",
  async run(options, environment) {
    const out = outSchema.safeParse(options.out);
    if (!out.success) throw new UsageError(`--out: ${out.error.issues[0]?.message ?? "invalid"}`);
    const file = sqliteFileOf(environmentOf(environment));
    if (file === null) throw new Error(`backup: DATABASE_URL is PostgreSQL.\n${POSTGRES_BACKUP_ADVICE}`);
    const target = resolve(out.data);
    mkdirSync(dirname(target), { recursive: true });
    const started = Date.now();
    const summary = await backupSqlite(file, target).catch((error: unknown) => {
      throw asCliError(error, "out");
    });
    const seconds = (Date.now() - started) / 1000;
    return {
      json: { file: target, bytes: summary.bytes, migrations: summary.migrations.length, tenants: summary.tenants, clients: summary.clients, seconds },
      text: [
        `Backup written: ${target} (${describeBackup(summary)}, ${seconds.toFixed(1)} s).`,
        "It holds personal data: store it encrypted and with the same care as the database.",
        "The data key is NOT in it: without LOTSE_DATA_KEY (and LOTSE_DATA_KEYS_OLD) its notes and other sealed fields cannot be read.",
        "Keep the key apart from the backups and back it up separately.",
      ].join("\n"),
    };
  },
};
