import type { Clock } from "../core/ports/clock.ts";

/**
 * The playground's application clock: runs with real time from its start, and the page can move it forward (never
 * back: rows already sent, rate limits and dedupe stay consistent). Injected as the app's Clock port.
 */
export class PlaygroundClock implements Clock {
  #offsetMs: number;
  readonly #realNow: () => number;

  constructor(startAt: Date = new Date(), realNow: () => number = Date.now) {
    this.#realNow = realNow;
    this.#offsetMs = startAt.getTime() - realNow();
  }

  now(): Date {
    return new Date(this.#realNow() + this.#offsetMs);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the playground clock only moves forward");
    this.#offsetMs += ms;
    return this.now();
  }

  /** Moves to `at` when it lies ahead; a time already passed leaves the clock as it is. */
  advanceTo(at: Date): Date {
    return this.advance(Math.max(0, at.getTime() - this.now().getTime()));
  }
}
