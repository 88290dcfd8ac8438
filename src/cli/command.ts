import type { CoreDeps } from "../core/deps.ts";
import type { MigrationResult } from "../store/migrator.ts";
import type { PrismaStore } from "../store/prisma-store.ts";

export interface CliContext {
  deps: CoreDeps;
  store: PrismaStore;
  /** LOTSE_RETENTION_DAYS: the retention period of tenants without their own. */
  retentionDays: number;
  /** What the migrator did before the command ran (every command migrates first; `lotse migrate` reports it). */
  migration: MigrationResult;
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

export interface CliCommand {
  /** e.g. ["manager", "add"] */
  path: string[];
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Commands that only need the database to be migrated say so; others get the full context. */
  run(options: Record<string, unknown>, context: CliContext): Promise<CliOutput>;
}

export class UsageError extends Error {}
