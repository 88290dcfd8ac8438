import { z } from "zod";
import { outboxStatuses, type OutboxMessage } from "../../core/outbox/model.ts";
import type { OutboxClaim, OutboxRepository } from "../../core/outbox/repositories.ts";
import type { DatabaseProvider } from "../database-url.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { PgStatements } from "../pg-statements.ts";
import { readJson, writeJson } from "../json-column.ts";

const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
const actionsSchema = z.array(z.object({ labelKey: z.string(), data: z.string() }));
const statusSchema = z.enum(outboxStatuses);
const recipientKindSchema = z.enum(["client", "manager"]);

type Row = Omit<OutboxMessage, "params" | "actions" | "status" | "recipientKind"> & {
  params: string;
  actions: string;
  status: string;
  recipientKind: string;
};

export const toOutboxMessage = (row: Row): OutboxMessage => ({
  ...row,
  recipientKind: recipientKindSchema.parse(row.recipientKind),
  status: statusSchema.parse(row.status),
  params: readJson(paramsSchema, row.params, "OutboxMessage.params"),
  actions: readJson(actionsSchema, row.actions, "OutboxMessage.actions"),
});

const toRow = (message: OutboxMessage) => ({ ...message, params: writeJson(message.params), actions: writeJson(message.actions) });

/** Raw rows come back with driver types (SQLite: text dates, maybe bigint counts); normalise them. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  if (typeof value === "bigint") return new Date(Number(value));
  throw new Error(`OutboxMessage: not a date: ${String(value)}`);
}
const toDateOrNull = (value: unknown) => (value === null || value === undefined ? null : toDate(value));
const toTextOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

function fromRawRow(raw: Record<string, unknown>): OutboxMessage {
  return toOutboxMessage({
    id: String(raw.id),
    dedupeKey: String(raw.dedupeKey),
    tenantId: toTextOrNull(raw.tenantId),
    recipientKind: String(raw.recipientKind),
    recipientId: String(raw.recipientId),
    clientId: toTextOrNull(raw.clientId),
    messageKey: String(raw.messageKey),
    params: String(raw.params),
    actions: String(raw.actions),
    dueAt: toDate(raw.dueAt),
    status: String(raw.status),
    attempts: Number(raw.attempts),
    claimedUntil: toDateOrNull(raw.claimedUntil),
    providerMessageId: toTextOrNull(raw.providerMessageId),
    lastError: toTextOrNull(raw.lastError),
    createdAt: toDate(raw.createdAt),
    sentAt: toDateOrNull(raw.sentAt),
  });
}

/**
 * Claiming is one statement on both providers. PostgreSQL: the candidate rows are locked with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers skip each other's rows instead of waiting or sharing them.
 * SQLite: a single UPDATE is atomic and SQLite has one writer at a time. Each candidate list is read along the
 * (status, dueAt) index with its own limit, so a million pending rows cost no more than a hundred.
 */
const claimSql: Record<DatabaseProvider, string> = {
  postgresql: `
    WITH due AS (
      SELECT id, "dueAt" FROM "OutboxMessage" WHERE status = 'pending' AND "dueAt" <= $1::timestamp(3)
      ORDER BY "dueAt" LIMIT $3 FOR UPDATE SKIP LOCKED
    ), stale AS (
      SELECT id, "dueAt" FROM "OutboxMessage" WHERE status = 'sending' AND "claimedUntil" <= $1::timestamp(3)
      ORDER BY "dueAt" LIMIT $3 FOR UPDATE SKIP LOCKED
    ), picked AS (
      SELECT id FROM (SELECT id, "dueAt" FROM due UNION ALL SELECT id, "dueAt" FROM stale) AS candidates ORDER BY "dueAt" LIMIT $3
    )
    UPDATE "OutboxMessage" SET status = 'sending', "claimedUntil" = $2::timestamp(3), attempts = attempts + 1
    WHERE id IN (SELECT id FROM picked)
    RETURNING *`,
  sqlite: `
    UPDATE "OutboxMessage" SET status = 'sending', "claimedUntil" = ?2, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM (
        SELECT id, dueAt FROM (SELECT id, dueAt FROM "OutboxMessage" WHERE status = 'pending' AND dueAt <= ?1 ORDER BY dueAt LIMIT ?3)
        UNION ALL
        SELECT id, dueAt FROM (SELECT id, dueAt FROM "OutboxMessage" WHERE status = 'sending' AND claimedUntil <= ?1 ORDER BY dueAt LIMIT ?3)
      ) ORDER BY dueAt LIMIT ?3
    )
    RETURNING *`,
};

/** Marking a row sent is the dispatcher's hot path (once per message): one plain statement. */
const markSentSql: Record<DatabaseProvider, string> = {
  postgresql: `UPDATE "OutboxMessage" SET status = 'sent', "providerMessageId" = $1, "sentAt" = $2::timestamp(3), "claimedUntil" = NULL WHERE id = $3`,
  sqlite: `UPDATE "OutboxMessage" SET status = 'sent', "providerMessageId" = ?1, "sentAt" = ?2, "claimedUntil" = NULL WHERE id = ?3`,
};

/**
 * Dedupe keys that start with `prefix`. SQLite's LIKE ignores case, so `startsWith` alone cannot use the unique
 * index on the key and reads every pending row (a million in a large district) for each replanned appointment; the
 * same prefix as a range of the binary-ordered index can. Keys are ASCII, so the range holds exactly the keys that
 * start with the prefix. (PostgreSQL keeps `startsWith`: a range there would follow the database's collation.)
 */
const dedupeKeyStartsWith = (provider: DatabaseProvider, prefix: string) =>
  provider === "sqlite" ? { startsWith: prefix, gte: prefix, lt: `${prefix}\u{10FFFF}` } : { startsWith: prefix };

/** Dates as parameters: PostgreSQL gets ISO text cast to timestamp(3) (UTC, as Prisma stores it); SQLite a Date. */
const dateParam = (provider: DatabaseProvider, date: Date): Date | string => (provider === "postgresql" ? date.toISOString() : date);

/**
 * `direct` (PostgreSQL, outside a transaction): the claim and the mark run as named statements beside Prisma
 * (pg-statements.ts); the same SQL either way.
 */
export function outboxRepository(db: DbTransaction, provider: DatabaseProvider, direct?: PgStatements): OutboxRepository {
  /** Changes a row only while it is still this claim, so a late answer cannot undo someone else's claim. */
  const updateClaimed = async (claim: OutboxClaim, data: Record<string, unknown>) => {
    await db.outboxMessage.updateMany({ where: { id: claim.id, status: "sending", attempts: claim.attempts }, data });
  };
  return {
    async enqueue(message) {
      const existing = await db.outboxMessage.findUnique({ where: { dedupeKey: message.dedupeKey } });
      if (!existing) {
        await db.outboxMessage.create({ data: toRow(message) });
        return;
      }
      if (existing.status !== "pending" && existing.status !== "cancelled") return;
      const { id: _id, dedupeKey, ...data } = toRow(message);
      await db.outboxMessage.update({ where: { dedupeKey }, data });
    },
    async get(id) {
      const row = await db.outboxMessage.findUnique({ where: { id } });
      return row ? toOutboxMessage(row) : null;
    },
    async findByDedupeKey(dedupeKey) {
      const row = await db.outboxMessage.findUnique({ where: { dedupeKey } });
      return row ? toOutboxMessage(row) : null;
    },
    async cancelPendingByPrefix(prefix) {
      const result = await db.outboxMessage.updateMany({
        where: { dedupeKey: dedupeKeyStartsWith(provider, prefix), status: "pending" },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async cancelPendingForClient(clientId, dedupeKeyPrefix) {
      const result = await db.outboxMessage.updateMany({
        where: {
          status: "pending",
          ...(dedupeKeyPrefix ? { dedupeKey: dedupeKeyStartsWith(provider, dedupeKeyPrefix) } : {}),
          OR: [{ clientId }, { recipientKind: "client", recipientId: clientId }],
        },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async clearParamsForClient(clientId) {
      const result = await db.outboxMessage.updateMany({
        where: {
          status: { in: ["sent", "failed", "cancelled"] },
          params: { not: writeJson({}) },
          OR: [{ clientId }, { recipientKind: "client", recipientId: clientId }],
        },
        data: { params: writeJson({}) },
      });
      return result.count;
    },
    async listPendingForRecipient(recipientKind, recipientId) {
      const rows = await db.outboxMessage.findMany({
        where: { recipientKind, recipientId, status: "pending" },
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toOutboxMessage);
    },
    async claimDue(now, limit, leaseMs) {
      if (limit <= 0) return [];
      const until = new Date(now.getTime() + leaseMs);
      const values = [dateParam(provider, now), dateParam(provider, until), Math.floor(limit)];
      const rows = direct
        ? await direct.rows("lotse_outbox_claim", claimSql[provider], values)
        : await db.$queryRawUnsafe<Record<string, unknown>[]>(claimSql[provider], ...values);
      return rows.map(fromRawRow).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
    },
    async markSent(claim, providerMessageId, at) {
      const values = [providerMessageId, dateParam(provider, at), claim.id];
      if (direct) await direct.run("lotse_outbox_mark_sent", markSentSql[provider], values);
      else await db.$executeRawUnsafe(markSentSql[provider], ...values);
    },
    async markRetry(claim, dueAt, error) {
      await updateClaimed(claim, { status: "pending", dueAt, lastError: error, claimedUntil: null });
    },
    async release(claim, dueAt) {
      await updateClaimed(claim, { status: "pending", dueAt, claimedUntil: null, attempts: { decrement: 1 } });
    },
    async markFailed(claim, error) {
      await updateClaimed(claim, { status: "failed", lastError: error, claimedUntil: null });
    },
    async markCancelled(claim, reason) {
      await updateClaimed(claim, { status: "cancelled", lastError: reason, claimedUntil: null });
    },
  };
}
