import { parseArgs } from "node:util";
import { isDomainError } from "../core/errors.ts";
import type { CoreDeps } from "../core/deps.ts";
import { readConfig } from "../app/config.ts";
import { chronoDatePhrases } from "../app/date-phrases.ts";
import { keyRingCrypto, loadKeyRing, storeSealer } from "../app/key-ring.ts";
import { createLogger } from "../app/logger.ts";
import { randomIds, systemClock } from "../app/node-ports.ts";
import { parseDatabaseUrl, type DatabaseTarget } from "../store/database-url.ts";
import { migrate, pendingMigrationNames, type MigrationResult } from "../store/migrator.ts";
import { createPrismaStore } from "../store/prisma-store.ts";
import { UsageError, type CliCommand, type OptionSpec } from "./command.ts";
import { auditCommand } from "./commands/audit.ts";
import { auditExportCommand } from "./commands/audit-export.ts";
import { backupCommand } from "./commands/backup.ts";
import { restoreCommand } from "./commands/restore.ts";
import { auditVerifyCommand } from "./commands/audit-verify.ts";
import { clientEraseCommand } from "./commands/client-erase.ts";
import { clientExportCommand } from "./commands/client-export.ts";
import { keysRotateCommand } from "./commands/keys-rotate.ts";
import { reportCommand } from "./commands/report.ts";
import { importClientsCommand } from "./commands/import-clients.ts";
import { managerAddCommand } from "./commands/manager-add.ts";
import { managerActivateCommand, managerDeactivateCommand } from "./commands/manager-deactivate.ts";
import { managerInviteCommand } from "./commands/manager-invite.ts";
import { managerListCommand } from "./commands/manager-list.ts";
import { managerReassignCommand } from "./commands/manager-reassign.ts";
import { managerSetCommand } from "./commands/manager-set.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { offerAddCommand } from "./commands/offer-add.ts";
import { offerRegionCommand } from "./commands/offer-region.ts";
import { offerSyncCommand } from "./commands/offer-sync.ts";
import { municipalityAddCommand } from "./commands/municipality-add.ts";
import { municipalityListCommand } from "./commands/municipality-list.ts";
import { tenantAddCommand } from "./commands/tenant-add.ts";
import { tenantListCommand } from "./commands/tenant-list.ts";
import { volunteerAddCommand } from "./commands/volunteer-add.ts";
import { volunteerInviteCommand } from "./commands/volunteer-invite.ts";
import { volunteerListCommand } from "./commands/volunteer-list.ts";
import { teamsManifestCommand } from "./commands/teams-manifest.ts";
import { tenantRemindersCommand } from "./commands/tenant-reminders.ts";
import { tenantRetentionCommand } from "./commands/tenant-retention.ts";

export const commands: CliCommand[] = [
  migrateCommand,
  tenantAddCommand,
  tenantListCommand,
  tenantRemindersCommand,
  tenantRetentionCommand,
  municipalityAddCommand,
  municipalityListCommand,
  managerAddCommand,
  managerListCommand,
  managerSetCommand,
  managerInviteCommand,
  managerDeactivateCommand,
  managerActivateCommand,
  managerReassignCommand,
  teamsManifestCommand,
  keysRotateCommand,
  auditVerifyCommand,
  auditExportCommand,
  auditCommand,
  clientExportCommand,
  clientEraseCommand,
  reportCommand,
  importClientsCommand,
  offerAddCommand,
  offerRegionCommand,
  offerSyncCommand,
  volunteerAddCommand,
  volunteerInviteCommand,
  volunteerListCommand,
  backupCommand,
  restoreCommand,
];

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(" ").length));
  const rows = commands.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`);
  return [
    "Lotse admin command line. Uses the same DATABASE_URL and LOTSE_DATA_KEY as the server.",
    "",
    "Usage: lotse <command> [options] [--json]",
    "",
    "Commands:",
    ...rows,
    "",
    "Every command takes --help, and --json for machine-readable output.",
  ].join("\n");
}

function commandHelp(command: CliCommand): string {
  const rows: [string, string][] = [
    ...Object.entries(command.options).map(([name, spec]): [string, string] => [
      `--${name}${spec.type === "string" ? " VALUE" : ""}`,
      `${spec.description}${spec.multiple && !spec.description.includes("(repeatable)") ? " (repeatable)" : ""}`,
    ]),
    ["--json", "machine-readable output"],
    ["--help", "this text"],
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const options = rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
  return [command.summary, "", `Usage: ${command.usage}`, "", "Options:", ...options].join("\n");
}

function findCommand(words: string[]): CliCommand | undefined {
  return commands.find((c) => c.path.length <= words.length && c.path.every((part, i) => words[i] === part));
}

function parseCommandOptions(command: CliCommand, args: string[]): { values: Record<string, unknown>; json: boolean; help: boolean } {
  const specs: Record<string, OptionSpec | { type: "boolean" }> = { ...command.options, json: { type: "boolean" }, help: { type: "boolean" } };
  const stringOptions = new Set(Object.entries(command.options).flatMap(([name, spec]) => (spec.type === "string" ? [`--${name}`] : [])));
  const joined = args.flatMap((arg, i) => {
    const next = args[i + 1];
    if (stringOptions.has(arg) && next !== undefined && /^-\d/.test(next)) return [`${arg}=${next}`];
    return i > 0 && stringOptions.has(args[i - 1] ?? "") && /^-\d/.test(arg) ? [] : [arg];
  });
  const { values, positionals } = parseArgs({
    args: joined,
    options: Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, multiple: "multiple" in spec ? spec.multiple : false }])),
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  return { values, json: values.json === true, help: values.help === true };
}

async function withContext<T>(
  env: Record<string, string | undefined>,
  applyMigrations: boolean,
  work: (deps: CoreDeps, store: ReturnType<typeof createPrismaStore>, extra: { retentionDays: number; migration: MigrationResult | null }) => Promise<T>,
): Promise<T> {
  const config = readConfig(env);
  if (!config.ok) throw new UsageError(`configuration: ${config.problems.join("; ")}`);
  const logger = createLogger(config.config.LOG_LEVEL === "info" ? "warn" : config.config.LOG_LEVEL, process.stderr);
  const target = parseDatabaseUrl(config.config.DATABASE_URL);
  const migration = applyMigrations ? await migrate(target) : await refuseWhilePending(target);
  const crypto = keyRingCrypto(loadKeyRing(config.config, logger));
  const store = createPrismaStore(target, { sealer: storeSealer(crypto) });
  try {
    const deps: CoreDeps = {
      store,
      clock: systemClock,
      ids: randomIds,
      crypto,
      datePhrases: chronoDatePhrases,
      defaultZone: config.config.LOTSE_TIMEZONE,
    };
    return await work(deps, store, { retentionDays: config.config.LOTSE_RETENTION_DAYS, migration });
  } finally {
    await store.close();
  }
}

/** A command other than `lotse migrate` runs only on a database that is up to date: it never migrates by itself. */
async function refuseWhilePending(target: DatabaseTarget): Promise<null> {
  const pending = await pendingMigrationNames(target);
  if (pending.length === 0) return null;
  throw new Error(
    `the database (${target.provider}) needs ${pending.length} migration(s) first (${pending.join(", ")}): run "lotse migrate", or start the server, which applies them`,
  );
}

/** Runs one command and returns the process exit code. Never throws. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  const words = argv.filter((arg) => !arg.startsWith("-"));
  const command = findCommand(words);
  const wantsJson = argv.includes("--json");
  if (!command) {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      io.stdout(overview() + "\n");
      return argv.length === 0 ? EXIT_USAGE : 0;
    }
    io.stderr(`lotse: unknown command "${words.join(" ")}"\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  try {
    const { values, json, help } = parseCommandOptions(command, argv.slice(command.path.length));
    if (help) {
      io.stdout(commandHelp(command) + "\n");
      return 0;
    }
    const output =
      command.needs === "nothing"
        ? await command.run(values, env)
        : await withContext(env, command.needs === "migration", (deps, store, extra) => command.run(values, { deps, store, ...extra }));
    io.stdout((json ? JSON.stringify(output.json, null, 2) : output.text) + "\n");
    return output.exitCode ?? 0;
  } catch (error) {
    return reportFailure(error, command, wantsJson, io);
  }
}

function reportFailure(error: unknown, command: CliCommand, json: boolean, io: CliIo): number {
  if (isDomainError(error)) {
    const details =
      error.issues.length > 0
        ? error.issues.map((i) => `  ${i.path ? `--${cliOptionName(i.path)}: ` : ""}${i.message}`).join("\n")
        : `  ${notFoundOption(error) ?? ""}${error.message}`;
    io.stderr(`lotse: ${error.code.replaceAll("_", " ")}\n${details}\n`);
    if (json) io.stdout(JSON.stringify({ error: { code: error.code, message: error.message, issues: error.issues } }) + "\n");
    // An unknown id is bad input like a malformed one: the person typed it (exit 2, the option named).
    return error.code === "invalid_input" || error.code === "not_found" ? EXIT_USAGE : EXIT_FAILURE;
  }
  const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  const message = (error as Error).message;
  io.stderr(`lotse: ${message}\n${isUsage ? `\nUsage: ${command.usage}\n` : ""}`);
  if (json) io.stdout(JSON.stringify({ error: { code: isUsage ? "usage" : "failure", message } }) + "\n");
  return isUsage ? EXIT_USAGE : EXIT_FAILURE;
}

/** "tenant x not found" → "--tenant: ", so the person sees which option to correct. */
function notFoundOption(error: { code: string; message: string }): string | null {
  if (error.code !== "not_found") return null;
  const what = error.message.split(" ")[0] ?? "";
  return ["tenant", "client", "manager", "municipality", "volunteer", "offer", "appointment"].includes(what) ? `--${what}: ` : null;
}

/** Maps a use case's input field to the CLI option a person typed. */
function cliOptionName(path: string): string {
  const names: Record<string, string> = {
    tenantId: "tenant",
    managerId: "manager",
    municipalityId: "municipality",
    municipalityIds: "municipality",
    aadObjectId: "aad",
    fromManagerId: "from",
    toManagerId: "to",
    clientIds: "client",
    reassignTo: "reassign-to",
  };
  const head = path.split(".")[0] ?? path;
  return names[head] ?? head;
}
