import { describe, expect, it } from "vitest";
import { backoffMs } from "../../../src/delivery/backoff.ts";
import {
  defaultRateLimits,
  LATE_WAKE_CREDIT_MS,
  RATE_SAFETY_MARGIN,
  RateLimiter,
  restartQuietMs,
  type RateLimiterOptions,
  type RateLimits,
} from "../../../src/delivery/rate-limiter.ts";

/** The exact configured rates and no forgiven lateness, for readable numbers; margin and credit have their own tests. */
const exact: RateLimiterOptions = { margin: 0, lateCreditMs: 0 };

/** A deterministic PRNG in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `senders` senders, each always with a message to a chat of its own, ask the limiter for the bot-wide slot; told
 * to wait, each sleeps that long plus a random lateness up to `maxLateMs` (whole ms, like Node's timers), then
 * asks again. Returns the times of the sends (taken slots), in order.
 */
function simulate(limiter: RateLimiter, options: { senders: number; untilMs: number; maxLateMs: number; seed: number }): number[] {
  const random = seeded(options.seed);
  const wakes = Array.from({ length: options.senders }, () => 0);
  const sends: number[] = [];
  for (;;) {
    const now = Math.min(...wakes);
    if (now >= options.untilMs) return sends;
    const sender = wakes.indexOf(now);
    const answer = limiter.slot("telegram", `chat${sends.length}`, now, 10_000);
    if (answer.kind === "defer") throw new Error("unexpected defer");
    if (answer.kind === "go")
      sends.push(now); // the sender's next message asks at once
    else wakes[sender] = now + answer.waitMs + Math.floor(random() * (options.maxLateMs + 1));
  }
}

/** The most sends in any window [t, t + 1000 ms) (strict: no tolerance). */
function peakPerSecond(times: number[]): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] as number) - (times[first] as number) >= 1000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

const minGap = (times: number[]) => Math.min(...times.slice(1).map((time, i) => time - (times[i] as number)));
const achievedPerSecond = (times: number[]) => ((times.length - 1) * 1000) / ((times.at(-1) as number) - (times[0] as number));

describe("RateLimiter (GCRA)", () => {
  it("queues sends per chat (reserved turns); the bot-wide slot is only taken when it conforms now", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 4 }, perChat: { perSecond: 1 } } }, exact);
    expect(["a", "a", "a", "b"].map((chat) => limiter.queue("telegram", chat, 0, 10_000))).toEqual([
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 1000 }, // a's next turn: 1/s per chat
      { kind: "go", waitMs: 2000 },
      { kind: "go", waitMs: 0 },
    ]);
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "go" });
    // b, c and d are told when to ask again; nothing is reserved for them, so they all hear the same time
    expect(["b", "c", "d"].map((chat) => limiter.slot("telegram", chat, 0, 10_000))).toEqual([
      { kind: "wait", waitMs: 250 },
      { kind: "wait", waitMs: 250 },
      { kind: "wait", waitMs: 250 },
    ]);
    expect(limiter.slot("telegram", "b", 100, 10_000)).toEqual({ kind: "wait", waitMs: 150 });
    expect(limiter.slot("telegram", "c", 250, 10_000)).toEqual({ kind: "go" }); // the first to ask at 250 ms
    expect(limiter.slot("telegram", "b", 250, 10_000)).toEqual({ kind: "wait", waitMs: 250 });
    expect(limiter.slot("telegram", "b", 500, 10_000)).toEqual({ kind: "go" });
    // a's second turn (1 s): its chat allows it, the bot-wide limit too (last send at 500 ms)
    expect(limiter.slot("telegram", "a", 1000, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "a", 1250, 10_000)).toEqual({ kind: "wait", waitMs: 750 }); // a's chat: 1/s
  });

  it("keeps a chat's actual sends apart even when the bot-wide limit delayed the previous one", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 1 }, perChat: { perSecond: 2 } } }, exact);
    expect(limiter.slot("telegram", "x", 0, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "wait", waitMs: 1000 });
    expect(limiter.slot("telegram", "a", 1000, 10_000)).toEqual({ kind: "go" }); // a sends at 1 s
    expect(limiter.slot("telegram", "a", 1200, 10_000)).toEqual({ kind: "wait", waitMs: 800 }); // bot-wide: 2 s
  });

  it("keeps the schedule for a send late by at most the credit; after a later one it moves on from the actual time", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 4 } } }, { margin: 0, lateCreditMs: 5 });
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "go" }); // idle: the next at 250 − 5
    expect(limiter.slot("telegram", "b", 244, 10_000)).toEqual({ kind: "wait", waitMs: 1 });
    expect(limiter.slot("telegram", "b", 248, 10_000)).toEqual({ kind: "go" }); // 3 ms late: the next is still due at 495
    expect(limiter.slot("telegram", "c", 494, 10_000)).toEqual({ kind: "wait", waitMs: 1 });
    expect(limiter.slot("telegram", "c", 495, 10_000)).toEqual({ kind: "go" });
    // 30 ms late: only the credit is forgiven, the next is due at 780 − 5 + 250
    expect(limiter.slot("telegram", "d", 775, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "d2", 805, 10_000)).toEqual({ kind: "wait", waitMs: 215 });
    expect(limiter.slot("telegram", "e", 1020, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "f", 1269, 10_000)).toEqual({ kind: "wait", waitMs: 1 });
  });

  it.each([30, 300])("with late-waking senders never exceeds %i sends in any second, and keeps ≥ 95 %% of the rate", (rate) => {
    const limits: RateLimits = { telegram: { global: { perSecond: rate } } };
    const interval = 1000 / (rate * (1 - RATE_SAFETY_MARGIN));
    for (const seed of [1, 2, 3]) {
      // timers up to 2 ms late (as Node's usually are): the credit absorbs it, the rate holds
      const punctual = simulate(new RateLimiter(limits), { senders: 4, untilMs: 10_000, maxLateMs: 2, seed });
      expect(peakPerSecond(punctual)).toBeLessThanOrEqual(rate);
      expect(minGap(punctual)).toBeGreaterThanOrEqual(Math.floor(interval - LATE_WAKE_CREDIT_MS));
      expect(achievedPerSecond(punctual)).toBeGreaterThanOrEqual(0.95 * rate);
      // timers up to 40 ms late: slower, but still never more than the rate in a second
      const late = simulate(new RateLimiter(limits), { senders: 4, untilMs: 10_000, maxLateMs: 40, seed });
      expect(peakPerSecond(late)).toBeLessThanOrEqual(rate);
      expect(minGap(late)).toBeGreaterThanOrEqual(Math.floor(interval - LATE_WAKE_CREDIT_MS));
      expect(late.length).toBeGreaterThan(rate);
    }
  });

  it("needs its margin: without it, forgiven lateness puts rate + 1 sends into some second", () => {
    // the check above can fail: the same senders against the exact rate exceed it
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 30 } } }, { margin: 0 });
    const sends = simulate(limiter, { senders: 4, untilMs: 10_000, maxLateMs: 2, seed: 1 });
    expect(peakPerSecond(sends)).toBe(31);
  });

  it("spaces sends for the configured rate less the safety margin", () => {
    expect(RATE_SAFETY_MARGIN).toBeGreaterThan(0);
    expect(RATE_SAFETY_MARGIN).toBeLessThanOrEqual(0.03); // ≥ 97 % of the configured rate stays possible
    // the margin covers the forgiven lateness with room for jitter between the slot and the wire
    expect(1000 / (1 - RATE_SAFETY_MARGIN) - 1000 - LATE_WAKE_CREDIT_MS).toBeGreaterThanOrEqual(10);
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 30 }, perChat: { perSecond: 1 } } }, { lateCreditMs: 0 });
    expect(limiter.queue("telegram", "a", 0, 10_000)).toEqual({ kind: "go", waitMs: 0 });
    expect(limiter.queue("telegram", "a", 0, 10_000)).toEqual({ kind: "go", waitMs: 1021 }); // 1,020.4 ms per turn
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "b", 0, 10_000)).toEqual({ kind: "wait", waitMs: 35 }); // 34.0 ms bot-wide
    expect(limiter.slot("telegram", "a", 1000, 10_000)).toEqual({ kind: "wait", waitMs: 21 });
    expect(() => new RateLimiter({}, { margin: 1 })).toThrow(/margin/);
  });

  it("works on a fractional clock (performance.now()): due now means no wait, else whole milliseconds", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 4 }, perChat: { perSecond: 1 } } }, exact);
    expect(limiter.queue("telegram", "a", 1000.4, 10_000)).toEqual({ kind: "go", waitMs: 0 });
    expect(limiter.queue("telegram", "b", 1000.4, 10_000)).toEqual({ kind: "go", waitMs: 0 });
    expect(limiter.queue("telegram", "a", 1000.7, 10_000)).toEqual({ kind: "go", waitMs: 1000 }); // turn at 2000.4
    expect(limiter.slot("telegram", "a", 1000.4, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "b", 1250.1, 10_000)).toEqual({ kind: "wait", waitMs: 1 }); // due at 1250.4
    expect(limiter.slot("telegram", "b", 1251.1, 10_000)).toEqual({ kind: "go" });
    expect(limiter.slot("telegram", "c", 1251.1, 10_000)).toEqual({ kind: "wait", waitMs: 250 }); // due at 1500.4
    expect(limiter.slot("telegram", "c", 1251.1, 100)).toEqual({ kind: "defer", untilMs: 1501.1 });
  });

  it("allows bursts when configured and defers beyond the wait limit without reserving", () => {
    const limiter = new RateLimiter({ teams: { perChat: { perSecond: 7, burst: 3 } } }, exact);
    const waits = Array.from({ length: 5 }, () => limiter.queue("teams", "conv", 0, 200));
    expect(waits).toEqual([
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 143 },
      { kind: "defer", untilMs: 286 },
    ]);
    expect(limiter.queue("teams", "conv", 286, 0)).toEqual({ kind: "go", waitMs: 0 });
    expect(["conv", "conv", "conv"].map((chat) => limiter.slot("teams", chat, 0, 1000))).toEqual([{ kind: "go" }, { kind: "go" }, { kind: "go" }]);
    expect(limiter.slot("teams", "conv", 0, 100)).toEqual({ kind: "defer", untilMs: 143 });
    expect(limiter.slot("teams", "conv", 0, 1000)).toEqual({ kind: "wait", waitMs: 143 }); // the defer took nothing
    expect(limiter.slot("teams", "other", 0, 0)).toEqual({ kind: "go" }); // no bot-wide limit for Teams
  });

  it("pauses a chat (or the whole channel) after a 429", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 30 }, perChat: { perSecond: 1 } } }, exact);
    limiter.pause("telegram", "a", 30_000);
    expect(limiter.queue("telegram", "a", 1000, 60_000)).toEqual({ kind: "go", waitMs: 29_000 });
    expect(limiter.slot("telegram", "a", 1000, 60_000)).toEqual({ kind: "wait", waitMs: 29_000 });
    expect(limiter.slot("telegram", "b", 1000, 60_000)).toEqual({ kind: "go" });
    limiter.pause("telegram", null, 5000);
    expect(limiter.slot("telegram", "c", 2000, 1000)).toEqual({ kind: "defer", untilMs: 5000 });
    expect(limiter.slot("telegram", "c", 2000, 5000)).toEqual({ kind: "wait", waitMs: 3000 });
    expect(limiter.slot("telegram", "a", 30_000, 60_000)).toEqual({ kind: "go" });
  });

  it("forgets idle chats when there are very many", () => {
    const limiter = new RateLimiter({ telegram: { perChat: { perSecond: 1 } } }, exact);
    for (let i = 0; i <= 100_001; i += 1) limiter.slot("telegram", `chat${i}`, i * 2000, 0);
    expect(limiter.slot("telegram", "chat0", 400_000_000, 0)).toEqual({ kind: "go" });
  });
});

describe("restartQuietMs", () => {
  it("is the longest gap one chat needs: a restarted dispatcher waits it before its first send", () => {
    expect(restartQuietMs(defaultRateLimits)).toBe(1000);
    expect(restartQuietMs({ teams: { perChat: { perSecond: 7 } } })).toBe(143);
    expect(restartQuietMs({ telegram: { global: { perSecond: 30 } } })).toBe(0);
  });
});

describe("backoffMs", () => {
  it("doubles per attempt up to the cap, with equal jitter", () => {
    const settings = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, () => 0, settings))).toEqual([500, 1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, () => 0.999999, settings))).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });
});
