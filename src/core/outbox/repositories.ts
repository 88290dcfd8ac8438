import type { OutboxMessage } from "./model.ts";

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
  /** Cancels pending messages whose dedupe key starts with the prefix (e.g. all reminders of one appointment). */
  cancelPendingByPrefix(dedupeKeyPrefix: string): Promise<number>;
  /**
   * Cancels every pending message to or about a client (consent withdrawn, erasure); with a prefix only those
   * whose dedupe key starts with it (e.g. "step:" for plan check-ins).
   */
  cancelPendingForClient(clientId: string, dedupeKeyPrefix?: string): Promise<number>;
  /**
   * Empties the params (names, times, places) of every finished row (sent, failed, cancelled) to or about a client
   * (erasure); returns how many rows changed.
   */
  clearParamsForClient(clientId: string): Promise<number>;
  listPendingForRecipient(recipientKind: "client" | "manager", recipientId: string): Promise<OutboxMessage[]>;
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
