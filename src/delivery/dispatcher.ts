import type { CoreDeps } from "../core/deps.ts";
import type { Channel } from "../core/identities/model.ts";
import type { OutboxMessage } from "../core/outbox/model.ts";
import { reportManagerUnreachable } from "../core/reminders/report-manager-unreachable.ts";
import { reportClientUnreachable, type UnreachableReason } from "../core/reminders/report-unreachable.ts";
import { backoffMs, defaultBackoff, type BackoffSettings } from "./backoff.ts";
import { silentLog, SendError, type ChannelSender, type DeliveryLog, type MessageRenderer, type Recipient, type SentMessage } from "./ports.ts";
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

export interface DispatcherDeps extends Pick<CoreDeps, "store" | "clock" | "ids" | "defaultZone"> {
  senders: Partial<Record<Channel, ChannelSender>>;
  renderer: MessageRenderer;
  /** Shared across ticks: the rate limits hold over the dispatcher's lifetime. */
  limiter: RateLimiter;
  /**
   * The rate limiter's time in ms: monotonic, and advancing as `sleep` waits (the app: `performance.now()`, so a
   * wall clock that jumps, or a test's frozen clock, cannot stall or bunch the sends). Default: the clock.
   */
  limiterNow?: () => number;
  /** In [0, 1): the jitter of retries. */
  random: () => number;
  /** Waits for a rate-limit slot; tests move a fake clock instead. */
  sleep: (ms: number) => Promise<void>;
  log?: DeliveryLog;
  settings?: Partial<DispatcherSettings>;
  /** Told of every send's outcome (metrics). */
  observe?: (event: SendEvent) => void;
}

/** One send's outcome on a channel: sent, to be retried (a 429 separately), or failed for good (blocked separately). */
export interface SendEvent {
  channel: Channel;
  outcome: "sent" | "retried" | "rate_limited" | "failed" | "blocked";
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
  /** Stopped at `maxTickMs` while full batches kept coming: more rows are probably due (run the next tick now). */
  more: boolean;
}

type Outcome = keyof Omit<TickReport, "claimed" | "more">;

const maxErrorLength = 500;

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === "SendError" ? "" : `${error.name}: `}${error.message}` : String(error);
  return text.slice(0, maxErrorLength);
}

/**
 * One dispatch tick: claims due rows (a batch at a time, while full batches come back), and for each resolves the
 * recipient at this moment (consent re-checked for clients), waits for the chat's turn, renders in their current
 * language, takes a rate-limit slot, sends, and marks the row. Send first, then mark: a crash in between repeats a
 * message, never loses one. Stops early when `signal` aborts; rows it claimed but did not send go back to the queue.
 *
 * How the work flows:
 * - `concurrency` workers share one queue of claimed rows. When it runs low (half a batch left, rows waiting for
 *   their chat's turn included) the next batch is claimed while the workers go on sending, so the bot-wide slots
 *   between batches are not lost. At most one claim is in flight and at most one batch is claimed ahead. No further claim after a short batch, after `maxTickMs`
 *   (the report then says `more`) or when `signal` aborts; the workers finish (aborted: put back) what is left.
 * - A row whose chat's turn is still ahead (at most `maxWaitMs`, else it goes back to the outbox) waits aside, not
 *   in a worker: a few messages to busy chats never keep the workers from other chats' rows. When its turn has
 *   come, the next free worker takes it before new rows.
 * - Only a worker sends, so at most `concurrency` messages are between their send and their mark.
 * A claim that fails stops further claims; what was claimed is worked off, then the tick rejects.
 */
export async function runDispatchTick(deps: DispatcherDeps, options: { signal?: AbortSignal } = {}): Promise<TickReport> {
  const settings = { ...defaultDispatcherSettings, ...deps.settings };
  const log = deps.log ?? silentLog;
  const resolver = new RecipientResolver(deps.store, Object.keys(deps.senders) as Channel[], deps.defaultZone);
  const report: TickReport = { claimed: 0, sent: 0, retried: 0, released: 0, failed: 0, cancelled: 0, errors: 0, more: false };
  const context: DeliveryContext = { deps, settings, log, resolver, signal: options.signal };
  const started = deps.clock.now().getTime();
  /** Claimed rows not yet looked at. */
  const queue: OutboxMessage[] = [];
  /** Resolved messages whose chat's turn has come. */
  const ready: Resolved[] = [];
  /** Resolved messages waiting for their chat's turn. */
  let waiting = 0;
  const lowWater = Math.floor(settings.batchSize / 2);
  let claims = 0;
  let claiming = false;
  let exhausted = false;
  let claimError: { error: unknown } | null = null;
  // Idle workers wait for news: a claim came back or a chat's turn came.
  let idle: (() => void)[] = [];
  const notify = () => {
    const wake = idle;
    idle = [];
    for (const resolve of wake) resolve();
  };
  const news = () => new Promise<void>((resolve) => idle.push(resolve));

  /** Starts the next claim unless one is in flight or the tick claims no more. */
  const refill = () => {
    if (claiming || exhausted) return;
    if (options.signal?.aborted) exhausted = true;
    else if (claims > 0 && deps.clock.now().getTime() - started >= settings.maxTickMs) exhausted = report.more = true;
    if (exhausted) return;
    claims += 1;
    claiming = true;
    void (async () => {
      try {
        const batch = await deps.store.outbox.claimDue(deps.clock.now(), settings.batchSize, settings.leaseMs);
        report.claimed += batch.length;
        queue.push(...batch);
        if (batch.length < settings.batchSize) exhausted = true;
      } catch (error) {
        claimError = { error };
        exhausted = true;
      } finally {
        claiming = false;
        notify();
      }
    })();
  };

  const waitForTurn = (resolved: Resolved, waitMs: number) => {
    waiting += 1;
    const turnCame = () => {
      waiting -= 1;
      ready.push(resolved);
      notify();
    };
    deps.sleep(waitMs).then(turnCame, turnCame);
  };

  const worker = async () => {
    for (;;) {
      // Rows waiting for their chat's turn count too: claimed rows never pile up faster than they are sent.
      if (queue.length + ready.length + waiting <= lowWater) refill();
      const resolved = ready.shift();
      if (resolved) {
        report[await safely(context, resolved.message, () => send(context, resolved))] += 1;
        continue;
      }
      const message = queue.shift();
      if (message) {
        const prepared = await safely(context, message, () => prepare(context, message));
        if (typeof prepared === "string") report[prepared] += 1;
        else if (prepared.waitMs > 0) waitForTurn(prepared.resolved, prepared.waitMs);
        else report[await safely(context, message, () => send(context, prepared.resolved))] += 1;
        continue;
      }
      if (!claiming && waiting === 0) return;
      await news();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  if (claimError) throw (claimError as { error: unknown }).error;
  return report;
}

interface DeliveryContext {
  deps: DispatcherDeps;
  settings: DispatcherSettings;
  log: DeliveryLog;
  resolver: RecipientResolver;
  signal: AbortSignal | undefined;
}

/** A message with its recipient resolved, its chat's turn taken. */
interface Resolved {
  message: OutboxMessage;
  recipient: Recipient;
  sender: ChannelSender;
}

async function safely<T>(context: DeliveryContext, message: OutboxMessage, step: () => Promise<T>): Promise<T | "errors"> {
  try {
    return await step();
  } catch (error) {
    // The store failed (or a bug): leave the row claimed; it returns to the queue when its lease ends.
    context.log.error({ outboxId: message.id, err: { message: describe(error) } }, "dispatch failed; the row returns after its lease");
    return "errors";
  }
}

/**
 * Step 1: resolves the recipient now and takes the chat's turn (reserved: the chat's messages queue up). Returns
 * the outcome when the row is done with here, else how long until the turn.
 */
async function prepare(context: DeliveryContext, message: OutboxMessage): Promise<Outcome | { resolved: Resolved; waitMs: number }> {
  const { deps, settings, resolver } = context;
  const outbox = deps.store.outbox;
  const now = deps.clock.now();
  if (context.signal?.aborted || leaseEnding(message, now, settings)) {
    await outbox.release(message, message.dueAt);
    return "released";
  }
  const resolution = await resolver.resolve(message, now);
  if (resolution.kind === "wait") {
    await outbox.release(message, resolution.until);
    return "released";
  }
  if (resolution.kind === "cancel") {
    await outbox.markCancelled(message, resolution.reason);
    return "cancelled";
  }
  if (resolution.kind === "unreachable") return fail(context, message, `unreachable: ${resolution.reason}`, resolution.reason);
  const { recipient } = resolution;
  const channel = recipient.identity.channel;
  const sender = deps.senders[channel];
  if (!sender) return fail(context, message, `unreachable: no sender for ${channel}`, "no_account");
  const nowMs = limiterNow(deps);
  const turn = deps.limiter.queue(channel, recipient.identity.id, nowMs, settings.maxWaitMs);
  if (turn.kind === "defer") {
    await outbox.release(message, limiterTimeAsDate(deps, turn.untilMs, nowMs));
    return "released";
  }
  return { resolved: { message, recipient, sender }, waitMs: turn.waitMs };
}

/**
 * Step 2, when the chat's turn has come: renders, then takes the send slot (bot-wide and the chat's) only when it
 * conforms now, and hands the message to the sender in the same synchronous step. A sleep that ends late makes
 * this send late, never two sends closer than the limiter allows; nothing asynchronous (rendering) comes between
 * the slot and the hand-off.
 */
async function send(context: DeliveryContext, { message, recipient, sender }: Resolved): Promise<Outcome> {
  const { deps, settings } = context;
  const outbox = deps.store.outbox;
  const now = () => deps.clock.now();
  const channel = recipient.identity.channel;
  const rendered = await deps.renderer.render(message, recipient);
  for (;;) {
    if (context.signal?.aborted || leaseEnding(message, now(), settings)) {
      await outbox.release(message, message.dueAt);
      return "released";
    }
    const nowMs = limiterNow(deps);
    const slot = deps.limiter.slot(channel, recipient.identity.id, nowMs, settings.maxWaitMs);
    if (slot.kind === "go") break;
    if (slot.kind === "defer") {
      await outbox.release(message, limiterTimeAsDate(deps, slot.untilMs, nowMs));
      return "released";
    }
    await deps.sleep(slot.waitMs);
  }

  let sent: SentMessage;
  try {
    sent = await sender.send(recipient, rendered);
  } catch (error) {
    return handleSendError(context, message, recipient, error);
  }
  const { providerMessageId, missing } = sent;
  // The text went, so the row is sent (again it would repeat the notice); what did not go with it is logged.
  if (missing) context.log.warn({ outboxId: message.id, channel, missing }, "message sent without all its parts");
  // Outside the try: a store failure here must not look like a failed send (that would retry a sent message).
  await outbox.markSent(message, providerMessageId, now());
  deps.observe?.({ channel, outcome: "sent" });
  return "sent";
}

const limiterNow = (deps: DispatcherDeps): number => deps.limiterNow?.() ?? deps.clock.now().getTime();

/** A time of the limiter's (`untilMs`, read as `nowMs`) on the clock, e.g. for a row's new due time. */
const limiterTimeAsDate = (deps: DispatcherDeps, untilMs: number, nowMs: number): Date => new Date(deps.clock.now().getTime() + (untilMs - nowMs));

const leaseEnding = (message: OutboxMessage, now: Date, settings: DispatcherSettings) =>
  message.claimedUntil !== null && now.getTime() + Math.min(settings.leaseMarginMs, settings.leaseMs / 2) >= message.claimedUntil.getTime();

/** A failed send: the row's next step (sendErrorOutcome), and the outcome for the metrics. */
async function handleSendError(context: DeliveryContext, message: OutboxMessage, recipient: Recipient, error: unknown): Promise<Outcome> {
  const kind = error instanceof SendError ? error.kind : "transient";
  const outcome = await sendErrorOutcome(context, message, recipient, error, kind, `${kind}: ${describe(error)}`);
  const observed: SendEvent["outcome"] =
    outcome === "retried" ? (kind === "rate_limited" ? "rate_limited" : "retried") : kind === "blocked" ? "blocked" : "failed";
  context.deps.observe?.({ channel: recipient.identity.channel, outcome: observed });
  return outcome;
}

async function sendErrorOutcome(
  context: DeliveryContext,
  message: OutboxMessage,
  recipient: Recipient,
  error: unknown,
  kind: SendError["kind"],
  detail: string,
): Promise<Outcome> {
  const { deps, settings, log } = context;
  const channel = recipient.identity.channel;
  const now = deps.clock.now();
  switch (kind) {
    case "blocked": {
      // The person blocked the bot (or the chat is gone): this account gets nothing more, no retry.
      if (recipient.kind === "volunteer") return fail(context, message, detail, "blocked");
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
        deps.limiter.pause(channel, recipient.identity.id, limiterNow(deps) + delay);
      }
      await deps.store.outbox.markRetry(message, new Date(now.getTime() + delay), detail);
      return "retried";
    }
  }
}

/**
 * Fails a row for good. For a client the manager is told (an "unreachable" escalation and a message, in the same
 * transaction), once while that escalation is open; for a staff member a supervisor or colleague, once a day.
 */
async function fail(context: DeliveryContext, message: OutboxMessage, error: string, reason: UnreachableReason): Promise<Outcome> {
  const { deps, log } = context;
  if (message.recipientKind === "volunteer") {
    // A volunteer without a chat Lotse can write to is the manager's to reach (the match confirmation said so).
    await deps.store.outbox.markFailed(message, error);
    log.warn({ outboxId: message.id, reason }, "a volunteer could not be reached");
    return "failed";
  }
  if (message.recipientKind !== "client") {
    const told = await deps.store.transaction(async (repositories) => {
      await repositories.outbox.markFailed(message, error);
      return reportManagerUnreachable(deps, repositories, { managerId: message.recipientId, reason, failedMessageKey: message.messageKey });
    });
    log.warn({ outboxId: message.id, managerId: message.recipientId, reason, colleagueTold: told }, "a manager could not be reached");
    return "failed";
  }
  await deps.store.transaction(async (repositories) => {
    await repositories.outbox.markFailed(message, error);
    await reportClientUnreachable(deps, repositories, { clientId: message.recipientId, reason, subjectId: message.id });
  });
  log.warn({ outboxId: message.id, clientId: message.recipientId, reason }, "client unreachable; manager told");
  return "failed";
}
