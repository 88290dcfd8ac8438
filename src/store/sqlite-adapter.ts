import { createRequire } from "node:module";
import { createClient, type Client, type Config, type InStatement, type Transaction, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Set on the one connection of the process:
 * - busy_timeout: without it a second process (the CLI next to the server) fails at once with SQLITE_BUSY
 *   instead of waiting;
 * - synchronous = NORMAL: in WAL mode (set by the migrator) a commit no longer waits for an fsync of the log; the
 *   WAL is synced at checkpoints. A committed transaction survives a crash of the process; after a power loss
 *   or an OS crash the last transactions before it may be rolled back (the database stays consistent).
 *   See docs/benchmarks.md and https://www.sqlite.org/pragma.html#pragma_synchronous.
 */
export const SQLITE_CONNECTION_PRAGMAS = [`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`, "PRAGMA synchronous = NORMAL"];

const begin: Record<TransactionMode, string> = { write: "BEGIN IMMEDIATE", read: "BEGIN DEFERRED", deferred: "BEGIN DEFERRED" };

/**
 * A transaction on the client's own connection. libsql's file client hands its connection to each transaction and
 * opens a fresh one for the next statement (parsing the schema again, and leaving the old connection to the
 * garbage collector). Prisma's libsql adapter already runs one statement or transaction at a time (a mutex around
 * the client), so the one connection can carry the transaction: BEGIN … COMMIT on it.
 */
function sameConnectionTransaction(client: Client): Transaction {
  let closed = false;
  const open = () => {
    if (closed) throw new Error("The transaction is closed");
  };
  const end = async (sql: "COMMIT" | "ROLLBACK") => {
    if (closed) return;
    closed = true;
    try {
      await client.execute(sql);
    } catch (error) {
      // A COMMIT that fails (e.g. still busy after the timeout) leaves the transaction open on the shared
      // connection: roll it back, or every later BEGIN would fail.
      if (sql === "COMMIT") await client.execute("ROLLBACK").catch(() => undefined);
      throw error;
    }
  };
  return {
    async execute(statement: InStatement) {
      open();
      return client.execute(statement);
    },
    async batch(statements: InStatement[]) {
      open();
      const results = [];
      for (const statement of statements) results.push(await client.execute(statement));
      return results;
    },
    async executeMultiple(sql: string) {
      open();
      return client.executeMultiple(sql);
    },
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close() {
      if (!closed) void end("ROLLBACK").catch(() => undefined);
    },
    get closed() {
      return closed;
    },
  } as Transaction;
}

/** Prepared statements kept per connection (most recently used); Prisma's statements are a few dozen shapes. */
export const PREPARED_STATEMENT_CACHE_SIZE = 256;

interface NativeStatement {
  raw(toggle?: boolean): NativeStatement;
  columns(): unknown[];
}

interface NativeDatabase {
  prototype: { prepare(this: object, sql: string): NativeStatement };
}

/**
 * @libsql/client asks a statement for its columns (twice) and sets raw mode (which throws for a statement that
 * returns no rows) on every run; for a statement kept for reuse both answers stay the same, so they are
 * remembered. (Columns could only change with the schema, and migrations run before the server starts.)
 */
function rememberStatementAnswers(statement: NativeStatement): NativeStatement {
  const columns = statement.columns.bind(statement);
  let knownColumns: unknown[] | undefined;
  statement.columns = () => (knownColumns ??= columns());
  const raw = statement.raw.bind(statement);
  let rawOutcome: { toggle: boolean; error: unknown } | undefined;
  statement.raw = (toggle = true) => {
    if (rawOutcome?.toggle !== toggle) {
      try {
        raw(toggle);
        rawOutcome = { toggle, error: undefined };
      } catch (error) {
        rawOutcome = { toggle, error };
      }
    }
    if (rawOutcome.error !== undefined) throw rawOutcome.error;
    return statement;
  };
  return statement;
}

let statementsCached = false;

/**
 * libsql (0.3, under @libsql/client 0.8) frees no native memory of a prepared statement: about 4 KB stay behind
 * for every `prepare()`, and @libsql/client prepares each statement anew, so the resident memory of the server
 * grows with every query (bench/sqlite-leak.ts shows it). Reusing a connection's prepared statements by their
 * SQL text stops that part. libsql runs statements synchronously and @libsql/client reads every result to the
 * end, so one statement object is never in use twice at a time. (What remains, about 1 KB per statement that
 * returns rows, is inside libsql's row reading; see docs/benchmarks.md.)
 */
function cachePreparedStatements(): void {
  if (statementsCached) return;
  statementsCached = true;
  const Database = createRequire(import.meta.url)("libsql") as NativeDatabase;
  const prepare = Database.prototype.prepare;
  const caches = new WeakMap<object, Map<string, NativeStatement>>();
  Database.prototype.prepare = function cachedPrepare(this: object, sql: string): NativeStatement {
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    const cached = cache.get(sql);
    if (cached !== undefined) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = rememberStatementAnswers(prepare.call(this, sql));
    cache.set(sql, statement);
    if (cache.size > PREPARED_STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}

/** The libsql adapter on one long-lived connection with the pragmas above, reusing prepared statements. */
export class SqliteAdapterFactory extends PrismaLibSQL {
  override createClient(config: Config): Client {
    cachePreparedStatements();
    const client = createClient(config);
    // The file client runs statements synchronously: these are set before anything else runs.
    for (const pragma of SQLITE_CONNECTION_PRAGMAS) void client.execute(pragma);
    client.transaction = async (mode: TransactionMode = "write") => {
      await client.execute(begin[mode]);
      return sameConnectionTransaction(client);
    };
    return client;
  }
}
