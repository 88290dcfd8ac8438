import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds } from "../support/databases.ts";
import { beforeExit, countByStatus, seedOutbox, startFakeBotApi, startWorker, type Worker } from "./support/harness.ts";

const ROWS = 10_000;
const KILLS_AT = [2_000, 5_000, 8_000];

const running = new Set<Worker>();
afterAll(() => {
  for (const worker of running) worker.kill("SIGKILL");
});

/**
 * A real dispatcher process (node-cron, Prisma, HTTP) sends 10,000 messages to a fake Bot API on 127.0.0.1 at a
 * high configured rate and is killed with SIGKILL three times. With one message in flight at a time, each kill may
 * repeat at most the one message sent but not yet marked; none is lost; the rows it had claimed come back after
 * their lease.
 */
const sqlite = databaseKinds().filter((kind) => kind.name === "sqlite");
describe.each(sqlite)("dispatcher crash test on $name", (kind) => {
  it(`sends ${ROWS} messages through ${KILLS_AT.length} kills: 0 lost, at most 1 duplicate per kill, stranded leases recovered`, async () => {
    const database = await kind.create();
    await migrate(database.target);
    const store = createPrismaStore(database.target);
    const api = await startFakeBotApi();
    try {
      await seedOutbox(store, ROWS, 200);
      const env = {
        DATABASE_URL: database.url,
        FAKE_API_URL: api.url,
        RATE_GLOBAL: "20000",
        RATE_CHAT: "1000",
        CONCURRENCY: "1",
        BATCH: "100",
        LEASE_MS: "1500",
        LEASE_MARGIN_MS: "300",
        MAX_TICK_MS: "60000",
      };
      const started = performance.now();
      let kills = 0;
      for (const threshold of [...KILLS_AT, Number.POSITIVE_INFINITY]) {
        const worker = startWorker(env);
        running.add(worker);
        // Every wait is for an event (a delivery, the worker's exit), never for a wall-clock deadline: under load the
        // test takes longer and still passes; only the test's own timeout ends it.
        if (threshold === Number.POSITIVE_INFINITY) {
          await beforeExit(
            worker,
            "every message arrived",
            api.whenDelivered(({ distinct }) => distinct === ROWS),
          );
          // A graceful stop finishes the send in flight and marks it: then every row is sent.
          worker.kill("SIGTERM");
          expect((await worker.exited).code).toBe(0);
        } else {
          await beforeExit(
            worker,
            `${threshold} deliveries`,
            api.whenDelivered(({ deliveries }) => deliveries.length >= threshold),
          );
          worker.kill("SIGKILL");
          expect((await worker.exited).signal).toBe("SIGKILL");
          kills += 1;
        }
        running.delete(worker);
      }
      const seconds = (performance.now() - started) / 1000;
      const counts = api.counts();
      const lost = Array.from({ length: ROWS }, (_, n) => n).filter((n) => !counts.has(n));
      const duplicates = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
      const rows = await store.db.outboxMessage.findMany({ select: { status: true, attempts: true, claimedUntil: true } });
      const recovered = rows.filter((row) => row.attempts > 1).length;
      console.log(
        `[crash test ${kind.name}] ${ROWS} rows, ${kills} kills, ${seconds.toFixed(1)} s: lost ${lost.length}, duplicates ${duplicates}, ` +
          `stranded rows recovered ${recovered}`,
      );
      expect(lost).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(kills);
      expect(counts.size).toBe(ROWS);
      expect(await countByStatus(store)).toEqual({ sent: ROWS });
      expect(rows.every((row) => row.claimedUntil === null)).toBe(true);
      expect(recovered).toBeGreaterThan(0);
    } finally {
      await api.close();
      await store.close();
      await database.drop();
    }
  }, 120_000);
});
