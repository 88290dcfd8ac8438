import type { OutboxMessage } from "../../../src/core/outbox/model.ts";
import type { OutboxClaim } from "../../../src/core/outbox/repositories.ts";
import type { MessagingRepositories } from "../../../src/core/ports/store.ts";
import { byTimeThenId, copy, deleteWhere } from "./shared.ts";

export interface MessagingState {
  outbox: Map<string, OutboxMessage>;
  dialogs: Map<string, { state: string; expiresAt: Date }>;
  processedUpdates: Map<string, { at: Date; done: boolean; claimedBy: string | null }>;
}

export const emptyMessagingState = (): MessagingState => ({ outbox: new Map(), dialogs: new Map(), processedUpdates: new Map() });

export function memoryMessagingRepositories(state: () => MessagingState): MessagingRepositories {
  const byKey = (dedupeKey: string) => [...state().outbox.values()].find((m) => m.dedupeKey === dedupeKey);
  const cancelWhere = (match: (m: OutboxMessage) => boolean) => {
    let count = 0;
    for (const message of state().outbox.values()) {
      if (message.status === "pending" && match(message)) {
        message.status = "cancelled";
        count += 1;
      }
    }
    return count;
  };
  /** As the store does it: rows not sent yet (claimed ones too) are cancelled, and every row loses its params. */
  const forgetParams = (match: (m: OutboxMessage) => boolean) => {
    let count = 0;
    for (const m of state().outbox.values()) {
      if (!match(m)) continue;
      const waiting = m.status === "pending" || m.status === "sending";
      if (!waiting && Object.keys(m.params).length === 0) continue;
      if (waiting) Object.assign(m, { status: "cancelled", claimedUntil: null });
      m.params = {};
      count += 1;
    }
    return count;
  };
  const update = (claim: OutboxClaim, when: "always" | "claimed", changes: Partial<OutboxMessage> | ((m: OutboxMessage) => Partial<OutboxMessage>)) => {
    const message = state().outbox.get(claim.id);
    const claimed = (m: OutboxMessage) => m.status === "sending" && m.attempts === claim.attempts;
    if (message && (when === "always" || claimed(message))) Object.assign(message, typeof changes === "function" ? changes(message) : changes);
  };
  return {
    outbox: {
      enqueue: async (message) => {
        const existing = byKey(message.dedupeKey);
        if (!existing) {
          state().outbox.set(message.id, copy(message));
          return;
        }
        if (existing.status !== "pending" && existing.status !== "cancelled") return;
        state().outbox.set(existing.id, { ...copy(message), id: existing.id });
      },
      get: async (id) => copy(state().outbox.get(id) ?? null),
      findByDedupeKey: async (dedupeKey) => copy(byKey(dedupeKey) ?? null),
      statusByDedupeKey: async (dedupeKey) => byKey(dedupeKey)?.status ?? null,
      cancelPendingByPrefix: async (prefix) => cancelWhere((m) => m.dedupeKey.startsWith(prefix)),
      cancelPendingForClient: async (clientId, prefix) =>
        cancelWhere(
          (m) => (m.clientId === clientId || (m.recipientKind === "client" && m.recipientId === clientId)) && (!prefix || m.dedupeKey.startsWith(prefix)),
        ),
      cancelPendingToClient: async (clientId, prefix) =>
        cancelWhere((m) => m.recipientKind === "client" && m.recipientId === clientId && (!prefix || m.dedupeKey.startsWith(prefix))),
      clearParamsForClient: async (clientId) => forgetParams((m) => m.clientId === clientId || (m.recipientKind === "client" && m.recipientId === clientId)),
      clearParamsByKey: async (dedupeKey) => forgetParams((m) => m.dedupeKey === dedupeKey) > 0,
      deleteFinishedBefore: async (before, prefix) =>
        deleteWhere(
          state().outbox,
          (m) =>
            (!prefix || m.dedupeKey.startsWith(prefix)) &&
            (m.status === "sent" || m.status === "failed" || m.status === "cancelled") &&
            m.createdAt < before &&
            m.dueAt < before &&
            (m.sentAt === null || m.sentAt < before),
        ),
      listPendingForRecipient: async (recipientKind, recipientId) =>
        [...state().outbox.values()]
          .filter((m) => m.status === "pending" && m.recipientKind === recipientKind && m.recipientId === recipientId)
          .sort(byTimeThenId((m) => m.dueAt))
          .map(copy),
      dueSummary: async (now) => {
        const due = [...state().outbox.values()].filter((m) => (m.status === "pending" || m.status === "sending") && m.dueAt.getTime() <= now.getTime());
        const oldest = due.reduce<Date | null>((min, m) => (!min || m.dueAt < min ? m.dueAt : min), null);
        return { due: due.length, oldestDueAt: oldest ? new Date(oldest) : null };
      },
      claimDue: async (now, limit, leaseMs) => {
        const claimable = (m: OutboxMessage) =>
          (m.status === "pending" && m.dueAt <= now) || (m.status === "sending" && m.claimedUntil !== null && m.claimedUntil <= now);
        const claimed = [...state().outbox.values()]
          .filter(claimable)
          .sort(byTimeThenId((m) => m.dueAt))
          .slice(0, limit);
        for (const message of claimed) {
          message.status = "sending";
          message.claimedUntil = new Date(now.getTime() + leaseMs);
          message.attempts += 1;
        }
        return claimed.map(copy);
      },
      markSent: async (claim, providerMessageId, at) =>
        update(claim, "always", { status: "sent", providerMessageId, sentAt: new Date(at), claimedUntil: null }),
      markRetry: async (claim, dueAt, error) => update(claim, "claimed", { status: "pending", dueAt: new Date(dueAt), lastError: error, claimedUntil: null }),
      release: async (claim, dueAt) =>
        update(claim, "claimed", (m) => ({ status: "pending", dueAt: new Date(dueAt), claimedUntil: null, attempts: m.attempts - 1 })),
      markFailed: async (claim, error) => update(claim, "claimed", { status: "failed", lastError: error, claimedUntil: null }),
      markCancelled: async (claim, reason) => update(claim, "claimed", { status: "cancelled", lastError: reason, claimedUntil: null }),
    },
    dialogs: {
      get: async (key, now) => {
        const row = state().dialogs.get(key);
        return row && row.expiresAt > now ? (JSON.parse(row.state) as unknown) : null;
      },
      put: async (key, value, expiresAt) => void state().dialogs.set(key, { state: JSON.stringify(value), expiresAt: new Date(expiresAt) }),
      delete: async (key) => void state().dialogs.delete(key),
      deleteExpired: async (before) => deleteWhere(state().dialogs, (row) => row.expiresAt <= before),
    },
    processedUpdates: {
      markProcessed: async (channel, updateId, at) => {
        const key = `${channel}:${updateId}`;
        if (state().processedUpdates.has(key)) return false;
        state().processedUpdates.set(key, { at: new Date(at), done: true, claimedBy: null });
        return true;
      },
      claimUpdate: async (channel, updateId, at, claimant) => {
        const key = `${channel}:${updateId}`;
        const row = state().processedUpdates.get(key);
        const reclaimable = row && !row.done && (row.claimedBy !== claimant.bootId || row.at.getTime() < at.getTime() - claimant.leaseMs);
        if (row && !reclaimable) return false;
        state().processedUpdates.set(key, { at: new Date(at), done: false, claimedBy: claimant.bootId });
        return true;
      },
      completeUpdate: async (channel, updateId) => {
        const row = state().processedUpdates.get(`${channel}:${updateId}`);
        if (row) state().processedUpdates.set(`${channel}:${updateId}`, { ...row, done: true, claimedBy: null });
      },
      deleteOlderThan: async (before) => deleteWhere(state().processedUpdates, (row) => row.at < before),
    },
  };
}
