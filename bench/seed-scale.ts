/**
 * Bulk seeding for the scale benchmarks, in a few raw SQL statements (Prisma's own inserts would take minutes):
 * one tenant, `managers` managers linked on Telegram (chat 10,000 + m), `clients` open cases (one household each,
 * each assigned to one manager, linked on Telegram as chat 1,000,000 + c) and `reminders` pending outbox rows due
 * in the future (appointment reminders waiting for their time).
 *
 * Column formats follow what Prisma writes: on SQLite dates as ISO text with offset and booleans as 0/1.
 */
import type { PrismaStore } from "../src/store/prisma-store.ts";

export interface ScaleSeed {
  managers: number;
  clients: number;
  reminders: number;
}

export const BENCH_TENANT_ID = "bench-tenant";
export const managerChat = (m: number): number => 10_000 + m;
export const clientChat = (c: number): number => 1_000_000 + c;

const created = "2026-11-01T08:00:00.000+00:00";

/** A sequence 0 … n-1 as a CTE (SQLite) or generate_series (PostgreSQL). */
function sequence(store: PrismaStore, n: number): { cte: string; from: string } {
  return store.target.provider === "postgresql"
    ? { cte: "", from: `generate_series(0, ${n - 1}) AS seq(i)` }
    : { cte: `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n - 1}) `, from: "seq" };
}

export async function seedScale(store: PrismaStore, seed: ScaleSeed): Promise<void> {
  const postgres = store.target.provider === "postgresql";
  const db = store.db;
  const at = postgres ? `TIMESTAMP '2026-11-01 08:00:00'` : `'${created}'`;
  const yes = postgres ? "true" : "1";
  const text = (expression: string) => (postgres ? `(${expression})::text` : `(${expression})`);
  await db.$executeRawUnsafe(
    `INSERT INTO "Tenant" ("id", "name", "timezone", "createdAt") VALUES ('${BENCH_TENANT_ID}', 'Bench-Kreis', 'Europe/Berlin', ${at})`,
  );
  const m = sequence(store, seed.managers);
  await db.$executeRawUnsafe(
    // No quiet hours: a benchmark run at night measures sending, not waiting for the morning.
    `${m.cte}INSERT INTO "Manager" ("id", "tenantId", "name", "role", "active", "quietHours", "createdAt")
     SELECT 'mgr-' || ${text("i")}, '${BENCH_TENANT_ID}', 'Managerin ' || ${text("i")}, 'manager', ${yes}, 'off', ${at} FROM ${m.from}`,
  );
  await db.$executeRawUnsafe(
    `${m.cte}INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "managerId", "locale", "active", "linkedAt")
     SELECT 'idm-' || ${text("i")}, 'telegram', ${text(`${managerChat(0)} + i`)}, 'mgr-' || ${text("i")}, 'de', ${yes}, ${at} FROM ${m.from}`,
  );
  if (seed.clients > 0) {
    const c = sequence(store, seed.clients);
    await db.$executeRawUnsafe(
      `${c.cte}INSERT INTO "Household" ("id", "tenantId", "label", "createdAt")
       SELECT 'hh-' || ${text("i")}, '${BENCH_TENANT_ID}', 'Haushalt ' || ${text("i")}, ${at} FROM ${c.from}`,
    );
    await db.$executeRawUnsafe(
      `${c.cte}INSERT INTO "Client" ("id", "tenantId", "householdId", "name", "searchName", "language", "quietHours", "status", "caseStartedAt", "createdAt")
       SELECT 'cl-' || ${text("i")}, '${BENCH_TENANT_ID}', 'hh-' || ${text("i")}, 'Klientin ' || ${text("i")}, 'klientin ' || ${text("i")},
              'ar', 'off', 'open', ${at}, ${at} FROM ${c.from}`,
    );
    await db.$executeRawUnsafe(
      `${c.cte}INSERT INTO "CaseAssignment" ("clientId", "managerId", "kind", "createdAt")
       SELECT 'cl-' || ${text("i")}, 'mgr-' || ${text(`i % ${seed.managers}`)}, 'primary', ${at} FROM ${c.from}`,
    );
    await db.$executeRawUnsafe(
      `${c.cte}INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "clientId", "locale", "active", "linkedAt")
       SELECT 'idc-' || ${text("i")}, 'telegram', ${text(`${clientChat(0)} + i`)}, 'cl-' || ${text("i")}, 'ar', ${yes}, ${at} FROM ${c.from}`,
    );
  }
  if (seed.reminders > 0) {
    const r = sequence(store, seed.reminders);
    const clients = Math.max(1, seed.clients);
    const due = postgres
      ? `TIMESTAMP '2030-01-01 00:00:00' + i * INTERVAL '1 second'`
      : `strftime('%Y-%m-%dT%H:%M:%f', 1893456000 + i, 'unixepoch') || '+00:00'`;
    await db.$executeRawUnsafe(
      `${r.cte}INSERT INTO "OutboxMessage" ("id", "dedupeKey", "tenantId", "recipientKind", "recipientId", "clientId", "messageKey", "params", "actions", "dueAt", "status", "attempts", "createdAt")
       SELECT 'rem-' || ${text("i")}, 'bench-reminder:' || ${text("i")}, '${BENCH_TENANT_ID}', 'client', 'cl-' || ${text(`i % ${clients}`)}, 'cl-' || ${text(`i % ${clients}`)},
              'client.appointment.reminder', '{}', '[]', ${due}, 'pending', 0, ${at} FROM ${r.from}`,
    );
  }
  await db.$executeRawUnsafe("ANALYZE");
}
