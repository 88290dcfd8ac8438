import { defineConfig } from "prisma/config";
import { sqliteCliAdapter } from "./tooling/adapters.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./sqlite/migrations" },
  adapter: async () => sqliteCliAdapter(process.env.PRISMA_CLI_SQLITE_URL ?? `file:${join(tmpdir(), "lotse-prisma-cli.db")}`) as never,
});
