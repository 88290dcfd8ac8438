import { resolve } from "node:path";
import { z } from "zod";
import { inspectSqlite, restoreSqlite } from "../../store/sqlite-backup.ts";
import { environmentOf, UsageError, type CliCommand } from "../command.ts";
import { asCliError, describeBackup, POSTGRES_BACKUP_ADVICE, sqliteFileOf } from "../database-file.ts";

const fromSchema = z.string().trim().min(1, "names the backup file to restore");

/** Replaces the SQLite database with a backup; only while the server is stopped (it checks). */
export const restoreCommand: CliCommand = {
  path: ["restore"],
  summary: "replace the SQLite database with a backup from `lotse backup` (stop the server first)",
  usage: "lotse restore --from FILE --yes [--json]",
  options: {
    from: { type: "string", description: "the backup file" },
    yes: { type: "boolean", description: "replace the current database (without it: only check the backup)" },
  },
  needs: "nothing",
  async run(options, environment) {
    const from = fromSchema.safeParse(options.from);
    if (!from.success) throw new UsageError(`--from: ${from.error.issues[0]?.message ?? "invalid"}`);
    const file = sqliteFileOf(environmentOf(environment));
    if (file === null) throw new Error(`restore: DATABASE_URL is PostgreSQL.\n${POSTGRES_BACKUP_ADVICE}`);
    const source = resolve(from.data);
    const fail = (error: unknown) => {
      throw asCliError((error as { code?: string }).code === "ENOENT" ? new UsageError(`--from: ${source} does not exist`) : error, "from");
    };
    if (options.yes !== true) {
      let summary;
      try {
        summary = inspectSqlite(source);
      } catch (error) {
        fail(error);
      }
      throw new UsageError(`--yes: the backup is sound (${describeBackup(summary!)}); add --yes to replace ${file} with it`);
    }
    const summary = await restoreSqlite(source, file).catch(fail);
    return {
      json: { file, from: source, bytes: summary!.bytes, migrations: summary!.migrations.length, tenants: summary!.tenants, clients: summary!.clients },
      text: [
        `Restored ${file} from ${source} (${describeBackup(summary!)}).`,
        "Start the server with the data key of the backup's time (LOTSE_DATA_KEY, and LOTSE_DATA_KEYS_OLD after a rotation); it applies newer migrations at start.",
        "Erasure requests carried out after the backup was taken are undone by it: carry them out again (lotse audit shows them).",
      ].join("\n"),
    };
  },
};
