import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import type { DatabaseTarget } from "./database-url.ts";
import { SqliteAdapterFactory } from "./sqlite-adapter.ts";

/**
 * One client type for both providers. The two generated clients come from one schema (see
 * scripts/db.ts), so their model APIs are the same; the repositories are written against this type.
 */
export type Db = SqliteClient;
export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * "minimal" is what Prisma uses under NODE_ENV=production anyway; set here so that every environment behaves the
 * same: the other formats capture a stack trace on every query (for a code frame in error messages), a large
 * share of the time of a query (docs/benchmarks.md).
 */
const errorFormat = "minimal";

/** A Prisma client for the target; SQLite through `sqliteAdapter` when given (sqlite-adapter.ts). */
export function createPrismaClient(target: DatabaseTarget, sqliteAdapter?: SqliteAdapterFactory): Db {
  if (target.provider === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    return new PostgresClient({ adapter, errorFormat }) as unknown as Db;
  }
  return new SqliteClient({ adapter: sqliteAdapter ?? new SqliteAdapterFactory({ url: target.url }), errorFormat });
}
