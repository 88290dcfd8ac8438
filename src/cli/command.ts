import { z } from "zod";
import type { CoreDeps } from "../core/deps.ts";
import type { MigrationResult } from "../store/migrator.ts";
import type { PrismaStore } from "../store/prisma-store.ts";

export interface CliContext {
  deps: CoreDeps;
  store: PrismaStore;
  /** LOTSE_RETENTION_DAYS: the retention period of tenants without their own. */
  retentionDays: number;
  /** What the migrator did before the command ran (only `lotse migrate` applies migrations, and reports them). */
  migration: MigrationResult | null;
}

export interface CliOutput {
  /** What --json prints. */
  json: unknown;
  /** What a person reads. */
  text: string;
  /** The exit code after printing (0 when left out): e.g. 1 when `audit verify` finds the chain broken. */
  exitCode?: number;
}

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  description: string;
}

interface CommandShape {
  /** e.g. ["manager", "add"] */
  path: string[];
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
}

/**
 * A command that works on the database. `needs: "migration"` (only `lotse migrate`) applies pending migrations first;
 * every other one refuses to run while migrations are pending (the server or `lotse migrate` applies them).
 */
export interface StoreCommand extends CommandShape {
  needs?: "migration";
  run(options: Record<string, unknown>, context: CliContext): Promise<CliOutput>;
}

/**
 * A command that needs neither the store nor the data key (e.g. writing the Teams app package): it opens and creates
 * neither. It gets the environment to find the database itself where it works on the file (backup, restore).
 */
export interface PlainCommand extends CommandShape {
  needs: "nothing";
  /** `environment`: the process environment runCli was given (read it with `environmentOf`). */
  run(options: Record<string, unknown>, environment?: object): Promise<CliOutput>;
}

export type CliCommand = StoreCommand | PlainCommand;

export class UsageError extends Error {}

const environmentSchema = z.record(z.string(), z.string().optional());

/** The environment a plain command was given, checked (a command run without one sees an empty environment). */
export function environmentOf(environment: object | undefined): Record<string, string | undefined> {
  // process.env is no plain object: copy it first.
  return environmentSchema.parse({ ...(environment ?? {}) });
}
