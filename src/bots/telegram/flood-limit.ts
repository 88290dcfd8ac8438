/**
 * A per-user limit on incoming updates (spam, a stuck client): at most `max` updates in a sliding `windowMs`.
 * In memory and per process: with several instances behind a load balancer each one counts on its own, so the
 * effective limit is up to `max × instances`. Good enough against flooding; not a quota.
 */
export interface FloodLimitOptions {
  max: number;
  windowMs: number;
}

export const defaultFloodLimit: FloodLimitOptions = { max: 20, windowMs: 10_000 };

export class FloodLimit {
  readonly #options: FloodLimitOptions;
  readonly #hits = new Map<string, number[]>();
  #lastSweep = 0;

  constructor(options: FloodLimitOptions = defaultFloodLimit) {
    this.#options = options;
  }

  /** Counts an update of `key` at `now` (ms); false when the key is over its limit (the update is dropped). */
  allow(key: string, now: number): boolean {
    const since = now - this.#options.windowMs;
    this.#sweep(now, since);
    const hits = (this.#hits.get(key) ?? []).filter((at) => at > since);
    const allowed = hits.length < this.#options.max;
    if (allowed) hits.push(now);
    this.#hits.set(key, hits);
    return allowed;
  }

  /** Forgets idle users once per window, so the map does not grow with every user ever seen. */
  #sweep(now: number, since: number): void {
    if (now - this.#lastSweep < this.#options.windowMs) return;
    this.#lastSweep = now;
    for (const [key, hits] of this.#hits) if (!hits.some((at) => at > since)) this.#hits.delete(key);
  }
}
