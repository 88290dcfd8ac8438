import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import type { DatabaseTarget } from "./database-url.ts";
import { capturingTransactionConnections } from "./pg-transaction-connection.ts";
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

export interface PrismaConnection {
  db: Db;
  /** PostgreSQL: the connection pool under the client, shared with pg-statements.ts; ended by `close`. */
  pgPool: pg.Pool | null;
  close(): Promise<void>;
}

/** A Prisma client for the target; SQLite through `sqliteAdapter` when given (sqlite-adapter.ts). */
export function createPrismaConnection(
  target: DatabaseTarget,
  sqliteAdapter?: SqliteAdapterFactory,
  onIdleConnectionLost: (error: Error) => void = () => undefined,
): PrismaConnection {
  if (target.provider === "postgresql") {
    const pgPool = new pg.Pool({ connectionString: target.url, max: 10 });
    // A server restart or failover ends idle connections; without a listener pg's "error" event ends the process.
    // The pool drops the broken connection and opens a new one for the next query.
    pgPool.on("error", onIdleConnectionLost);
    const db = new PostgresClient({ adapter: capturingTransactionConnections(new PrismaPg(pgPool)), errorFormat }) as unknown as Db;
    return {
      db,
      pgPool,
      async close() {
        await db.$disconnect();
        await pgPool.end();
      },
    };
  }
  const db = new SqliteClient({ adapter: sqliteAdapter ?? new SqliteAdapterFactory({ url: target.url }), errorFormat });
  return { db, pgPool: null, close: () => db.$disconnect() };
}
