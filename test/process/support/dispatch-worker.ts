/**
 * A dispatcher process for the crash and multi-instance tests: the real startDispatcher (node-cron, leader lock,
 * Prisma store) with an HTTP sender pointed at the test's fake Bot API. Configured by environment variables.
 */
import { startDispatcher } from "../../../src/app/dispatcher.ts";
import { createLogger } from "../../../src/app/logger.ts";
import { randomIds, systemClock } from "../../../src/app/node-ports.ts";
import { stubRenderer } from "../../../src/delivery/stub-renderer.ts";
import { parseDatabaseUrl } from "../../../src/store/database-url.ts";
import { dispatcherLock } from "../../../src/store/leader-lock.ts";
import { createPrismaStore } from "../../../src/store/prisma-store.ts";
import { httpSender } from "./http-sender.ts";

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const number = (name: string, fallback: number) => Number(env(name, String(fallback)));

const target = parseDatabaseUrl(env("DATABASE_URL"));
const store = createPrismaStore(target);
const logger = createLogger("info");
const dispatcher = startDispatcher({
  store,
  clock: systemClock,
  defaultZone: "Europe/Berlin",
  ids: randomIds,
  senders: { telegram: httpSender(env("FAKE_API_URL"), String(process.pid)) },
  renderer: stubRenderer,
  logger,
  lock: dispatcherLock(target),
  rateLimits: { telegram: { global: { perSecond: number("RATE_GLOBAL", 30) }, perChat: { perSecond: number("RATE_CHAT", 1) } } },
  settings: {
    batchSize: number("BATCH", 50),
    leaseMs: number("LEASE_MS", 60_000),
    leaseMarginMs: number("LEASE_MARGIN_MS", 10_000),
    concurrency: number("CONCURRENCY", 4),
    maxTickMs: number("MAX_TICK_MS", 10_000),
  },
});
logger.info({ pid: process.pid }, "dispatch worker started");

process.on("SIGTERM", () => {
  dispatcher
    .stop()
    .then(() => store.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
});
