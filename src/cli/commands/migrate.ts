import type { CliCommand } from "../command.ts";

/** Migrations run before every command; this one reports what that run applied. */
export const migrateCommand: CliCommand = {
  path: ["migrate"],
  summary: "apply pending database migrations",
  usage: "lotse migrate [--json]",
  options: {},
  async run(_options, context) {
    const { provider, applied, alreadyApplied } = context.migration;
    const text =
      applied.length === 0
        ? `Database (${provider}) is up to date: ${alreadyApplied} migrations applied before, none pending.`
        : [
            `Database (${provider}): applied ${applied.length} migration(s) now:`,
            ...applied.map((name) => `  ${name}`),
            `(${alreadyApplied} applied before)`,
          ].join("\n");
    return { json: { provider, applied, alreadyApplied, status: applied.length === 0 ? "up to date" : "migrated" }, text };
  },
};
