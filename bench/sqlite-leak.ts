/**
 * Diagnostic behind P5: native memory that the SQLite driver (better-sqlite3, as src/store/sqlite-adapter.ts uses
 * it) keeps per statement. Runs one small query many times on an in-memory database, (a) preparing it anew each
 * time and (b) reusing one prepared statement, as src/store/sqlite-adapter.ts does, and reports the resident memory
 * that stays behind per run after a full garbage collection. Both should be about 0. (libsql 0.3, the driver before,
 * kept 4.4 KB per prepared statement and 0.9 KB per run: about 90 MB after the first 100,000 runs.)
 *
 *   node --import tsx bench/sqlite-leak.ts
 */
import Database from "better-sqlite3";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface SqliteLeakOptions {
  runs: number;
}

export interface SqliteLeakFigures {
  runs: number;
  /** Bytes of resident memory left behind per run when every run prepares the statement. */
  bytesPerPrepare: number;
  /** The same with one prepared statement reused. */
  bytesPerReuse: number;
}

/** A full garbage collection, so that only memory nobody can free any more is counted. */
function fullCollection(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const collect = fullCollection();

function residentGrowth(runs: number, run: () => void): number {
  for (let i = 0; i < Math.min(1000, runs); i += 1) run(); // warm-up: allocator pools, JIT
  collect();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < runs; i += 1) run();
  collect();
  return (process.memoryUsage().rss - before) / runs;
}

export function runSqliteLeakBench(options: SqliteLeakOptions): SqliteLeakFigures {
  const db = new Database(":memory:");
  try {
    db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT); INSERT INTO t VALUES ('a', 'x')`);
    const sql = "SELECT id, v FROM t WHERE id = ?";
    const reused = db.prepare(sql).raw(true);
    let fresh = 0;
    const bytesPerPrepare = residentGrowth(
      options.runs,
      () =>
        void db
          .prepare(`${sql} /* ${(fresh += 1)} */`)
          .raw(true)
          .all("a"),
    );
    const bytesPerReuse = residentGrowth(options.runs, () => void reused.all("a"));
    return { runs: options.runs, bytesPerPrepare, bytesPerReuse };
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = runSqliteLeakBench({ runs: Number(process.env.BENCH_LEAK_RUNS ?? 50_000) });
  process.stdout.write(
    `better-sqlite3: ${result.bytesPerPrepare.toFixed(0)} bytes stay resident per prepared-and-run statement, ${result.bytesPerReuse.toFixed(0)} per run of a reused one (${result.runs} runs)\n`,
  );
}
