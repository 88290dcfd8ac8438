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

/** Wait this long and go on, or (too far off) put the message back until `untilMs`. */
export type Reservation = { kind: "go"; waitMs: number } | { kind: "defer"; untilMs: number };

interface Bucket {
  /** Theoretical arrival time of the next send (GCRA), in ms. */
  tat: number;
}

/**
 * Token buckets as GCRA (generic cell rate algorithm): per key one number, the earliest time the next send
 * conforms. A send takes two steps, so one busy chat never holds up the others:
 * 1. `queue`: a place in the chat's own queue (distinct future turns, one per 1/rate);
 * 2. `slot`: when the turn has come, the actual send slot under the bot-wide limit and the chat's limit.
 * Bot-wide slots are only handed to sends whose chat is ready, so they are never reserved far ahead. A 429's
 * `retry_after` pushes a chat's (or the bot's) next slot back.
 */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limits: RateLimits = defaultRateLimits) {
    this.#limits = limits;
  }

  /** Step 1: the chat's next turn. Beyond `maxWaitMs` nothing is taken. */
  queue(channel: Channel, chatKey: string, nowMs: number, maxWaitMs: number): Reservation {
    const limit = this.#limits[channel]?.perChat;
    if (!limit) return { kind: "go", waitMs: 0 };
    return this.#take([[`${channel}:${chatKey}:queue`, limit]], nowMs, maxWaitMs);
  }

  /** Step 2: the send slot, keeping the bot-wide limit and the chat's spacing of actual sends. */
  slot(channel: Channel, chatKey: string, nowMs: number, maxWaitMs: number): Reservation {
    const limits = this.#limits[channel] ?? {};
    const keys: [string, RateLimit][] = [];
    if (limits.global) keys.push([`${channel}`, limits.global]);
    if (limits.perChat) keys.push([`${channel}:${chatKey}`, limits.perChat]);
    return this.#take(keys, nowMs, maxWaitMs);
  }

  /** After a 429: nothing more to this chat (or, without a chat, the whole channel) before `untilMs`. */
  pause(channel: Channel, chatKey: string | null, untilMs: number): void {
    const limits = this.#limits[channel] ?? {};
    const limit = (chatKey === null ? limits.global : limits.perChat) ?? { perSecond: 1 };
    const keys = chatKey === null ? [`${channel}`] : [`${channel}:${chatKey}`, `${channel}:${chatKey}:queue`];
    for (const key of keys) {
      const bucket = this.#bucket(key);
      bucket.tat = Math.max(bucket.tat, untilMs + tolerance(limit));
    }
  }

  #take(keys: [string, RateLimit][], nowMs: number, maxWaitMs: number): Reservation {
    let earliest = nowMs;
    for (const [key, limit] of keys) earliest = Math.max(earliest, (this.#buckets.get(key)?.tat ?? Number.NEGATIVE_INFINITY) - tolerance(limit));
    // Sends happen on whole milliseconds, rounded up (minus float noise: 30 slots of 33.3 ms never fit into 999 ms);
    // the buckets keep the exact time, so rounding never costs throughput.
    const slot = Math.max(nowMs, Math.ceil(earliest - 1e-6));
    if (slot - nowMs > maxWaitMs) return { kind: "defer", untilMs: slot };
    for (const [key, limit] of keys) {
      const bucket = this.#bucket(key);
      bucket.tat = Math.max(bucket.tat, earliest) + interval(limit);
    }
    if (this.#buckets.size > 100_000) this.#prune(nowMs);
    return { kind: "go", waitMs: slot - nowMs };
  }

  #bucket(key: string): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tat: Number.NEGATIVE_INFINITY };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Buckets whose next slot is in the past hold no information; forget them so chats do not pile up. */
  #prune(nowMs: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.tat < nowMs) this.#buckets.delete(key);
  }
}

const interval = (limit: RateLimit) => 1000 / limit.perSecond;
const tolerance = (limit: RateLimit) => (Math.max(1, limit.burst ?? 1) - 1) * interval(limit);
