import type { CliCommand } from "../command.ts";

/** Migrations run before every command; this one only reports what happened. */
export const migrateCommand: CliCommand = {
  path: ["migrate"],
  summary: "apply pending database migrations",
  usage: "lotse migrate [--json]",
  options: {},
  async run(_options, context) {
    const provider = context.store.target.provider;
    return { json: { provider, status: "up to date" }, text: `Database (${provider}) is up to date.` };
  },
};
