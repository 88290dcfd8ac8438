import type { CheckedOutboxParams, OutboxMessageKey, OutboxParams } from "./message-kinds.ts";

/**
 * Anything Lotse sends later than the moment of an interaction is a row here, rendered in the recipient's
 * language only when it is sent (docs/architecture.md, "Reminders are rows").
 */
export const outboxStatuses = ["pending", "sending", "sent", "failed", "cancelled"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface OutboxAction {
  /** Message key of the button label. */
  labelKey: string;
  /** Encoded action payload (src/core/dialog/action-codec.ts); at most 64 bytes. */
  data: string;
  /** This button starts a new row (four buttons in one row would cut their labels on a phone). */
  newRow?: boolean;
}

export interface OutboxMessage {
  id: string;
  /** Unique: planning the same message twice keeps one row (e.g. "appt:<id>:remind:24h"). */
  dedupeKey: string;
  tenantId: string | null;
  /** A volunteer gets what concerns their matches (a new match, a first meeting), never anything else. */
  recipientKind: "client" | "manager" | "volunteer";
  recipientId: string;
  /** The client the message is about (for cancelling everything when consent is withdrawn). */
  clientId: string | null;
  messageKey: string;
  /**
   * Values for the message's placeholders: times, places, names, declared per message kind (message-kinds.ts).
   * Never notes, health or residence details.
   */
  params: OutboxParams;
  actions: OutboxAction[];
  dueAt: Date;
  status: OutboxStatus;
  attempts: number;
  claimedUntil: Date | null;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * What a use case plans; the store fills in status, attempts and lease. Key and params come from `outboxContent`,
 * which checks the params against the message kind.
 */
export type PlannedMessage = Pick<OutboxMessage, "dedupeKey" | "tenantId" | "recipientKind" | "recipientId" | "clientId" | "actions" | "dueAt"> & {
  messageKey: OutboxMessageKey;
  params: CheckedOutboxParams;
};
