/** Who read or changed what, and when. Holds ids only, never personal data or texts. */
export interface AuditEvent {
  id: string;
  tenantId: string | null;
  actorKind: string;
  actorId: string;
  action: string;
  subjectKind: string;
  subjectId: string;
  clientId: string | null;
  at: Date;
}

/**
 * An entry's place in the tamper-evident chain: `hash` is a keyed MAC over `prevHash` (the entry before's hash, "" for
 * the first) and the entry's fields with its `seq` (`chainText`), under the key derived from data key `keyId`.
 */
export interface AuditLink {
  seq: number;
  prevHash: string;
  hash: string;
  keyId: string;
}

export type ChainedAuditEvent = AuditEvent & AuditLink;

/** Where the chain ends: the last seq handed out and its hash (seq 0 and "" before the first entry). */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/**
 * Seals an entry once the store knows its place: the store calls it with the next seq and the hash before it, in
 * the transaction that inserts the entry, and stores what it returns.
 */
export type AuditSeal = (place: { seq: number; prevHash: string }) => { hash: string; keyId: string };
