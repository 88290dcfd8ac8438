import type { Channel } from "../core/identities/model.ts";

/** At most `perSecond` sends, with bursts of up to `burst` (default 1: evenly spaced). */
export interface RateLimit {
  perSecond: number;
  burst?: number;
}

/** A channel's limits: for the whole bot (all chats) and per chat or conversation. */
export interface ChannelRateLimits {
  global?: RateLimit;
  perChat?: RateLimit;
}

export type RateLimits = Partial<Record<Channel, ChannelRateLimits>>;

/** Telegram: about 30 messages per second per bot, at most 1 per second per chat. Teams: 7 per second per conversation. */
export const defaultRateLimits: RateLimits = {
  telegram: { global: { perSecond: 30 }, perChat: { perSecond: 1 } },
  teams: { perChat: { perSecond: 7 } },
};

/**
 * How long a fresh dispatcher waits before its first send: the longest gap one chat needs between two messages.
 * The limiter starts empty after a restart; every message the previous process sent went out before it ended, so
 * waiting this long keeps the spacing to each chat without reading the last sends back.
 */
export function restartQuietMs(limits: RateLimits): number {
  const gaps = Object.values(limits).map((channel) => (channel?.perChat ? 1000 / channel.perChat.perSecond : 0));
  return Math.ceil(Math.max(0, ...gaps));
}

/**
 * The limiter spaces sends for `perSecond × (1 − RATE_SAFETY_MARGIN)`, 2 % below the configured rate (30/s:
 * 34.0 ms apart instead of 33.3 ms; 1/s per chat: 1,020 ms). Any `perSecond + 1` sends in a row then span at
 * least 1,000 / 0.98 − LATE_WAKE_CREDIT_MS ≈ 1,010 ms, so up to 10 ms of jitter between taking a slot and the
 * request leaving (a GC pause, the process descheduled, the network) cannot put `perSecond + 1` sends into one
 * second. The cost: at most 98 % of the configured rate.
 */
export const RATE_SAFETY_MARGIN = 0.02;

/**
 * Timer lateness a bucket forgives, in ms. Node wakes a sleeper on whole milliseconds, and late while the event loop
 * is busy (HTTP, the database) or the process waits for a CPU. A send that takes its slot at most this long after
 * the slot's theoretical time keeps the bucket's schedule (the next slot is one interval after the theoretical
 * time, not after the late send), so lateness does not add up and cost throughput; after a later send (or an idle
 * spell) the schedule moves on from the actual time less this credit. Any run of sends is therefore at most this
 * much shorter than its intervals add up to (at 300/s, where the credit is 3 intervals, up to 3 sends may follow a
 * stall at once); the margin above absorbs it.
 */
export const LATE_WAKE_CREDIT_MS = 10;

export interface RateLimiterOptions {
  /** Fraction below the configured rates (default `RATE_SAFETY_MARGIN`). */
  margin?: number;
  /** Forgiven timer lateness in ms (default `LATE_WAKE_CREDIT_MS`). */
  lateCreditMs?: number;
}

/** Step 1: wait this long for the chat's turn (it is yours), or (too far off) put the message back until `untilMs`. */
export type Reservation = { kind: "go"; waitMs: number } | { kind: "defer"; untilMs: number };

/**
 * Step 2: `go`: the send slot is taken now, send at once; `wait`: nothing taken, ask again after `waitMs`;
 * `defer`: further off than the wait limit, put the message back until `untilMs`.
 */
export type SlotAnswer = { kind: "go" } | { kind: "wait"; waitMs: number } | { kind: "defer"; untilMs: number };

interface Bucket {
  /** Theoretical arrival time of the next send (GCRA), in ms. */
  tat: number;
}

/**
 * Token buckets as GCRA (generic cell rate algorithm): per key one number, the earliest time the next send
 * conforms. A send takes two steps, so one busy chat never holds up the others:
 * 1. `queue`: a place in the chat's own queue (distinct future turns, one per interval), reserved ahead;
 * 2. `slot`: when the turn has come, the actual send slot under the bot-wide limit and the chat's limit. It is
 *    never reserved ahead: it is taken only when it conforms at the moment of asking, right before the message is
 *    handed to the channel, and the bucket moves on from that moment (less `lateCreditMs` of forgiven lateness).
 *    A sleeper that wakes late therefore sends late, never closer to the next one than the bucket allows.
 * A 429's `retry_after` pushes a chat's (or the bot's) next slot back.
 */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #buckets = new Map<string, Bucket>();
  readonly #margin: number;
  readonly #lateCreditMs: number;

  constructor(limits: RateLimits = defaultRateLimits, options: RateLimiterOptions = {}) {
    this.#limits = limits;
    this.#margin = options.margin ?? RATE_SAFETY_MARGIN;
    this.#lateCreditMs = options.lateCreditMs ?? LATE_WAKE_CREDIT_MS;
    if (!(this.#margin >= 0 && this.#margin < 1)) throw new Error(`rate margin must be in [0, 1), got ${this.#margin}`);
    if (!(this.#lateCreditMs >= 0)) throw new Error(`late-wake credit must be ≥ 0, got ${this.#lateCreditMs}`);
  }

  /** Step 1: the chat's next turn, reserved. Beyond `maxWaitMs` nothing is taken. */
  queue(channel: Channel, chatKey: string, nowMs: number, maxWaitMs: number): Reservation {
    const limit = this.#limits[channel]?.perChat;
    if (!limit) return { kind: "go", waitMs: 0 };
    const key = `${channel}:${chatKey}:queue`;
    const earliest = this.#earliest([[key, limit]], nowMs);
    const waitMs = waitFor(earliest, nowMs);
    if (waitMs > maxWaitMs) return { kind: "defer", untilMs: nowMs + waitMs };
    const bucket = this.#bucket(key);
    bucket.tat = Math.max(bucket.tat, earliest) + this.#interval(limit);
    this.#pruneIfLarge(nowMs);
    return { kind: "go", waitMs };
  }

  /** Step 2: the send slot now, keeping the bot-wide limit and the chat's spacing of actual sends; or how long to wait. */
  slot(channel: Channel, chatKey: string, nowMs: number, maxWaitMs: number): SlotAnswer {
    const limits = this.#limits[channel] ?? {};
    const keys: [string, RateLimit][] = [];
    if (limits.global) keys.push([`${channel}`, limits.global]);
    if (limits.perChat) keys.push([`${channel}:${chatKey}`, limits.perChat]);
    const earliest = this.#earliest(keys, nowMs);
    const waitMs = waitFor(earliest, nowMs);
    if (waitMs > maxWaitMs) return { kind: "defer", untilMs: nowMs + waitMs };
    if (waitMs > 0) return { kind: "wait", waitMs };
    for (const [key, limit] of keys) {
      const bucket = this.#bucket(key);
      // On schedule or late by at most the credit: the schedule holds. Later (or idle): it moves on from the
      // actual time less the credit.
      bucket.tat = Math.max(bucket.tat, nowMs - this.#lateCreditMs) + this.#interval(limit);
    }
    this.#pruneIfLarge(nowMs);
    return { kind: "go" };
  }

  /** After a 429: nothing more to this chat (or, without a chat, the whole channel) before `untilMs`. */
  pause(channel: Channel, chatKey: string | null, untilMs: number): void {
    const limits = this.#limits[channel] ?? {};
    const limit = (chatKey === null ? limits.global : limits.perChat) ?? { perSecond: 1 };
    const keys = chatKey === null ? [`${channel}`] : [`${channel}:${chatKey}`, `${channel}:${chatKey}:queue`];
    for (const key of keys) {
      const bucket = this.#bucket(key);
      bucket.tat = Math.max(bucket.tat, untilMs + this.#tolerance(limit));
    }
  }

  /** The earliest time all the keys' next sends conform (at least now). */
  #earliest(keys: [string, RateLimit][], nowMs: number): number {
    let earliest = nowMs;
    for (const [key, limit] of keys) earliest = Math.max(earliest, (this.#buckets.get(key)?.tat ?? Number.NEGATIVE_INFINITY) - this.#tolerance(limit));
    return earliest;
  }

  #interval(limit: RateLimit): number {
    return 1000 / (limit.perSecond * (1 - this.#margin));
  }

  #tolerance(limit: RateLimit): number {
    return (Math.max(1, limit.burst ?? 1) - 1) * this.#interval(limit);
  }

  #bucket(key: string): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tat: Number.NEGATIVE_INFINITY };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Buckets whose next slot is well in the past hold no information; forget them so chats do not pile up. */
  #pruneIfLarge(nowMs: number): void {
    if (this.#buckets.size <= 100_000) return;
    for (const [key, bucket] of this.#buckets) if (bucket.tat < nowMs - this.#lateCreditMs) this.#buckets.delete(key);
  }
}

/**
 * How long to wait for `earliest`: whole milliseconds (timers have no finer grain), rounded up, minus float noise
 * (30 slots of 33.3 ms never fit into 999 ms); 0 when it is due now. `nowMs` may be fractional
 * (`performance.now()`). The buckets keep the exact time, so rounding costs no throughput.
 */
const waitFor = (earliest: number, nowMs: number) => Math.max(0, Math.ceil(earliest - nowMs - 1e-6));
