import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatClaimTable, runClaimBench } from "../../bench/claim.ts";
import type { OutboxMessage } from "../../src/core/outbox/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";

const ROWS = 300;

function row(i: number): OutboxMessage {
  return {
    id: `m${String(i).padStart(4, "0")}`,
    dedupeKey: `claim:${i}`,
    tenantId: null,
    recipientKind: "manager",
    recipientId: "eva",
    clientId: null,
    messageKey: "manager.agenda",
    params: { n: i },
    actions: [],
    dueAt: new Date(Date.UTC(2027, 2, 1, 8, 0, 0, i)),
    status: "pending",
    attempts: 0,
    claimedUntil: null,
    providerMessageId: null,
    lastError: null,
    createdAt: new Date("2027-03-01T00:00:00Z"),
    sentAt: null,
  };
}

describe.each(databaseKinds())("claiming on $name with several store instances (connections)", (kind) => {
  let database: TestDatabase;
  let stores: PrismaStore[];

  beforeAll(async () => {
    database = await kind.create();
    await migrate(database.target);
    stores = [0, 1, 2].map(() => createPrismaStore(database.target));
    const first = stores[0] as PrismaStore;
    for (let i = 0; i < ROWS; i += 1) await first.outbox.enqueue(row(i));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database.drop();
  });

  it("three claimers at once never get the same row, and together get every row once", async () => {
    const now = new Date("2027-03-01T09:00:00Z");
    const claimed = await Promise.all(
      stores.map(async (store) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await store.outbox.claimDue(now, 7, 60_000);
          if (batch.length === 0) return mine;
          mine.push(...batch.map((m) => m.id));
        }
      }),
    );
    const all = claimed.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(ROWS);
    expect(claimed.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });
});

describe("claim benchmark (smoke run; the real one is `npm run bench` with 1,000,000 rows)", () => {
  it("measures claim latency on every database under test and prints a table", async () => {
    const results = await runClaimBench({ pending: 1000, claims: 20, batch: 10, kinds: databaseKinds() });
    expect(results.map((r) => r.database)).toEqual(databaseKinds().map((k) => k.name));
    for (const result of results) {
      expect(result.claimedRows).toBe(200);
      expect(result.p99Ms).toBeGreaterThan(0);
    }
    expect(formatClaimTable(results)).toMatch(/\| sqlite +\| +1000 \|/);
  });
});

describe.each(databaseKinds())("claiming on $name in a process whose local time zone is not UTC", (kind) => {
  let database: TestDatabase;
  let store: PrismaStore;
  const zoneBefore = process.env.TZ;

  beforeAll(async () => {
    // Node applies a changed TZ at once; this file's worker process is the only one affected.
    process.env.TZ = "America/Havana";
    database = await kind.create();
    await migrate(database.target);
    store = createPrismaStore(database.target);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
    if (zoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = zoneBefore;
  });

  it("reads back the instants it wrote: due time, lease and sent time to the millisecond", async () => {
    expect(new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset()).toBe(300);
    await store.outbox.enqueue(row(7));
    const now = new Date("2027-03-01T09:00:00.250Z");
    const [claimed] = await store.outbox.claimDue(now, 5, 60_000);
    expect(claimed?.dueAt.toISOString()).toBe("2027-03-01T08:00:00.007Z");
    expect(claimed?.claimedUntil?.toISOString()).toBe("2027-03-01T09:01:00.250Z");
    expect(claimed?.createdAt.toISOString()).toBe("2027-03-01T00:00:00.000Z");

    await store.outbox.markSent({ id: "m0007", attempts: 1 }, "tg:1", new Date("2027-03-01T09:00:01.125Z"));
    const sent = await store.outbox.get("m0007");
    expect(sent?.status).toBe("sent");
    expect(sent?.sentAt?.toISOString()).toBe("2027-03-01T09:00:01.125Z");
    expect(sent?.providerMessageId).toBe("tg:1");
  });

  it("claims and marks the same way inside a transaction (through Prisma there, not the direct statements)", async () => {
    await store.outbox.enqueue({ ...row(8), dedupeKey: "claim:tx:8" });
    const now = new Date("2027-03-01T09:00:00.250Z");
    const claimed = await store.transaction(async (repositories) => repositories.outbox.claimDue(now, 5, 60_000));
    expect(claimed.map((m) => [m.id, m.dueAt.toISOString(), m.claimedUntil?.toISOString()])).toEqual([
      ["m0008", "2027-03-01T08:00:00.008Z", "2027-03-01T09:01:00.250Z"],
    ]);
    await store.transaction(async (repositories) => repositories.outbox.markSent({ id: "m0008", attempts: 1 }, "tg:2", new Date("2027-03-01T09:00:02.5Z")));
    const sent = await store.outbox.get("m0008");
    expect([sent?.status, sent?.sentAt?.toISOString(), sent?.providerMessageId]).toEqual(["sent", "2027-03-01T09:00:02.500Z", "tg:2"]);
  });
});
