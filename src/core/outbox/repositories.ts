import type { OutboxMessage, OutboxStatus } from "./model.ts";

/**
 * One claim of a row: its id and the attempt number the claim gave it. Every claim counts an attempt, so a late
 * answer from a dispatcher whose lease ran out (and whose row someone else has claimed since) changes nothing.
 */
export type OutboxClaim = Pick<OutboxMessage, "id" | "attempts">;

export interface OutboxRepository {
  /**
   * Adds a pending message. When a row with the same dedupe key exists it is replaced if still pending
   * (a re-planned reminder), and left alone if already sent.
   */
  enqueue(message: OutboxMessage): Promise<void>;
  get(id: string): Promise<OutboxMessage | null>;
  findByDedupeKey(dedupeKey: string): Promise<OutboxMessage | null>;
  /** Only the state of the row with that key (nothing of its content is read), null without one. */
  statusByDedupeKey(dedupeKey: string): Promise<OutboxStatus | null>;
  /** Cancels pending messages whose dedupe key starts with the prefix (e.g. all reminders of one appointment). */
  cancelPendingByPrefix(dedupeKeyPrefix: string): Promise<number>;
  /**
   * Cancels every pending message to or about a client (consent withdrawn, erasure); with a prefix only those
   * whose dedupe key starts with it (e.g. "step:" for plan check-ins).
   */
  cancelPendingForClient(clientId: string, dedupeKeyPrefix?: string): Promise<number>;
  /**
   * Cancels every pending message to the client only (consent withdrawn, erasure requested): messages to staff about
   * them (a request for help, a notice) still go. With a prefix only those whose dedupe key starts with it.
   */
  cancelPendingToClient(clientId: string, dedupeKeyPrefix?: string): Promise<number>;
  /**
   * Erasure: empties the params (names, times, places) of every row to or about a client, and cancels the rows not
   * sent yet, also one a dispatcher is sending right now (its copy goes out as it was, and a retry can never send it
   * without its params). Returns how many rows changed.
   */
  clearParamsForClient(clientId: string): Promise<number>;
  /**
   * Erasure: the same for the one row with this key (a message to staff that names the person without being about
   * her alone, e.g. the morning agenda naming the place of her appointment); a sweep plans a cancelled one again.
   * True when the row changed.
   */
  clearParamsByKey(dedupeKey: string): Promise<boolean>;
  /**
   * Retention: deletes rows that are done (sent, failed, cancelled) and were last touched before `before` (sent
   * rows by `sentAt`, the others by `createdAt`); rows waiting or being sent are never deleted. With a prefix, only
   * rows whose dedupe key starts with it. Returns how many.
   */
  deleteFinishedBefore(before: Date, dedupeKeyPrefix?: string): Promise<number>;
  listPendingForRecipient(recipientKind: OutboxMessage["recipientKind"], recipientId: string): Promise<OutboxMessage[]>;
  /** How many rows are due at `now` and not sent yet (being sent included), and the due time of the oldest (metrics). */
  dueSummary(now: Date): Promise<{ due: number; oldestDueAt: Date | null }>;

  /*
   * Sending (the dispatcher, src/delivery). A claim is a lease: the row is "sending" until `claimedUntil`; a
   * dispatcher that dies leaves it there, and after the lease it is claimed again (send, then mark: a crash in
   * between may repeat a message, never lose one).
   */

  /**
   * Atomically claims up to `limit` rows, oldest due first: pending rows due at `now`, and "sending" rows whose
   * lease ran out. Sets status "sending", `claimedUntil = now + leaseMs` and counts an attempt. Concurrent
   * claimers (threads, processes, instances) never get the same row.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Sent: status "sent", the provider's message id, `sentAt`; the lease is cleared. Applies even after the lease. */
  markSent(claim: OutboxClaim, providerMessageId: string, at: Date): Promise<void>;
  /** Back to pending, due again at `dueAt` (backoff), with the error; the attempt stays counted. */
  markRetry(claim: OutboxClaim, dueAt: Date, error: string): Promise<void>;
  /** Back to pending without using up an attempt (rate-limit deferral, lease about to run out, shutdown). */
  release(claim: OutboxClaim, dueAt: Date): Promise<void>;
  /** Failed for good. */
  markFailed(claim: OutboxClaim, error: string): Promise<void>;
  /** Must not be sent any more (e.g. consent withdrawn meanwhile). */
  markCancelled(claim: OutboxClaim, reason: string): Promise<void>;
}
