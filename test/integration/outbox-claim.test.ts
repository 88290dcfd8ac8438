import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatClaimTable, runClaimBench } from "../../bench/claim.ts";
import type { OutboxMessage } from "../../src/core/outbox/model.ts";
import { migrate } from "../../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../../src/store/prisma-store.ts";
import type { DirectSql } from "../../src/store/direct-sql.ts";
import { sqlitePlaceholders } from "../../src/store/direct-sql.ts";
import { cancelByPrefixSql, outboxRepository, prefixRange } from "../../src/store/repositories/outbox.ts";
import { pgStatements } from "../../src/store/pg-statements.ts";
import { plainText } from "../../src/store/text-sealer.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { migratedStoreFor } from "../support/migrated-store.ts";

const ROWS = 300;

/** For a repository whose statements beside Prisma these tests do not reach. */
const notUsed: DirectSql = {
  rows: () => Promise.reject(new Error("not used here")),
  run: () => Promise.reject(new Error("not used here")),
};

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
    // Every store connected beforehand: otherwise the first one can claim all rows while the others still connect.
    for (const store of stores) await store.outbox.claimDue(new Date("2027-03-01T00:00:00Z"), 1, 60_000);
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

describe.each(databaseKinds().filter((k) => k.name === "postgresql"))("claiming on $name writes no index entries", (kind) => {
  let database: TestDatabase;
  let store: PrismaStore;

  beforeAll(async () => {
    database = await kind.create();
    await migrate(database.target);
    store = createPrismaStore(database.target);
    for (let i = 0; i < 20; i += 1) await store.outbox.enqueue(row(i));
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it("updates every claimed row in place (HOT): no indexed column changes and the page has room", async () => {
    const counts = await store.db.$transaction(async (tx) => {
      const claimed = await outboxRepository(tx, "postgresql", plainText, notUsed).claimDue(new Date("2027-03-01T09:00:00Z"), 10, 60_000);
      // This transaction's own counts, before any statistics are flushed.
      const [stats] = await tx.$queryRawUnsafe<{ updated: bigint; hot: bigint }[]>(
        `SELECT pg_stat_get_xact_tuples_updated('"OutboxMessage"'::regclass) AS updated,
                pg_stat_get_xact_tuples_hot_updated('"OutboxMessage"'::regclass) AS hot`,
      );
      return { claimed: claimed.length, updated: Number(stats?.updated), hot: Number(stats?.hot) };
    });
    expect(counts).toEqual({ claimed: 10, updated: 10, hot: 10 });
    const [table] = await store.db.$queryRawUnsafe<{ options: string[] | null }[]>(
      `SELECT reloptions AS options FROM pg_class WHERE relname = 'OutboxMessage'`,
    );
    expect(table?.options).toContain("fillfactor=80");
  });

  it("cancels by key prefix from an index, not by reading the table (every appointment move does this)", async () => {
    const [index] = await store.db.$queryRawUnsafe<{ definition: string }[]>(
      `SELECT indexdef AS definition FROM pg_indexes WHERE indexname = 'OutboxMessage_dedupeKey_idx'`,
    );
    expect(index?.definition).toContain('("dedupeKey" text_pattern_ops)');
    // Among 5,000 other pending rows, the statement the store runs for cancelPendingByPrefix, planned as a named
    // statement's generic plan (without the values) would be.
    await store.db.$executeRawUnsafe(
      `INSERT INTO "OutboxMessage" ("id", "dedupeKey", "recipientKind", "recipientId", "messageKey", "dueAt", "status", "createdAt")
       SELECT 'other' || i, 'other:' || i, 'manager', 'eva', 'manager.agenda', TIMESTAMP '2027-03-02 08:00', 'pending', TIMESTAMP '2027-03-01'
       FROM generate_series(1, 5000) AS i`,
    );
    await store.db.$executeRawUnsafe(`ANALYZE "OutboxMessage"`);
    const [low, high] = prefixRange("claim:1");
    const text = await store.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await tx.$executeRawUnsafe(`PREPARE cancel_by_prefix (text, text) AS ${cancelByPrefixSql.postgresql.text}`);
      const plan = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN EXECUTE cancel_by_prefix('${low}', '${high}')`);
      await tx.$executeRawUnsafe(`DEALLOCATE cancel_by_prefix`);
      return plan.map((line) => line["QUERY PLAN"]).join("\n");
    });
    expect(text).toMatch(/Index Scan (using|on) "OutboxMessage_dedupeKey_idx"/);
    expect(text).toMatch(/Index Cond: .*"dedupeKey" ~>=~ \$1.*"dedupeKey" ~<~ \$2/);
    expect(text).not.toContain("Seq Scan");
    expect(await store.outbox.cancelPendingByPrefix("claim:1")).toBe(10); // claim:1 was claimed above: not cancelled
  });

  it("commits a claim of its own lazily and leaves every other commit of the connection durable", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 }); // one session for all that follows
    const syncCommit = async () => (await pool.query<{ value: string }>("SELECT current_setting('synchronous_commit') AS value")).rows[0]?.value;
    try {
      await pool.query(`UPDATE "OutboxMessage" SET "claimedUntil" = NULL, status = 'pending' WHERE id = 'm0019'`);
      const claimed = await outboxRepository(store.db, "postgresql", plainText, notUsed, pgStatements(pool)).claimDue(
        new Date("2027-03-01T09:00:00Z"),
        1,
        60_000,
      );
      expect(claimed.map((m) => [m.id, m.status])).toEqual([["m0019", "sending"]]);
      expect(Object.keys(claimed[0] ?? {})).not.toContain("set_config");
      const { rows } = await pool.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'lotse_outbox_claim%'`);
      expect(rows[0]?.statement).toContain("set_config('synchronous_commit', 'off', true)");
      expect(await syncCommit()).toBe("on");
    } finally {
      await pool.end();
    }
    // Inside a transaction (the Prisma path) the claim must not make the rest of the transaction lazy.
    const inside = await store.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`UPDATE "OutboxMessage" SET "claimedUntil" = NULL, status = 'pending' WHERE id = 'm0018'`);
      await outboxRepository(tx, "postgresql", plainText, notUsed).claimDue(new Date("2027-03-01T09:00:00Z"), 1, 60_000);
      const [row] = await tx.$queryRawUnsafe<{ value: string }[]>("SELECT current_setting('synchronous_commit') AS value");
      return row?.value;
    });
    expect(inside).toBe("on");
  });

  it("plans the claim once per connection: after PostgreSQL's five trial plans every claim reuses the generic one", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const outbox = outboxRepository(store.db, "postgresql", plainText, notUsed, pgStatements(pool));
      for (let i = 0; i < 8; i += 1) await outbox.claimDue(new Date("2027-03-01T09:00:00Z"), 1, 60_000);
      const { rows } = await pool.query<{ generic: string; custom: string }>(
        `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name LIKE 'lotse_outbox_claim%'`,
      );
      expect(rows).toEqual([{ generic: "3", custom: "5" }]);
    } finally {
      await pool.end();
    }
  });
});

describe.each(databaseKinds().filter((k) => k.name === "sqlite"))("cancelling by key prefix on $name", (kind) => {
  const { store } = migratedStoreFor(kind);

  it("reads the keys of the prefix from the unique index, not every pending row (every appointment move does this)", async () => {
    for (let i = 0; i < 20; i += 1) await store().outbox.enqueue(row(i));
    await store().db.$executeRawUnsafe(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
       INSERT INTO "OutboxMessage" ("id", "dedupeKey", "recipientKind", "recipientId", "messageKey", "dueAt", "status", "createdAt")
       SELECT 'other' || i, 'other:' || i, 'manager', 'eva', 'manager.agenda', '2027-03-02T08:00:00.000+00:00', 'pending', '2027-03-01T00:00:00.000+00:00' FROM n`,
    );
    await store().db.$executeRawUnsafe(`ANALYZE`);
    const { sql } = sqlitePlaceholders(cancelByPrefixSql.sqlite.text);
    const plan = await store().db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, ...prefixRange("claim:1"));
    expect(plan.map((step) => step.detail).join("\n")).toMatch(/SEARCH OutboxMessage USING INDEX \w*OutboxMessage\w* \(dedupeKey>\? AND dedupeKey<\?\)/);
    expect(await store().outbox.cancelPendingByPrefix("claim:1")).toBe(11); // claim:1 and claim:10 … claim:19
    expect((await store().outbox.findByDedupeKey("claim:2"))?.status).toBe("pending");
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
