import { defineConfig } from "prisma/config";
import { postgresCliAdapter } from "./tooling/adapters.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./postgresql/schema.prisma",
  migrations: { path: "./postgresql/migrations" },
  adapter: async () =>
    postgresCliAdapter(process.env.PRISMA_CLI_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres") as never,
});
