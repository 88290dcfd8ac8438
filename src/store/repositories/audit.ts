import type { AuditChainHead, AuditEvent, AuditSeal, ChainedAuditEvent } from "../../core/audit/model.ts";
import type { AuditRepository } from "../../core/ports/store.ts";
import { directStatement, type DirectSql } from "../direct-sql.ts";
import type { Db, DbTransaction } from "../prisma-client.ts";
import { rawInteger, rawText } from "../raw-rows.ts";

/** The one row of AuditChainHead (the migration writes it). */
const HEAD_ID = "audit";

const eventFields = {
  id: true,
  tenantId: true,
  actorKind: true,
  actorId: true,
  action: true,
  subjectKind: true,
  subjectId: true,
  clientId: true,
  at: true,
} as const;

interface PendingEntry {
  event: AuditEvent;
  seal: AuditSeal;
}

/**
 * Takes the end of the chain for `count` entries: moves the head's seq on and returns where it stood. The UPDATE comes
 * first, so the head row stays locked (PostgreSQL: row lock; SQLite: the database write lock) until the transaction
 * ends: a second writer waits here and then reads what the first one committed. Without the row (a database not
 * made by the migrations) it starts one from the newest chained entry.
 */
async function takeHead(tx: DbTransaction, count: number): Promise<AuditChainHead> {
  const rows = await tx.$queryRaw<{ seq: number | bigint; hash: string }[]>`
    UPDATE "AuditChainHead" SET "seq" = "seq" + ${count} WHERE "id" = ${HEAD_ID} RETURNING "seq", "hash"`;
  const [row] = rows;
  if (row) return { seq: Number(row.seq) - count, hash: row.hash };
  const last = await tx.auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const head = { seq: last?.seq ?? 0, hash: last?.hash ?? "" };
  await tx.auditChainHead.create({ data: { id: HEAD_ID, seq: head.seq + count, hash: head.hash } });
  return head;
}

const takeHeadSql = directStatement("audit_take_head", `UPDATE "AuditChainHead" SET "seq" = "seq" + $1 WHERE "id" = $2 RETURNING "seq", "hash"`);
const insertEventSql = directStatement(
  "audit_insert_event",
  `INSERT INTO "AuditEvent" ("id", "tenantId", "actorKind", "actorId", "action", "subjectKind", "subjectId", "clientId", "at", "seq", "prevHash", "hash", "keyId")
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
);
const setHeadHashSql = directStatement("audit_set_head_hash", `UPDATE "AuditChainHead" SET "hash" = $1 WHERE "id" = $2`);

/** The entries with their place in the chain: seq, the hash before and their own. */
function chained(head: AuditChainHead, pending: PendingEntry[]) {
  let { seq, hash: prevHash } = head;
  return pending.map(({ event, seal }) => {
    seq += 1;
    const sealed = seal({ seq, prevHash });
    const row = { ...event, seq, prevHash, hash: sealed.hash, keyId: sealed.keyId };
    prevHash = sealed.hash;
    return row;
  });
}

/** Appends entries in order at the end of the chain, inside the transaction `tx`. */
async function append(tx: DbTransaction, pending: PendingEntry[]): Promise<void> {
  if (pending.length === 0) return;
  const rows = chained(await takeHead(tx, pending.length), pending);
  await tx.auditEvent.createMany({ data: rows });
  await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { hash: rows[rows.length - 1]?.hash ?? "" } });
}

/**
 * The same on the transaction's own connection beside Prisma (direct-sql.ts): three statements for one entry, the
 * append of every use case that writes. A database without the head row (not made by the migrations) takes Prisma's
 * way, which starts one.
 */
async function appendDirect(tx: DbTransaction, direct: DirectSql, pending: PendingEntry[]): Promise<void> {
  if (pending.length === 0) return;
  const [taken] = await direct.rows(takeHeadSql, [pending.length, HEAD_ID]);
  if (!taken) return append(tx, pending);
  const rows = chained({ seq: rawInteger(taken, "seq") - pending.length, hash: rawText(taken, "hash") }, pending);
  for (const row of rows) {
    await direct.run(insertEventSql, [
      row.id,
      row.tenantId,
      row.actorKind,
      row.actorId,
      row.action,
      row.subjectKind,
      row.subjectId,
      row.clientId,
      row.at,
      row.seq,
      row.prevHash,
      row.hash,
      row.keyId,
    ]);
  }
  await direct.run(setHeadHashSql, [rows[rows.length - 1]?.hash ?? "", HEAD_ID]);
}

function reads(db: DbTransaction): Omit<AuditRepository, "record"> {
  return {
    async listForClient(clientId): Promise<AuditEvent[]> {
      return db.auditEvent.findMany({ where: { clientId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: eventFields });
    },
    async listForTenant({ tenantId, from, to, actorId }): Promise<AuditEvent[]> {
      return db.auditEvent.findMany({
        where: { tenantId, at: { gte: from, lt: to }, ...(actorId === undefined ? {} : { actorId }) },
        orderBy: [{ at: "asc" }, { id: "asc" }],
        select: eventFields,
      });
    },
    async listChain(afterSeq, limit): Promise<ChainedAuditEvent[]> {
      const rows = await db.auditEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
      return rows.map(({ seq, prevHash, hash, keyId, ...event }) => ({
        ...event,
        seq: seq ?? 0,
        prevHash: prevHash ?? "",
        hash: hash ?? "",
        keyId: keyId ?? "",
      }));
    },
    async chainHead(): Promise<AuditChainHead | null> {
      return db.auditChainHead.findUnique({ where: { id: HEAD_ID }, select: { seq: true, hash: true } });
    },
    async countUnchained() {
      return db.auditEvent.count({ where: { seq: null } });
    },
  };
}

/** The audit repository inside a transaction: appends wait for `appendHeld`, which the store calls when the work is done. */
export interface TransactionAuditRepository extends AuditRepository {
  appendHeld(): Promise<void>;
}

/**
 * Inside a transaction the entries are held and appended together at the end of the work, right before the commit:
 * the head's lock is then the last one the transaction takes (no deadlock with the rows it wrote) and is held for
 * three statements, not for the rest of the use case.
 */
export function auditRepository(tx: DbTransaction, direct: DirectSql): TransactionAuditRepository {
  const held: PendingEntry[] = [];
  return {
    ...reads(tx),
    async record(event, seal) {
      held.push({ event: { ...event }, seal });
    },
    async appendHeld() {
      const entries = held.splice(0);
      await appendDirect(tx, direct, entries);
    },
  };
}

/** Outside a transaction each append is one of its own. */
export function standaloneAuditRepository(db: Db): AuditRepository {
  return {
    ...reads(db),
    async record(event, seal) {
      await db.$transaction((tx) => append(tx, [{ event: { ...event }, seal }]));
    },
  };
}
