import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds } from "../support/databases.ts";
import { beforeExit, countByStatus, seedOutbox, startFakeBotApi, startWorker, type Delivery, type Worker } from "./support/harness.ts";

const ROWS = 1_500;
const RATE = 300;

const running = new Set<Worker>();
afterAll(() => {
  for (const worker of running) worker.kill("SIGKILL");
});

/** The most deliveries in any window of `windowMs`. */
function peakInWindow(deliveries: Delivery[], windowMs: number): number {
  const times = deliveries.map((d) => d.at).sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

const leads = (worker: Worker) => worker.logs.some((line) => line.msg === "dispatcher leads");

/**
 * Three dispatcher processes on one PostgreSQL database: the advisory lock lets exactly one send at a time, the
 * others stand by; when the leader shuts down, another takes over. 0 duplicates, the bot-wide rate holds.
 */
const postgres = databaseKinds().filter((kind) => kind.name === "postgresql");
// Without TEST_POSTGRES_URL the file reports a skipped suite instead of failing with "no test suite found".
describe.skipIf(postgres.length > 0)("three dispatcher instances (need TEST_POSTGRES_URL)", () => {
  it.skip("runs on PostgreSQL only", () => undefined);
});
describe.skipIf(postgres.length === 0).each(postgres)("three dispatcher instances on $name", (kind) => {
  it(`send ${ROWS} messages once each, one leader at a time, at most ${RATE}/s`, async () => {
    const database = await kind.create();
    await migrate(database.target);
    const store = createPrismaStore(database.target);
    const api = await startFakeBotApi();
    try {
      await seedOutbox(store, ROWS, 300);
      const env = {
        DATABASE_URL: database.url,
        FAKE_API_URL: api.url,
        RATE_GLOBAL: String(RATE),
        RATE_CHAT: "100",
        CONCURRENCY: "4",
        BATCH: "50",
        LEASE_MS: "30000",
      };
      const workers = [startWorker(env), startWorker(env), startWorker(env)];
      for (const worker of workers) running.add(worker);
      // Every wait is for an event (a log line, a delivery, an exit), never for a wall-clock deadline.
      await Promise.race(
        workers.map((worker) =>
          beforeExit(
            worker,
            "leading",
            worker.whenLogged((line) => line.msg === "dispatcher leads"),
          ),
        ),
      );
      await api.whenDelivered(({ deliveries }) => deliveries.length >= ROWS / 3);
      expect(workers.filter(leads)).toHaveLength(1);
      const first = workers.find(leads) as Worker;
      first.kill("SIGTERM"); // a graceful hand-over: in-flight messages finish, claimed ones go back, the lock is freed
      expect((await first.exited).code).toBe(0);
      running.delete(first);
      const handedOverAt = api.deliveries.length;
      await api.whenDelivered(({ distinct }) => distinct === ROWS);
      const second = workers.find((w) => w !== first && leads(w));
      expect(second).toBeDefined();
      // A graceful stop marks what it sent before it exits.
      for (const worker of workers.filter((w) => w !== first)) worker.kill("SIGTERM");
      for (const worker of workers.filter((w) => w !== first)) expect((await worker.exited).code).toBe(0);
      expect(await countByStatus(store)).toEqual({ sent: ROWS });

      const counts = api.counts();
      const duplicates = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
      const bySender = new Map<string, Delivery[]>();
      for (const delivery of api.deliveries) bySender.set(delivery.worker, [...(bySender.get(delivery.worker) ?? []), delivery]);
      const spans = [...bySender.values()].map((list) => [list[0]!.at, list.at(-1)!.at] as const).sort((a, b) => a[0] - b[0]);
      const seconds = (api.deliveries.at(-1)!.at - api.deliveries[0]!.at) / 1000;
      const peak = peakInWindow(api.deliveries, 1000);
      console.log(
        `[three instances] ${ROWS} rows in ${seconds.toFixed(1)} s (${(ROWS / seconds).toFixed(0)}/s, limit ${RATE}/s), peak ${peak} in 1 s, ` +
          `duplicates ${duplicates}, senders ${bySender.size}, handed over after ${handedOverAt} messages with a gap of ` +
          `${spans.length > 1 ? (spans[1]![0] - spans[0]![1]).toFixed(0) : "?"} ms`,
      );
      expect(duplicates).toBe(0);
      expect(counts.size).toBe(ROWS);
      expect(bySender.size).toBe(2); // the first leader, then exactly one successor
      expect(spans[1]![0]).toBeGreaterThan(spans[0]![1]); // never two senders at once
      expect(peak).toBeLessThanOrEqual(RATE * 1.02 + 2);
      expect(peak).toBeGreaterThan(RATE / 2); // the limit, not the machine, set the pace
    } finally {
      await api.close();
      await store.close();
      await database.drop();
    }
  }, 120_000);
});
