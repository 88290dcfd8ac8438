import pg from "pg";

/**
 * PostgreSQL statements beside Prisma, on the pool Prisma uses (prisma-client.ts), for the hot paths: the
 * dispatcher's claim of due outbox rows and its mark of one sent (through Prisma a 50-row claim costs about 1.5 ms
 * more at the median and twice the tail, docs/benchmarks.md, P4), and the statements of every chat update
 * (direct-sql.ts). Each is a named statement, parsed and planned once per connection, its rows read by pg directly.
 *
 * On the pool only for statements outside a transaction: the pool hands out any connection, not the one of an open
 * Prisma transaction; inside one they run on that transaction's connection (pg-transaction-connection.ts). Behind a pooler in transaction mode (PgBouncer before 1.21) named statements need
 * `max_prepared_statements`; see README, operations.
 */
export interface PgStatements {
  /** Runs the statement `name` (always with the same `text`) and returns its rows. */
  rows(name: string, text: string, values: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs the statement `name` for its effect; how many rows it inserted, changed or deleted. */
  run(name: string, text: string, values: readonly unknown[]): Promise<number>;
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** Prisma writes `timestamp(3)` in UTC; pg alone would read such a value in the process's local time zone. */
const utcTimestamp = (text: string): Date => new Date(`${text.replace(" ", "T")}Z`);

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE ? utcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Statements on the pool (any connection), or on one connection (a transaction's: pg-transaction-connection.ts). */
export function pgStatements(on: pg.Pool | pg.PoolClient): PgStatements {
  const query = (name: string, text: string, values: readonly unknown[]) => on.query<Record<string, unknown>>({ name, text, values: [...values], types });
  return {
    async rows(name, text, values) {
      return (await query(name, text, values)).rows;
    },
    async run(name, text, values) {
      return (await query(name, text, values)).rowCount ?? 0;
    },
  };
}
