import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_CACHE_KIB, SQLITE_FORGET_PERSONAL_SAMPLES, SQLITE_HAS_SAMPLES } from "./sqlite-adapter.ts";

/**
 * WAL checkpoints on a connection of their own, in a worker thread.
 *
 * In WAL mode SQLite appends every commit to the log; now and then the log is copied back into the database file
 * (a checkpoint, with an fsync). By default the connection whose commit crosses 1,000 log pages does that inside
 * the commit: 5-15 ms in which that statement, and with it the event loop of the whole service, waits (it was
 * the tail of the outbox claim, docs/benchmarks.md P4). Here the serving connection never checkpoints
 * (`wal_autocheckpoint = 0`, see sqlite-adapter.ts) and this thread runs a PASSIVE checkpoint every
 * `intervalMs`: it copies what no reader still needs, takes no lock that the serving connection waits for, and
 * never blocks the event loop. Every few hours it also refreshes the planner's statistics. Should the thread fail, `onFailure` is called (the store then turns automatic
 * checkpoints back on, so the log cannot grow without end).
 */
export interface SqliteCheckpointer {
  /** Runs a last checkpoint and closes the thread's connection. */
  stop(): Promise<void>;
}

export interface SqliteCheckpointerOptions {
  file: string;
  intervalMs?: number;
  onFailure?: (error: Error) => void;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;
/** `PRAGMA optimize` (planner statistics) as SQLite advises for long-lived connections; the migrator runs it at start. */
const OPTIMIZE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Runs inside the worker (plain CommonJS: the worker is started from this source text, no loader needed). */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma("cache_size = -" + workerData.cacheKib);
// What optimize replaces or removes (index samples, see SQLITE_FORGET_PERSONAL_SAMPLES) is overwritten, not left in free space.
db.pragma("secure_delete = ON");
const checkpoint = () => db.pragma("wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint();
  } catch (error) {
    // A busy database is the next interval's work; anything else ends the thread, and the store takes over.
    if (error && error.code === "SQLITE_BUSY") return;
    throw error;
  }
}, workerData.intervalMs);
// Fresh table statistics for the query planner now and then (cheap when nothing changed much).
const optimizer = setInterval(() => {
  try {
    db.pragma("optimize");
    if (db.prepare(workerData.hasSamplesSql).get()) db.exec(workerData.forgetSamplesSql);
  } catch {}
}, workerData.optimizeIntervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  clearInterval(optimizer);
  try { checkpoint(); } catch {}
  db.close();
  parentPort.close();
});
`;

export function startSqliteCheckpointer(options: SqliteCheckpointerOptions): SqliteCheckpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      file: options.file,
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
      cacheKib: SQLITE_CACHE_KIB,
      intervalMs: options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      optimizeIntervalMs: OPTIMIZE_INTERVAL_MS,
      hasSamplesSql: SQLITE_HAS_SAMPLES,
      forgetSamplesSql: SQLITE_FORGET_PERSONAL_SAMPLES,
    },
  });
  // It only sleeps between checkpoints: it never keeps the process alive.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.on("error", (error) => {
    if (!stopping) options.onFailure?.(error);
  });
  return {
    async stop() {
      stopping = true;
      worker.ref(); // until it has closed its connection
      worker.postMessage("stop");
      await exited;
    },
  };
}
