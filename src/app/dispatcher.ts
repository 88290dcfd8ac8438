import cron, { type ScheduledTask } from "node-cron";
import { runDispatchTick, type DispatcherDeps, type TickReport } from "../delivery/dispatcher.ts";
import { defaultRateLimits, RateLimiter, restartQuietMs, type RateLimits } from "../delivery/rate-limiter.ts";
import type { LeaderLock } from "../store/leader-lock.ts";
import type { Logger } from "./logger.ts";

export interface DispatcherOptions extends Omit<DispatcherDeps, "limiter" | "sleep" | "random" | "log"> {
  logger: Logger;
  /** Only the holder dispatches (PostgreSQL: advisory lock; SQLite: always). */
  lock: LeaderLock;
  /** node-cron expression; every second by default. */
  expression?: string;
  rateLimits?: RateLimits;
  random?: () => number;
  /** The wait before the first scheduled send (default: restartQuietMs of the rate limits). */
  restartQuietMs?: number;
}

export interface RunningDispatcher {
  /** Whether this instance led at its last tick. */
  leading(): boolean;
  /** Runs one tick now (when leading); what the cron job does. */
  tick(): Promise<TickReport | null>;
  /** Stops ticking, lets messages in flight finish, puts claimed unsent rows back and frees the lock. */
  stop(): Promise<void>;
}

/**
 * A sleep that ends early when the dispatcher stops (the tick then puts its unsent rows back). One abort listener
 * for all sleepers: many messages may wait for their chat's turn at once.
 */
function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  const sleepers = new Set<() => void>();
  signal.addEventListener("abort", () => [...sleepers].forEach((wake) => wake()), { once: true });
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      sleepers.add(done);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
    });
}

/**
 * Runs the dispatcher on a node-cron schedule. Each tick first makes sure this instance leads (a single
 * dispatcher keeps the bot-wide rate limit honest); the others keep trying and take over when the leader dies.
 */
export function startDispatcher(options: DispatcherOptions): RunningDispatcher {
  const { logger, lock } = options;
  const stopped = new AbortController();
  const deps: DispatcherDeps = {
    ...options,
    limiter: new RateLimiter(options.rateLimits),
    limiterNow: options.limiterNow ?? (() => performance.now()),
    sleep: abortableSleep(stopped.signal),
    random: options.random ?? Math.random,
    log: logger,
  };
  let leading = false;
  let stopping = false;
  let current: Promise<TickReport | null> | null = null;

  const tick = async (): Promise<TickReport | null> => {
    if (stopping) return null;
    const nowLeading = await lock.acquire();
    if (nowLeading !== leading) logger.info({ leading: nowLeading }, nowLeading ? "dispatcher leads" : "dispatcher stands by");
    leading = nowLeading;
    if (!leading || stopping) return null;
    const promise = runDispatchTick(deps, { signal: stopped.signal }).then((report) => {
      if (report.claimed > 0) logger.debug({ ...report }, "dispatch tick");
      return report;
    });
    current = promise;
    try {
      return await promise;
    } finally {
      current = null;
    }
  };

  // After a (re)start the limiter knows nothing of the sends just before: the scheduled ticks wait one chat gap.
  const firstScheduledSendAt = performance.now() + (options.restartQuietMs ?? restartQuietMs(options.rateLimits ?? defaultRateLimits));
  const task: ScheduledTask = cron.schedule(
    options.expression ?? "* * * * * *",
    async () => {
      if (performance.now() < firstScheduledSendAt) return;
      try {
        // A tick that ended at maxTickMs with rows left is followed at once, not at the next cron second: the
        // bot-wide slots in between would go unused. Each tick checks the leader lock again.
        while ((await tick())?.more && !stopping);
      } catch (error) {
        logger.error({ err: { message: (error as Error).message } }, "dispatch tick failed");
      }
    },
    { name: "dispatcher", noOverlap: true },
  );

  return {
    leading: () => leading,
    tick,
    async stop() {
      stopping = true;
      stopped.abort();
      await task.stop();
      await current?.catch(() => null);
      await lock.release();
      leading = false;
    },
  };
}
