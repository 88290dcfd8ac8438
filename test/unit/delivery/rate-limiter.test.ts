import { describe, expect, it } from "vitest";
import { backoffMs } from "../../../src/delivery/backoff.ts";
import { RateLimiter } from "../../../src/delivery/rate-limiter.ts";

describe("RateLimiter (GCRA)", () => {
  it("queues sends per chat and hands out bot-wide slots only to chats whose turn has come", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 4 }, perChat: { perSecond: 1 } } });
    expect(["a", "a", "a", "b"].map((chat) => limiter.queue("telegram", chat, 0, 10_000))).toEqual([
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 1000 }, // a's next turn: 1/s per chat
      { kind: "go", waitMs: 2000 },
      { kind: "go", waitMs: 0 },
    ]);
    // at 0 s, a (first turn) and b ask for slots: 4/s bot-wide
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "go", waitMs: 0 });
    expect(["b", "c", "d", "e"].map((chat) => limiter.slot("telegram", chat, 0, 10_000))).toEqual([
      { kind: "go", waitMs: 250 },
      { kind: "go", waitMs: 500 },
      { kind: "go", waitMs: 750 },
      { kind: "go", waitMs: 1000 },
    ]);
    // a's second turn (1 s) comes after e's slot, not before
    expect(limiter.slot("telegram", "a", 1000, 10_000)).toEqual({ kind: "go", waitMs: 250 });
  });

  it("keeps a chat's actual sends apart even when the bot-wide queue delayed the previous one", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 1 }, perChat: { perSecond: 2 } } });
    expect(limiter.slot("telegram", "x", 0, 10_000)).toEqual({ kind: "go", waitMs: 0 });
    expect(limiter.slot("telegram", "a", 0, 10_000)).toEqual({ kind: "go", waitMs: 1000 }); // a sends at 1 s
    expect(limiter.slot("telegram", "a", 1200, 10_000)).toEqual({ kind: "go", waitMs: 800 }); // bot-wide: 2 s
  });

  it("allows bursts when configured and defers beyond the wait limit without reserving", () => {
    const limiter = new RateLimiter({ teams: { perChat: { perSecond: 7, burst: 3 } } });
    const waits = Array.from({ length: 5 }, () => limiter.queue("teams", "conv", 0, 200));
    expect(waits).toEqual([
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 0 },
      { kind: "go", waitMs: 143 },
      { kind: "defer", untilMs: 286 },
    ]);
    expect(limiter.queue("teams", "conv", 286, 0)).toEqual({ kind: "go", waitMs: 0 });
    expect(limiter.slot("teams", "other", 0, 0)).toEqual({ kind: "go", waitMs: 0 }); // no bot-wide limit for Teams
  });

  it("pauses a chat (or the whole channel) after a 429", () => {
    const limiter = new RateLimiter({ telegram: { global: { perSecond: 30 }, perChat: { perSecond: 1 } } });
    limiter.pause("telegram", "a", 30_000);
    expect(limiter.queue("telegram", "a", 1000, 60_000)).toEqual({ kind: "go", waitMs: 29_000 });
    expect(limiter.slot("telegram", "b", 1000, 60_000)).toEqual({ kind: "go", waitMs: 0 });
    limiter.pause("telegram", null, 5000);
    expect(limiter.slot("telegram", "c", 2000, 1000)).toEqual({ kind: "defer", untilMs: 5000 });
    expect(limiter.slot("telegram", "a", 30_000, 60_000)).toEqual({ kind: "go", waitMs: 0 });
  });

  it("forgets idle chats when there are very many", () => {
    const limiter = new RateLimiter({ telegram: { perChat: { perSecond: 1 } } });
    for (let i = 0; i <= 100_001; i += 1) limiter.slot("telegram", `chat${i}`, i * 2000, 0);
    expect(limiter.slot("telegram", "chat0", 400_000_000, 0)).toEqual({ kind: "go", waitMs: 0 });
  });
});

describe("backoffMs", () => {
  it("doubles per attempt up to the cap, with equal jitter", () => {
    const settings = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, () => 0, settings))).toEqual([500, 1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, () => 0.999999, settings))).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });
});
