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
    await client.execute(sql);
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

/** The libsql adapter on one long-lived connection with the pragmas above. */
export class SqliteAdapterFactory extends PrismaLibSQL {
  override createClient(config: Config): Client {
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
