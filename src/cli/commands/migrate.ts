import type { CliCommand } from "../command.ts";

/** The one command that applies migrations (besides the server at start-up); it reports what it applied. */
export const migrateCommand: CliCommand = {
  path: ["migrate"],
  summary: "apply pending database migrations",
  usage: "lotse migrate [--json]",
  options: {},
  needs: "migration",
  async run(_options, context) {
    const { provider, applied, alreadyApplied } = context.migration ?? { provider: "sqlite", applied: [], alreadyApplied: 0 };
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
