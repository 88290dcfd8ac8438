import type { PgStatements } from "./pg-statements.ts";
import type { RawRow } from "./raw-rows.ts";

/**
 * Statements beside Prisma, on the driver itself (better-sqlite3 on SQLite, pg on PostgreSQL), for the reads and
 * writes of every chat update: the update claim and its completion, who wrote (chat account, manager, client,
 * volunteer), the tenant and the running form. Through Prisma each costs about 70 µs of CPU before the database
 * sees it (its request pipeline and its query compiler, which turns every query, raw ones included, into a plan);
 * on the driver a few µs (docs/benchmarks.md, P1). Everything else, migrations and transactions included, stays on
 * Prisma.
 *
 * Outside a transaction they run on the pool (PostgreSQL) or take their turn on the one connection (SQLite). Inside
 * `store.transaction` the store hands the repositories statements on that transaction's own connection
 * (`directInTransaction` in sqlite-adapter.ts, pg-transaction-connection.ts), so they are part of it; once the work
 * is done those fail (`endingWith`). Each statement is prepared once per connection (SQLite: kept by name;
 * PostgreSQL: a named statement).
 */
export interface DirectSql {
  rows(statement: DirectStatement, values: readonly SqlValue[]): Promise<RawRow[]>;
  /** Runs the statement for its effect; how many rows it inserted, changed or deleted. */
  run(statement: DirectStatement, values: readonly SqlValue[]): Promise<number>;
}

export type SqlValue = string | number | boolean | Date | null;

/**
 * One statement for both databases: `$1`, `$2`, … as placeholders (SQLite gets `?` with each argument in turn),
 * identifiers in double quotes, nothing dialect-specific. The name identifies it (PostgreSQL: `lotse_<name>`).
 */
export interface DirectStatement {
  readonly name: string;
  readonly text: string;
}

export const directStatement = (name: string, text: string): DirectStatement => ({ name, text });

/** SQLite's form of a statement: plain `?` placeholders and, for each, the index of its argument. */
export function sqlitePlaceholders(text: string): { sql: string; argumentOrder: number[] } {
  const argumentOrder: number[] = [];
  const sql = text.replace(/\$(\d+)/g, (_match, n: string) => {
    argumentOrder.push(Number(n) - 1);
    return "?";
  });
  return { sql, argumentOrder };
}

/**
 * Values as Prisma's better-sqlite3 adapter stores them, so that rows written either way compare and read alike:
 * booleans as 1 and 0, instants as ISO 8601 text with `+00:00`.
 */
export function sqliteValue(value: SqlValue): string | number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  return value;
}

/**
 * PostgreSQL: instants as ISO 8601 text; PostgreSQL reads it into a `timestamp(3)` column as the UTC wall time,
 * which is how Prisma stores them (pg alone would send a Date in the process's local zone).
 */
const pgValue = (value: SqlValue): string | number | boolean | null => (value instanceof Date ? value.toISOString() : value);

export function pgDirectSql(statements: PgStatements): DirectSql {
  return {
    rows: (statement, values) => statements.rows(`lotse_${statement.name}`, statement.text, values.map(pgValue)),
    run: (statement, values) => statements.run(`lotse_${statement.name}`, statement.text, values.map(pgValue)),
  };
}

/** `sql` until `end` is called; a statement after that fails instead of running outside the transaction it was for. */
export function endingWith(sql: DirectSql): { sql: DirectSql; end(): void } {
  let open = true;
  const check = (statement: DirectStatement) => {
    if (!open) throw new Error(`statement ${statement.name} after the end of its transaction`);
  };
  return {
    sql: {
      rows: async (statement, values) => {
        check(statement);
        return sql.rows(statement, values);
      },
      run: async (statement, values) => {
        check(statement);
        return sql.run(statement, values);
      },
    },
    end: () => {
      open = false;
    },
  };
}
