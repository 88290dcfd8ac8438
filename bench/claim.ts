/**
 * Benchmark: claiming due outbox rows with N pending rows (goal: p99 under 5 ms at 1,000,000 rows), on SQLite
 * and, when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set, PostgreSQL.
 *
 *   BENCH_PENDING=1000000 node --import tsx bench/claim.ts
 */
import { pathToFileURL } from "node:url";
import type { OutboxMessage } from "../src/core/outbox/model.ts";
import { migrate } from "../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabaseKind } from "../test/support/databases.ts";

export interface ClaimBenchOptions {
  /** Pending rows, all due. */
  pending: number;
  /** Claims measured (each of `batch` rows). */
  claims: number;
  batch: number;
  kinds: TestDatabaseKind[];
}

export interface ClaimBenchResult {
  database: string;
  pending: number;
  batch: number;
  claims: number;
  claimedRows: number;
  seedSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Cancelling one appointment's pending reminders by dedupe-key prefix (what moving an appointment does). */
  cancelP50Ms: number;
  cancelP99Ms: number;
}

const WARM_UP_CLAIMS = 50;
const CANCELS = 200;

/** Moving an appointment cancels its pending reminders by key prefix: timed among the same million pending rows. */
async function timeReplanCancels(store: PrismaStore, options: ClaimBenchOptions): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CANCELS; i += 1) {
    // Keys are "bench:<n>": a key of the upper half names one row (no longer key starts with it).
    const started = performance.now();
    await store.outbox.cancelPendingByPrefix(`bench:${Math.floor(options.pending / 2) + i * 997}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** As the dispatcher does (not timed): each claimed row is marked sent, so few rows are "sending" at any time. */
async function markSent(store: PrismaStore, rows: OutboxMessage[]): Promise<void> {
  for (const row of rows) await store.outbox.markSent(row, `bench:${row.id}`, new Date(base));
}

/**
 * The shape of the scale (P5: 100,000 clients, 1,000,000 reminders): 10 pending rows per client, each
 * client's rows spread over the due times, addressed as the core addresses them (recipient and client id). An
 * earlier seed gave 1,000 recipients 1,000 rows each and no client id; see docs/benchmarks.md, P4.
 */
const recipientCount = (pending: number) => Math.max(1, Math.floor(pending / 10));

const base = Date.parse("2027-01-01T00:00:00Z");

/**
 * N pending rows in one statement per provider (Prisma's date text format on SQLite, timestamp(3) on PostgreSQL),
 * then a checkpoint: without it the bulk load's own checkpoint (PostgreSQL: about 500 MB of WAL, written out over
 * the next half minute, then full-page images for every page touched) runs during the measured claims, a cost of the
 * seeding, not of a dispatcher's steady state. PostgreSQL also vacuums first, as autovacuum (on by default; off on
 * the benchmark machine's server) does to a table that has lived with its rows: without it the measured claims are
 * the first to read each freshly loaded row, and set its hint bits (dirtying every page they pass) on the way.
 */
async function seed(store: PrismaStore, pending: number): Promise<void> {
  const columns = `"id", "dedupeKey", "tenantId", "recipientKind", "recipientId", "clientId", "messageKey", "params", "actions", "dueAt", "status", "attempts", "createdAt"`;
  if (store.target.provider === "postgresql") {
    await store.db.$executeRawUnsafe(
      `INSERT INTO "OutboxMessage" (${columns})
       SELECT 'b' || i, 'bench:' || i, NULL, 'client', 'c' || (i % $2::int), 'c' || (i % $2::int), 'bench.msg', '{}', '[]',
              TIMESTAMP '2027-01-01 00:00:00' + i * INTERVAL '1 millisecond', 'pending', 0, TIMESTAMP '2026-12-31 00:00:00'
       FROM generate_series(0, $1::int - 1) AS i`,
      pending,
      recipientCount(pending),
    );
    await store.db.$executeRawUnsafe(`VACUUM ANALYZE "OutboxMessage"`);
    await store.db.$executeRawUnsafe(`CHECKPOINT`);
    return;
  }
  await store.db.$executeRawUnsafe(
    `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1 - 1)
     INSERT INTO "OutboxMessage" (${columns})
     SELECT 'b' || i, 'bench:' || i, NULL, 'client', 'c' || (i % ?3), 'c' || (i % ?3), 'bench.msg', '{}', '[]',
            strftime('%Y-%m-%dT%H:%M:%f', ?2 + i / 1000.0, 'unixepoch') || '+00:00', 'pending', 0, '2026-12-31T00:00:00.000+00:00'
     FROM seq`,
    pending,
    base / 1000,
    recipientCount(pending),
  );
  await store.db.$executeRawUnsafe(`ANALYZE`);
  await store.db.$queryRawUnsafe(`PRAGMA wal_checkpoint(TRUNCATE)`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export async function runClaimBench(options: ClaimBenchOptions): Promise<ClaimBenchResult[]> {
  const results: ClaimBenchResult[] = [];
  for (const kind of options.kinds) {
    const database = await kind.create();
    await migrate(database.target);
    // As the server runs it (src/app/app.ts): SQLite checkpoints in their own thread.
    const store = createPrismaStore(database.target, { backgroundCheckpoints: true });
    try {
      const seeding = performance.now();
      await seed(store, options.pending);
      const seedSeconds = (performance.now() - seeding) / 1000;
      const now = new Date(base + options.pending + 60_000);
      // Warm-up: a dispatcher is a long-running process; its first claims also compile Prisma's and SQLite's paths.
      for (let i = 0; i < WARM_UP_CLAIMS; i += 1) {
        await markSent(store, await store.outbox.claimDue(now, options.batch, 600_000)); // warm up
      }
      const times: number[] = [];
      let claimedRows = 0;
      for (let i = 0; i < options.claims; i += 1) {
        const started = performance.now();
        const rows = await store.outbox.claimDue(now, options.batch, 600_000);
        times.push(performance.now() - started);
        claimedRows += rows.length;
        await markSent(store, rows);
      }
      times.sort((a, b) => a - b);
      const cancels = await timeReplanCancels(store, options);
      results.push({
        database: kind.name,
        pending: options.pending,
        batch: options.batch,
        claims: options.claims,
        claimedRows,
        seedSeconds,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
        maxMs: times.at(-1) ?? Number.NaN,
        cancelP99Ms: percentile(cancels, 99),
        cancelP50Ms: percentile(cancels, 50),
      });
    } finally {
      await store.close();
      await database.drop();
    }
  }
  return results;
}

export function formatClaimTable(results: ClaimBenchResult[]): string {
  const header = "| database   | pending rows | batch | claims | p50 ms | p99 ms | max ms | seeding s |";
  const rule = "|------------|-------------:|------:|-------:|-------:|-------:|-------:|----------:|";
  const rows = results.map(
    (r) =>
      `| ${r.database.padEnd(10)} | ${String(r.pending).padStart(12)} | ${String(r.batch).padStart(5)} | ${String(r.claims).padStart(6)} | ` +
      `${r.p50Ms.toFixed(2).padStart(6)} | ${r.p99Ms.toFixed(2).padStart(6)} | ${r.maxMs.toFixed(2).padStart(6)} | ${r.seedSeconds.toFixed(1).padStart(9)} |`,
  );
  return [header, rule, ...rows].join("\n");
}

export async function main(): Promise<void> {
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (postgres) process.env.TEST_POSTGRES_URL = postgres;
  const results = await runClaimBench({
    pending: Number(process.env.BENCH_PENDING ?? 1_000_000),
    claims: Number(process.env.BENCH_CLAIMS ?? 500),
    batch: Number(process.env.BENCH_BATCH ?? 50),
    kinds: databaseKinds(),
  });
  process.stdout.write(`\nClaiming due outbox rows (claimDue, all rows due)\n\n${formatClaimTable(results)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
