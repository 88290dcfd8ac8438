import type { AuditChainHead, AuditEvent, AuditSeal, ChainedAuditEvent } from "../../core/audit/model.ts";
import type { AuditRepository } from "../../core/ports/store.ts";
import type { Db, DbTransaction } from "../prisma-client.ts";

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

/** Appends entries in order at the end of the chain, inside the transaction `tx`. */
async function append(tx: DbTransaction, pending: PendingEntry[]): Promise<void> {
  if (pending.length === 0) return;
  const head = await takeHead(tx, pending.length);
  let { seq, hash: prevHash } = head;
  const rows = pending.map(({ event, seal }) => {
    seq += 1;
    const sealed = seal({ seq, prevHash });
    const row = { ...event, seq, prevHash, hash: sealed.hash, keyId: sealed.keyId };
    prevHash = sealed.hash;
    return row;
  });
  await tx.auditEvent.createMany({ data: rows });
  await tx.auditChainHead.update({ where: { id: HEAD_ID }, data: { hash: prevHash } });
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
export function auditRepository(tx: DbTransaction): TransactionAuditRepository {
  const held: PendingEntry[] = [];
  return {
    ...reads(tx),
    async record(event, seal) {
      held.push({ event: { ...event }, seal });
    },
    async appendHeld() {
      await append(tx, held.splice(0));
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
