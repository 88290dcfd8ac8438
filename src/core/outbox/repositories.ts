import type { OutboxMessage } from "./model.ts";

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
  listPendingForRecipient(recipientKind: "client" | "manager", recipientId: string): Promise<OutboxMessage[]>;
}
