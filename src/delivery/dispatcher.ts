import type { CoreDeps } from "../core/deps.ts";
import type { Channel } from "../core/identities/model.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import { reportClientUnreachable, type UnreachableReason } from "../core/reminders/report-unreachable.ts";
import { backoffMs, defaultBackoff, type BackoffSettings } from "./backoff.ts";
import { silentLog, SendError, type ChannelSender, type DeliveryLog, type MessageRenderer, type Recipient } from "./ports.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { RecipientResolver } from "./recipients.ts";

export interface DispatcherSettings {
  /** Rows claimed at once. */
  batchSize: number;
  /** How long a claim holds a row; a dispatcher that dies releases its rows after this. */
  leaseMs: number;
  /** A row whose lease ends within this is put back instead of sent (someone else may claim it soon). */
  leaseMarginMs: number;
  /** Attempts in all (every claim counts one); after the last the row fails and the manager is told. */
  maxAttempts: number;
  /** Messages sent at the same time. A crash repeats at most this many messages (sent but not yet marked). */
  concurrency: number;
  /** A tick keeps claiming while full batches come back, for at most this long. */
  maxTickMs: number;
  /** A message whose rate-limit slot is further off than this goes back to the queue until then. */
  maxWaitMs: number;
  backoff: BackoffSettings;
}

export const defaultDispatcherSettings: DispatcherSettings = {
  batchSize: 50,
  leaseMs: 60_000,
  leaseMarginMs: 10_000,
  maxAttempts: 5,
  concurrency: 4,
  maxTickMs: 10_000,
  maxWaitMs: 5_000,
  backoff: defaultBackoff,
};

export interface DispatcherDeps extends Pick<CoreDeps, "store" | "clock" | "ids"> {
  senders: Partial<Record<Channel, ChannelSender>>;
  renderer: MessageRenderer;
  /** Shared across ticks: the rate limits hold over the dispatcher's lifetime. */
  limiter: RateLimiter;
  /** In [0, 1): the jitter of retries. */
  random: () => number;
  /** Waits for a rate-limit slot; tests move a fake clock instead. */
  sleep: (ms: number) => Promise<void>;
  log?: DeliveryLog;
  settings?: Partial<DispatcherSettings>;
}

export interface TickReport {
  claimed: number;
  sent: number;
  retried: number;
  /** Put back without using an attempt: rate-limit slot too far off, lease about to end, stopping. */
  released: number;
  failed: number;
  cancelled: number;
  /** The store failed mid-way: the row stays claimed and returns to the queue after its lease. */
  errors: number;
}

type Outcome = keyof Omit<TickReport, "claimed">;

const maxErrorLength = 500;

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === "SendError" ? "" : `${error.name}: `}${error.message}` : String(error);
  return text.slice(0, maxErrorLength);
}

/**
 * One dispatch tick: claims due rows (a batch at a time, while full batches come back), and for each resolves the
 * recipient at this moment (consent re-checked for clients), renders in their current language, waits for a
 * rate-limit slot, sends, and marks the row. Send first, then mark: a crash in between repeats a message, never
 * loses one. Stops early when `signal` aborts; rows it claimed but did not send go back to the queue.
 */
export async function runDispatchTick(deps: DispatcherDeps, options: { signal?: AbortSignal } = {}): Promise<TickReport> {
  const settings = { ...defaultDispatcherSettings, ...deps.settings };
  const log = deps.log ?? silentLog;
  const resolver = new RecipientResolver(deps.store, Object.keys(deps.senders) as Channel[]);
  const report: TickReport = { claimed: 0, sent: 0, retried: 0, released: 0, failed: 0, cancelled: 0, errors: 0 };
  const context: DeliveryContext = { deps, settings, log, resolver, signal: options.signal };
  const started = deps.clock.now().getTime();
  while (!options.signal?.aborted) {
    const batch = await deps.store.outbox.claimDue(deps.clock.now(), settings.batchSize, settings.leaseMs);
    report.claimed += batch.length;
    await forEachConcurrently(batch, settings.concurrency, async (message) => {
      const outcome = await deliverSafely(context, message);
      report[outcome] += 1;
    });
    if (batch.length < settings.batchSize || deps.clock.now().getTime() - started >= settings.maxTickMs) break;
  }
  return report;
}

interface DeliveryContext {
  deps: DispatcherDeps;
  settings: DispatcherSettings;
  log: DeliveryLog;
  resolver: RecipientResolver;
  signal: AbortSignal | undefined;
}

async function deliverSafely(context: DeliveryContext, message: OutboxMessage): Promise<Outcome> {
  try {
    return await deliver(context, message);
  } catch (error) {
    // The store failed (or a bug): leave the row claimed; it returns to the queue when its lease ends.
    context.log.error({ outboxId: message.id, err: { message: describe(error) } }, "dispatch failed; the row returns after its lease");
    return "errors";
  }
}

async function deliver(context: DeliveryContext, message: OutboxMessage): Promise<Outcome> {
  const { deps, settings, resolver } = context;
  const outbox = deps.store.outbox;
  const now = () => deps.clock.now();
  if (context.signal?.aborted || leaseEnding(message, now(), settings)) {
    await outbox.release(message, message.dueAt);
    return "released";
  }
  const resolution = await resolver.resolve(message);
  if (resolution.kind === "cancel") {
    await outbox.markCancelled(message, resolution.reason);
    return "cancelled";
  }
  if (resolution.kind === "unreachable") return fail(context, message, `unreachable: ${resolution.reason}`, resolution.reason);
  const { recipient } = resolution;
  const channel = recipient.identity.channel;
  const sender = deps.senders[channel];
  if (!sender) return fail(context, message, `unreachable: no sender for ${channel}`, "no_account");

  // The chat's turn first, then the send slot: waiting for one chat never holds a bot-wide slot.
  for (const step of ["queue", "slot"] as const) {
    const reservation = deps.limiter[step](channel, recipient.identity.id, now().getTime(), settings.maxWaitMs);
    if (reservation.kind === "defer") {
      await outbox.release(message, new Date(reservation.untilMs));
      return "released";
    }
    if (reservation.waitMs > 0) await deps.sleep(reservation.waitMs);
  }
  if (context.signal?.aborted || leaseEnding(message, now(), settings)) {
    await outbox.release(message, message.dueAt);
    return "released";
  }

  const rendered = await deps.renderer.render(message, recipient);
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await sender.send(recipient, rendered));
  } catch (error) {
    return handleSendError(context, message, recipient, error);
  }
  // Outside the try: a store failure here must not look like a failed send (that would retry a sent message).
  await outbox.markSent(message, providerMessageId, now());
  return "sent";
}

const leaseEnding = (message: OutboxMessage, now: Date, settings: DispatcherSettings) =>
  message.claimedUntil !== null && now.getTime() + Math.min(settings.leaseMarginMs, settings.leaseMs / 2) >= message.claimedUntil.getTime();

async function handleSendError(context: DeliveryContext, message: OutboxMessage, recipient: Recipient, error: unknown): Promise<Outcome> {
  const { deps, settings, log } = context;
  const kind = error instanceof SendError ? error.kind : "transient";
  const detail = `${kind}: ${describe(error)}`;
  const channel = recipient.identity.channel;
  const now = deps.clock.now();
  switch (kind) {
    case "blocked": {
      // The person blocked the bot (or the chat is gone): this account gets nothing more, no retry.
      await deps.store.identities.update({ ...recipient.identity, active: false, deactivatedAt: now });
      context.resolver.forgetIdentities(recipient.kind, recipient.id);
      log.warn({ outboxId: message.id, identityId: recipient.identity.id, channel }, "recipient blocked the bot; identity deactivated");
      if ((await context.resolver.identities(recipient.kind, recipient.id)).length > 0 && message.attempts < settings.maxAttempts) {
        await deps.store.outbox.markRetry(message, now, detail);
        return "retried";
      }
      return fail(context, message, detail, "blocked");
    }
    case "permanent":
      log.error({ outboxId: message.id, messageKey: message.messageKey, channel, error: detail }, "message rejected for good");
      await deps.store.outbox.markFailed(message, detail);
      return "failed";
    case "rate_limited":
    case "transient": {
      if (message.attempts >= settings.maxAttempts) return fail(context, message, detail, "failed");
      let delay = backoffMs(message.attempts, deps.random, settings.backoff);
      if (error instanceof SendError && error.kind === "rate_limited") {
        delay = error.retryAfterMs ?? delay;
        deps.limiter.pause(channel, recipient.identity.id, now.getTime() + delay);
      }
      await deps.store.outbox.markRetry(message, new Date(now.getTime() + delay), detail);
      return "retried";
    }
  }
}

/**
 * Fails a row for good. For a client the manager is told (an "unreachable" escalation and a message, in the same
 * transaction), once while that escalation is open.
 */
async function fail(context: DeliveryContext, message: OutboxMessage, error: string, reason: UnreachableReason): Promise<Outcome> {
  const { deps, log } = context;
  if (message.recipientKind !== "client") {
    log.warn({ outboxId: message.id, managerId: message.recipientId, error }, "a manager could not be reached");
    await deps.store.outbox.markFailed(message, error);
    return "failed";
  }
  await deps.store.transaction(async (repositories) => {
    await repositories.outbox.markFailed(message, error);
    await reportClientUnreachable(deps, repositories, { clientId: message.recipientId, reason, subjectId: message.id });
  });
  log.warn({ outboxId: message.id, clientId: message.recipientId, reason }, "client unreachable; manager told");
  return "failed";
}

/** Runs `work` over the items with at most `limit` at a time. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
