import { z } from "zod";
import { outboxStatuses, type OutboxMessage, type OutboxStatus } from "../../core/outbox/model.ts";
import { outboxParamsSchema } from "../../core/outbox/message-kinds.ts";
import type { OutboxClaim, OutboxRepository } from "../../core/outbox/repositories.ts";
import type { DatabaseProvider } from "../database-url.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import type { DbTransaction } from "../prisma-client.ts";
import type { PgStatements } from "../pg-statements.ts";
import { directStatement, type DirectSql, type DirectStatement, type SqlValue } from "../direct-sql.ts";
import { readJson, writeJson } from "../json-column.ts";
import type { TextSealer } from "../text-sealer.ts";

const actionsSchema = z.array(z.object({ labelKey: z.string(), data: z.string(), newRow: z.boolean().optional() }));
const statusSchema = z.enum(outboxStatuses);
const recipientKindSchema = z.enum(["client", "manager", "volunteer"]);

type Row = Omit<OutboxMessage, "params" | "actions" | "status" | "recipientKind"> & {
  params: string;
  actions: string;
  status: string;
  recipientKind: string;
};

/**
 * How a claim is stored: a claimed row ("sending" in the core) keeps the stored status "pending" and carries its
 * lease in "claimedUntil"; every other change of state clears the lease. So claiming a row changes no indexed column,
 * and PostgreSQL can update it in place (a HOT update: no new entry in any of the table's five indexes, no index
 * pages in the write-ahead log; the table keeps free room for that, fillfactor 80). Marking it sent, failed or
 * cancelled changes the status once. Before this, claiming wrote five index entries per row and, after each
 * checkpoint, a full image of every index page it touched: about 1 MB of WAL per 50-row claim (docs/benchmarks.md, P4).
 * Only this file reads or writes the stored form.
 */
const CLAIMED = "sending";
const storedStatus = (status: OutboxStatus): string => (status === CLAIMED ? "pending" : status);
const statusOf = (row: { status: string; claimedUntil: Date | null }): OutboxStatus =>
  row.status === "pending" && row.claimedUntil !== null ? CLAIMED : statusSchema.parse(row.status);
/** Stored rows that are pending and not claimed, and stored rows that are claimed (lease live or run out). */
const unclaimed = { status: "pending", claimedUntil: null } as const;
const claimed = { status: "pending", claimedUntil: { not: null } } as const;

/** Parameters without any value (most messages to staff): kept as they are, nothing to seal. */
const NO_PARAMS = writeJson({});
/** Stored statuses of rows that are done: never sent again. */
const FINISHED = ["sent", "failed", "cancelled"];

const toOutboxMessage = (sealer: TextSealer, row: Row): OutboxMessage => ({
  ...row,
  recipientKind: recipientKindSchema.parse(row.recipientKind),
  status: statusOf(row),
  params: readJson(outboxParamsSchema, sealer.open(row.params), "OutboxMessage.params"),
  actions: readJson(actionsSchema, row.actions, "OutboxMessage.actions"),
});

/** The parameters (names, places, times) are sealed at rest (text-sealer.ts); the actions hold ids and keys only. */
function toRow(sealer: TextSealer, message: OutboxMessage) {
  if (message.status === CLAIMED && message.claimedUntil === null) throw new Error("OutboxMessage: a claimed row needs its lease (claimedUntil)");
  const params = writeJson(message.params);
  return { ...message, status: storedStatus(message.status), params: params === NO_PARAMS ? params : sealer.seal(params), actions: writeJson(message.actions) };
}

/** Raw rows come back with driver types (SQLite: text dates, maybe bigint counts); normalise them. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  if (typeof value === "bigint") return new Date(Number(value));
  throw new Error(`OutboxMessage: not a date: ${String(value)}`);
}
const toDateOrNull = (value: unknown) => (value === null || value === undefined ? null : toDate(value));
const toTextOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

function fromRawRow(sealer: TextSealer, raw: Record<string, unknown>): OutboxMessage {
  return toOutboxMessage(sealer, {
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
 * Claiming is one statement on both providers: the oldest due rows that are pending and not leased, or whose lease
 * ran out (a dispatcher died holding them), get a lease and an attempt; nothing else changes (see "How a claim is
 * stored" above). PostgreSQL: the candidate rows are locked with `FOR UPDATE SKIP LOCKED`, so concurrent claimers
 * skip each other's rows instead of waiting or sharing them; one that read a row before another's claim committed
 * re-checks the lease on the newest version and leaves it. SQLite: a single UPDATE is atomic and SQLite has one
 * writer at a time. The candidates are read along the (status, dueAt) index, so a million pending rows cost no more
 * than a hundred; rows leased right now (at most what the dispatchers have in hand) are stepped over.
 *
 * The batch size is part of the statement's text (a whole number, one named statement per size; the dispatcher uses
 * one). PostgreSQL then plans the statement once per connection: with the limit as a parameter, its generic plan
 * assumed a tenth of the table and it planned every claim anew, about 0.3 ms each (docs/benchmarks.md, P4).
 *
 * `lazyCommit` (PostgreSQL, only for a claim that is a transaction of its own): the statement sets
 * `synchronous_commit` off for its own transaction, so its commit does not wait for the log to reach the disk. A
 * claim lost in a crash of the database server leaves its rows pending and unleased, which is where an expired lease
 * leads as well: the message may go out once more, never lost. Marks commit as usual, and the log is written in
 * order, so a mark that survived a crash implies its claim did. Inside a larger transaction it would make everything
 * else in it lazy too, so the Prisma path (transactions) never uses it.
 */
const claimSql = (provider: DatabaseProvider, limit: number, lazyCommit: boolean): string =>
  provider === "postgresql"
    ? `
    WITH picked AS (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'pending' AND "dueAt" <= $1::timestamp(3) AND ("claimedUntil" IS NULL OR "claimedUntil" <= $1::timestamp(3))
      ORDER BY "dueAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE "OutboxMessage" SET "claimedUntil" = $2::timestamp(3), attempts = attempts + 1
    ${lazyCommit ? "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS lazy_commit" : ""}
    WHERE id IN (SELECT id FROM picked)
    RETURNING "OutboxMessage".*`
    : `
    UPDATE "OutboxMessage" SET claimedUntil = ?2, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'pending' AND dueAt <= ?1 AND (claimedUntil IS NULL OR claimedUntil <= ?1)
      ORDER BY dueAt LIMIT ${limit}
    )
    RETURNING *`;

/** Marking a row sent is the dispatcher's hot path (once per message): one plain statement. */
const markSentSql: Record<DatabaseProvider, string> = {
  postgresql: `UPDATE "OutboxMessage" SET status = 'sent', "providerMessageId" = $1, "sentAt" = $2::timestamp(3), "claimedUntil" = NULL WHERE id = $3`,
  sqlite: `UPDATE "OutboxMessage" SET status = 'sent', "providerMessageId" = ?1, "sentAt" = ?2, "claimedUntil" = NULL WHERE id = ?3`,
};

/**
 * Dedupe keys that start with `prefix`. SQLite's LIKE ignores case, so `startsWith` alone cannot use the unique
 * index on the key and reads every pending row (a million in a large district) for each replanned appointment; the
 * same prefix as a range of the binary-ordered index can. Keys are ASCII, so the range holds exactly the keys that
 * start with the prefix. PostgreSQL keeps `startsWith` (a range there would follow the database's collation) and
 * answers the LIKE from the byte-ordered (text_pattern_ops) index on the key (prisma/schema.prisma).
 */
const dedupeKeyStartsWith = (provider: DatabaseProvider, prefix: string) =>
  provider === "sqlite" ? { startsWith: prefix, gte: prefix, lt: `${prefix}\u{10FFFF}` } : { startsWith: prefix };

const outboxColumnList = `"id", "dedupeKey", "tenantId", "recipientKind", "recipientId", "clientId", "messageKey", "params", "actions", "dueAt", "status", "attempts", "claimedUntil", "providerMessageId", "lastError", "createdAt", "sentAt"`;
const stateByKeySql = directStatement("outbox_state_by_key", `SELECT "status", "claimedUntil" FROM "OutboxMessage" WHERE "dedupeKey" = $1`);
const findByKeySql = directStatement("outbox_find_by_key", `SELECT ${outboxColumnList} FROM "OutboxMessage" WHERE "dedupeKey" = $1`);
const insertSql = directStatement(
  "outbox_insert",
  `INSERT INTO "OutboxMessage" (${outboxColumnList}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
);
/** A re-planned message replaces all but the id and the key. */
const replaceByKeySql = directStatement(
  "outbox_replace_by_key",
  `UPDATE "OutboxMessage" SET "tenantId" = $2, "recipientKind" = $3, "recipientId" = $4, "clientId" = $5, "messageKey" = $6, "params" = $7,
   "actions" = $8, "dueAt" = $9, "status" = $10, "attempts" = $11, "claimedUntil" = $12, "providerMessageId" = $13, "lastError" = $14,
   "createdAt" = $15, "sentAt" = $16 WHERE "dedupeKey" = $1`,
);
/**
 * Cancel by key prefix (see `dedupeKeyStartsWith`), as a range of the key in byte order: on SQLite the range of the
 * unique index, with the status test kept off the (status, dueAt) index (`+`), so that SQLite reads the few keys of
 * the prefix instead of every pending row; on PostgreSQL the byte-order operators of the text_pattern_ops index,
 * which a named statement's generic plan can use (a LIKE with the pattern as a parameter could not).
 */
export const cancelByPrefixSql: Record<DatabaseProvider, DirectStatement> = {
  sqlite: directStatement(
    "outbox_cancel_by_prefix_range",
    `UPDATE "OutboxMessage" SET "status" = 'cancelled' WHERE "dedupeKey" >= $1 AND "dedupeKey" < $2 AND +"status" = 'pending' AND "claimedUntil" IS NULL`,
  ),
  postgresql: directStatement(
    "outbox_cancel_by_prefix_pattern_range",
    `UPDATE "OutboxMessage" SET "status" = 'cancelled' WHERE "dedupeKey" ~>=~ $1 AND "dedupeKey" ~<~ $2 AND "status" = 'pending' AND "claimedUntil" IS NULL`,
  ),
};
/** The keys from `prefix` (inclusive) to `prefix` followed by the last code point (exclusive): ASCII keys sort between. */
export const prefixRange = (prefix: string): [string, string] => [prefix, `${prefix}\u{10FFFF}`];

/** The values of a stored row in the order of `outboxColumnList` (the key first, as `replaceByKeySql` takes them). */
function insertValues(row: ReturnType<typeof toRow>): SqlValue[] {
  const { id, dedupeKey, ...replaced } = row;
  return [id, ...replaceValues({ dedupeKey, ...replaced })];
}
function replaceValues(row: Omit<ReturnType<typeof toRow>, "id">): SqlValue[] {
  return [
    row.dedupeKey,
    row.tenantId,
    row.recipientKind,
    row.recipientId,
    row.clientId,
    row.messageKey,
    row.params,
    row.actions,
    row.dueAt,
    row.status,
    row.attempts,
    row.claimedUntil,
    row.providerMessageId,
    row.lastError,
    row.createdAt,
    row.sentAt,
  ];
}

/** Dates as parameters: PostgreSQL gets ISO text cast to timestamp(3) (UTC, as Prisma stores it); SQLite a Date. */
const dateParam = (provider: DatabaseProvider, date: Date): Date | string => (provider === "postgresql" ? date.toISOString() : date);

/**
 * `pg` (PostgreSQL, outside a transaction): the claim and the mark run as named statements beside Prisma
 * (pg-statements.ts); the same SQL either way. `direct` (direct-sql.ts): planning a message (find by key, insert or
 * replace) and cancelling by key prefix run on the driver.
 */
export function outboxRepository(db: DbTransaction, provider: DatabaseProvider, sealer: TextSealer, direct: DirectSql, pg?: PgStatements): OutboxRepository {
  /** The stored row's state (not its params: nothing to open), null without a row. */
  const storedState = async (dedupeKey: string): Promise<OutboxStatus | null> => {
    const [raw] = await direct.rows(stateByKeySql, [dedupeKey]);
    return raw ? statusOf({ status: String(raw.status), claimedUntil: toDateOrNull(raw.claimedUntil) }) : null;
  };
  const findStored = async (dedupeKey: string): Promise<OutboxMessage | null> => {
    const [raw] = await direct.rows(findByKeySql, [dedupeKey]);
    return raw ? fromRawRow(sealer, raw) : null;
  };
  /** Changes a row only while it is still this claim, so a late answer cannot undo someone else's claim. */
  const updateClaimed = async (claim: OutboxClaim, data: Record<string, unknown>) => {
    await db.outboxMessage.updateMany({ where: { id: claim.id, ...claimed, attempts: claim.attempts }, data });
  };
  /**
   * Erasure: cancels the matching rows not sent yet (claimed ones too: the dispatcher sends its own copy, and its late
   * mark changes a row only while it is still that claim, except "sent"), and empties the params of every one.
   */
  const forgetParams = async (where: Prisma.OutboxMessageWhereInput): Promise<number> => {
    const waiting = await db.outboxMessage.updateMany({
      where: { ...where, status: "pending" },
      data: { status: "cancelled", claimedUntil: null, params: NO_PARAMS },
    });
    const done = await db.outboxMessage.updateMany({ where: { ...where, status: { in: FINISHED }, params: { not: NO_PARAMS } }, data: { params: NO_PARAMS } });
    return waiting.count + done.count;
  };
  return {
    async enqueue(message) {
      const existing = await storedState(message.dedupeKey);
      if (existing !== null && existing !== "pending" && existing !== "cancelled") return;
      const row = toRow(sealer, message);
      if (existing === null) await direct.run(insertSql, insertValues(row));
      else await direct.run(replaceByKeySql, replaceValues(row));
    },
    async get(id) {
      const row = await db.outboxMessage.findUnique({ where: { id } });
      return row ? toOutboxMessage(sealer, row) : null;
    },
    findByDedupeKey: findStored,
    statusByDedupeKey: storedState,
    async cancelPendingByPrefix(prefix) {
      return direct.run(cancelByPrefixSql[provider], prefixRange(prefix));
    },
    async cancelPendingForClient(clientId, dedupeKeyPrefix) {
      const result = await db.outboxMessage.updateMany({
        where: {
          ...unclaimed,
          ...(dedupeKeyPrefix ? { dedupeKey: dedupeKeyStartsWith(provider, dedupeKeyPrefix) } : {}),
          OR: [{ clientId }, { recipientKind: "client", recipientId: clientId }],
        },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async cancelPendingToClient(clientId, dedupeKeyPrefix) {
      const result = await db.outboxMessage.updateMany({
        where: {
          ...unclaimed,
          ...(dedupeKeyPrefix ? { dedupeKey: dedupeKeyStartsWith(provider, dedupeKeyPrefix) } : {}),
          recipientKind: "client",
          recipientId: clientId,
        },
        data: { status: "cancelled" },
      });
      return result.count;
    },
    async clearParamsForClient(clientId) {
      return forgetParams({ OR: [{ clientId }, { recipientKind: "client", recipientId: clientId }] });
    },
    async clearParamsByKey(dedupeKey) {
      return (await forgetParams({ dedupeKey })) > 0;
    },
    async deleteFinishedBefore(before, dedupeKeyPrefix) {
      // Every time of the row lies before the cut: a cancelled row due later, or a failed one retried lately, waits.
      const result = await db.outboxMessage.deleteMany({
        where: {
          ...(dedupeKeyPrefix ? { dedupeKey: dedupeKeyStartsWith(provider, dedupeKeyPrefix) } : {}),
          status: { in: FINISHED },
          createdAt: { lt: before },
          dueAt: { lt: before },
          OR: [{ sentAt: null }, { sentAt: { lt: before } }],
        },
      });
      return result.count;
    },
    async listPendingForRecipient(recipientKind, recipientId) {
      const rows = await db.outboxMessage.findMany({
        where: { recipientKind, recipientId, ...unclaimed },
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
      return rows.map((row) => toOutboxMessage(sealer, row));
    },
    async dueSummary(now) {
      const where = { status: "pending", dueAt: { lte: now } } as const;
      const [due, oldest] = await Promise.all([
        db.outboxMessage.count({ where }),
        db.outboxMessage.findFirst({ where, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
      ]);
      return { due, oldestDueAt: oldest?.dueAt ?? null };
    },
    async claimDue(now, limit, leaseMs) {
      if (limit <= 0) return [];
      const batch = Math.floor(limit);
      if (!Number.isSafeInteger(batch)) throw new Error(`claimDue: not a batch size: ${limit}`);
      const until = new Date(now.getTime() + leaseMs);
      const values = [dateParam(provider, now), dateParam(provider, until)];
      const rows = pg
        ? await pg.rows(`lotse_outbox_claim_${batch}`, claimSql(provider, batch, true), values)
        : await db.$queryRawUnsafe<Record<string, unknown>[]>(claimSql(provider, batch, false), ...values);
      return rows.map((row) => fromRawRow(sealer, row)).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
    },
    async markSent(claim, providerMessageId, at) {
      const values = [providerMessageId, dateParam(provider, at), claim.id];
      if (pg) await pg.run("lotse_outbox_mark_sent", markSentSql[provider], values);
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
