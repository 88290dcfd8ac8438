import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import { endingWith, sqlitePlaceholders, sqliteValue, type DirectSql, type DirectStatement, type SqlValue } from "./direct-sql.ts";
import type { RawRow } from "./raw-rows.ts";

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache per connection, in KiB (`cache_size = -N`): SQLite's own default. better-sqlite3 is built with 16 MB,
 * which a server fills as the database grows: about 15 MB more resident memory at 100,000 clients than at 10,000
 * (docs/benchmarks.md, P5). The file's pages stay in the operating system's cache either way.
 */
export const SQLITE_CACHE_KIB = 2000;

/**
 * Set on the one connection of the process:
 * - busy timeout (better-sqlite3's `timeout` option): without it a second process (the CLI next to the server)
 *   fails at once with SQLITE_BUSY instead of waiting;
 * - synchronous = NORMAL: in WAL mode (set by the migrator) a commit no longer waits for an fsync of the log; the
 *   WAL is synced at checkpoints. A committed transaction survives a crash of the process; after a power loss
 *   or an OS crash the last transactions before it may be rolled back (the database stays consistent).
 *   See docs/benchmarks.md and https://www.sqlite.org/pragma.html#pragma_synchronous.
 * - cache_size: see SQLITE_CACHE_KIB;
 * - secure_delete = ON: what a write deletes or replaces (an erased name, a removed note) is overwritten with zeros
 *   in the database file instead of lingering in free space until the page is reused.
 */
export const SQLITE_CONNECTION_PRAGMAS = ["synchronous = NORMAL", `cache_size = -${SQLITE_CACHE_KIB}`, "secure_delete = ON"];

/**
 * Planner statistics without personal data. better-sqlite3 is built with SQLITE_ENABLE_STAT4, so `PRAGMA optimize`
 * (the migrator at every start, the checkpoint thread every few hours) keeps sample rows of each index in
 * sqlite_stat4: copies of client names (the search index), chat ids and dialog keys that an erasure does not reach
 * (test/integration/erasure-complete.test.ts). Run right after it, on a connection with secure_delete on: those
 * tables' samples go, their row counts (sqlite_stat1) stay for the planner. Nothing to do when no table was analysed.
 */
export const SQLITE_FORGET_PERSONAL_SAMPLES = `DELETE FROM sqlite_stat4 WHERE tbl IN ('Client', 'ChannelIdentity', 'DialogState', 'VolunteerIdentity')`;
/** sqlite_stat4 exists once a table has been analysed. */
export const SQLITE_HAS_SAMPLES = `SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'`;

/** SQLite's own default for `wal_autocheckpoint`. */
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/** Prepared statements kept per connection (most recently used); Prisma's statements are a few dozen shapes. */
export const PREPARED_STATEMENT_CACHE_SIZE = 256;

export interface SqliteAdapterOptions {
  url: string;
  /**
   * Leave WAL checkpoints to someone else (src/store/sqlite-checkpointer.ts, in a worker thread): this connection
   * then never copies the log back into the database inside one of its commits. Only for a process that runs that
   * checkpointer for its whole life; otherwise the log would grow without end.
   */
  checkpointElsewhere?: boolean;
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** The part of a statement the Prisma better-sqlite3 adapter uses: `prepare(sql).bind(args)`, then read or run. */
interface BoundStatement {
  readonly reader: boolean;
  columns(): BetterSqlite3.ColumnDefinition[];
  run(): BetterSqlite3.RunResult;
  raw(): { all(): unknown[] };
}

/** A statement kept for reuse, and for SQL with numbered parameters the argument for each `?` in turn. */
interface Reusable {
  statement: Statement;
  argumentOrder: number[] | null;
}

/**
 * better-sqlite3 binds `?` and named parameters but not SQLite's numbered `?NNN` (which our raw SQL uses to name an
 * argument twice): those become plain `?`, each fed its argument. (Our SQL has no `?` inside string literals.)
 */
function numberedToPlain(sql: string): { sql: string; argumentOrder: number[] | null } {
  const argumentOrder: number[] = [];
  const plain = sql.replace(/\?(\d+)/g, (_match, n: string) => {
    argumentOrder.push(Number(n) - 1);
    return "?";
  });
  return argumentOrder.length > 0 ? { sql: plain, argumentOrder } : { sql, argumentOrder: null };
}

function bound({ statement, argumentOrder }: Reusable, given: unknown[]): BoundStatement {
  const args = argumentOrder ? argumentOrder.map((index) => given[index]) : given;
  return {
    reader: statement.reader,
    columns: () => statement.columns(),
    run: () => statement.run(...args),
    raw: () => ({ all: () => statement.raw(true).all(...args) }),
  };
}

/**
 * The adapter prepares every statement anew and binds its arguments for good (`bind`), so a statement could not be
 * used twice. Here `prepare` keeps statements by their SQL text and `bind` only remembers the arguments for the one
 * run that follows: SQLite compiles each of Prisma's few dozen statement shapes once per connection. better-sqlite3
 * runs a statement synchronously and reads the whole result, so one statement is never in use twice at a time.
 */
function reuseStatements(database: BetterSqlite3.Database): void {
  const prepare = database.prepare.bind(database) as (sql: string) => Statement;
  const cache = new Map<string, Reusable>();
  const statementFor = (sql: string): Reusable => {
    let reusable = cache.get(sql);
    if (reusable) {
      cache.delete(sql);
    } else {
      const { sql: plain, argumentOrder } = numberedToPlain(sql);
      reusable = { statement: prepare(plain), argumentOrder };
      if (cache.size >= PREPARED_STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, reusable);
    return reusable;
  };
  (database as unknown as { prepare(sql: string): unknown }).prepare = (sql: string) => {
    const statement = statementFor(sql);
    return { ...bound(statement, []), bind: (args: unknown[]) => bound(statement, args) };
  };
}

/** Runs one piece of work at a time, in the order asked (a promise chain). */
class Serializer {
  #tail: Promise<void> = Promise.resolve();
  /** Holders and waiters: 0 when nobody holds a turn and nobody waits for one. */
  #pending = 0;

  /** Nothing runs or waits: synchronous work may run now, before anything asked later. */
  get idle(): boolean {
    return this.#pending === 0;
  }

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    this.#pending += 1;
    let resolveReleased!: () => void;
    const released = new Promise<void>((resolve) => (resolveReleased = resolve));
    const release = () => {
      this.#pending -= 1;
      resolveReleased();
    };
    const granted = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return granted;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  let ended = false;
  const end = async (finish: () => Promise<void>) => {
    try {
      await finish();
    } finally {
      if (!ended) {
        ended = true;
        release();
      }
    }
  };
  return new Proxy(transaction, {
    get(target, prop, receiver) {
      if (prop === "commit") return () => end(() => target.commit());
      if (prop === "rollback") return () => end(() => target.rollback());
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The adapter runs statements outside a transaction without waiting for an open one on the same connection: such a
 * statement would become part of that transaction (and vanish with its rollback). Here every statement and every
 * transaction takes its turn on the one connection, as the libsql adapter did before.
 */
function oneAtATime(adapter: SqlDriverAdapter, turns: Serializer): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "queryRaw") return (query: SqlQuery) => turns.run(() => target.queryRaw(query));
      if (prop === "executeRaw") return (query: SqlQuery) => turns.run(() => target.executeRaw(query));
      if (prop === "executeScript") return (script: string) => turns.run(() => target.executeScript(script));
      if (prop === "startTransaction") {
        return async (isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]) => {
          const release = await turns.acquire();
          try {
            return releasingOnEnd(await target.startTransaction(isolationLevel), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const readRows = (prepared: Statement, args: unknown[]): RawRow[] => prepared.all(...args) as RawRow[];
const runForEffect = (prepared: Statement, args: unknown[]): number => prepared.run(...args).changes;

/** The better-sqlite3 connection inside Prisma's adapter (a public field of its queryable). */
function connectionOf(adapter: SqlDriverAdapter): BetterSqlite3.Database {
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client || typeof client.pragma !== "function") throw new Error("the better-sqlite3 adapter no longer exposes its connection");
  return client;
}

/**
 * Prisma's better-sqlite3 adapter on one long-lived connection per process: the pragmas above, statements reused,
 * statements and transactions one at a time. better-sqlite3 replaced libsql here because libsql kept about 90 MB of
 * native memory after the first hundred thousand queries (docs/benchmarks.md, P5).
 */
export class SqliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName: string;
  readonly #inner: PrismaBetterSQLite3;
  readonly #connections = new Set<BetterSqlite3.Database>();
  /** The turns on the serving connection (`connect`), shared with the direct statements. */
  readonly #turns = new Serializer();
  /** The serving connection, with the direct statements prepared on it (by name). */
  #serving: { prepare: (sql: string) => Statement; kept: Map<string, { statement: Statement; argumentOrder: number[] }> } | null = null;
  #checkpointElsewhere: boolean;

  constructor(options: SqliteAdapterOptions) {
    this.#checkpointElsewhere = options.checkpointElsewhere === true;
    this.#inner = new PrismaBetterSQLite3({ url: options.url, timeout: SQLITE_BUSY_TIMEOUT_MS });
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.#inner.connect();
    const database = connectionOf(adapter);
    this.#serving = { prepare: database.prepare.bind(database) as (sql: string) => Statement, kept: new Map() };
    return this.#tuned(adapter, this.#turns);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#tuned(await this.#inner.connectToShadowDb(), new Serializer());
  }

  #tuned(adapter: SqlDriverAdapter, turns: Serializer): SqlDriverAdapter {
    const database = connectionOf(adapter);
    for (const pragma of SQLITE_CONNECTION_PRAGMAS) database.pragma(pragma);
    if (this.#checkpointElsewhere) database.pragma("wal_autocheckpoint = 0");
    this.#connections.add(database);
    reuseStatements(database);
    return oneAtATime(adapter, turns);
  }

  /** Runs a direct statement on the serving connection now (prepared once, kept by name). */
  #runNow<T>(statement: DirectStatement, values: readonly SqlValue[], work: (prepared: Statement, args: unknown[]) => T): T {
    const serving = this.#serving;
    if (!serving) throw new Error("the SQLite connection is not open");
    let prepared = serving.kept.get(statement.name);
    if (!prepared) {
      const { sql, argumentOrder } = sqlitePlaceholders(statement.text);
      prepared = { statement: serving.prepare(sql), argumentOrder };
      serving.kept.set(statement.name, prepared);
    }
    return work(
      prepared.statement,
      prepared.argumentOrder.map((index) => sqliteValue(values[index] ?? null)),
    );
  }

  /**
   * Statements on the serving connection without Prisma (direct-sql.ts), each prepared once and kept by name. A
   * statement takes its turn like Prisma's: at once when the connection is free (better-sqlite3 runs it
   * synchronously, so nothing can come between), else after every statement and transaction asked for before it,
   * never inside one. `connect` opens the connection through Prisma when no query has yet.
   */
  direct(connect: () => Promise<void>): DirectSql {
    const onConnection = async <T>(statement: DirectStatement, values: readonly SqlValue[], work: (prepared: Statement, args: unknown[]) => T): Promise<T> => {
      if (!this.#serving) await connect();
      const now = () => this.#runNow(statement, values, work);
      return this.#turns.idle ? now() : this.#turns.run(async () => now());
    };
    return {
      rows: (statement, values) => onConnection(statement, values, readRows),
      run: (statement, values) => onConnection(statement, values, runForEffect),
    };
  }

  /**
   * Statements inside the Prisma transaction that holds the serving connection now (its turn is taken until it ends,
   * so nothing else runs on the connection meanwhile): they run at once, as part of it. Call right inside the
   * transaction's work and `end` when the work is done; a statement after that fails instead of landing in whatever
   * holds the connection next.
   */
  directInTransaction(): { sql: DirectSql; end(): void } {
    const inside = async <T>(statement: DirectStatement, values: readonly SqlValue[], work: (prepared: Statement, args: unknown[]) => T): Promise<T> => {
      if (this.#turns.idle) throw new Error(`statement ${statement.name} outside a transaction`);
      return this.#runNow(statement, values, work);
    };
    return endingWith({
      rows: (statement, values) => inside(statement, values, readRows),
      run: (statement, values) => inside(statement, values, runForEffect),
    });
  }

  /** Back to SQLite's default: commits checkpoint again (when the background checkpointer is gone). */
  checkpointInCommits(): void {
    this.#checkpointElsewhere = false;
    for (const database of this.#connections) if (database.open) database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
  }
}
