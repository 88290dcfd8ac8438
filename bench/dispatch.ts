/**
 * P3 dispatch: messages per second the outbox dispatcher achieves against the configured Telegram rate, through
 * the real dispatcher (node-cron ticks, rate limiter, recipient resolver, i18n renderer, SQLite store) and the real
 * Telegram sender (grammY) against the fake Bot API. `2 × rate` managers are linked on Telegram, and
 * `rate × seconds` messages are due at once, spread over their chats, so the bot-wide limit is what binds.
 *
 * Every sendMessage is timed as grammY hands it to HTTP (an API transformer, outside the code under test); from
 * those times: the achieved rate, how many times the bot-wide limit was exceeded in any 1-second window, and how
 * many times a chat got two messages less than 1 s apart. The fake Bot API adds its own violations (a 400).
 *
 *   node --import tsx bench/dispatch.ts
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Api } from "grammy";
import { createLogger } from "../src/app/logger.ts";
import { startDispatcher } from "../src/app/dispatcher.ts";
import type { DispatcherSettings } from "../src/delivery/dispatcher.ts";
import { randomIds, systemClock } from "../src/app/node-ports.ts";
import { createTelegramSender } from "../src/bots/telegram/telegram-sender.ts";
import { createTranslator, renderOutboxMessage } from "../src/i18n/index.ts";
import { dispatcherLock } from "../src/store/leader-lock.ts";
import { migrate } from "../src/store/migrator.ts";
import { createPrismaStore, type PrismaStore } from "../src/store/prisma-store.ts";
import { databaseKinds } from "../test/support/databases.ts";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { repoRoot } from "./server-process.ts";
import { BENCH_TENANT_ID, seedScale } from "./seed-scale.ts";
import { TOKEN } from "./webhook.ts";

export interface DispatchBenchOptions {
  /** Configured bot-wide rates to measure (messages/s); 1 message/s per chat throughout. */
  rates: number[];
  /** Seconds of messages at each rate. */
  seconds: number;
  /** Dispatcher settings other than the defaults (e.g. `{ concurrency: 16 }` to see what limits the rate). */
  settings?: Partial<DispatcherSettings>;
}

export interface DispatchFigures {
  rate: number;
  messages: number;
  chats: number;
  sent: number;
  achievedPerSecond: number;
  /** achieved / configured. */
  ratio: number;
  /** 1-second windows with more sends than the rate. */
  globalViolations: number;
  /** Two sends to one chat less than 1 s apart. */
  perChatViolations: number;
  /** Requests the fake Bot API refused. */
  apiViolations: number;
  /** Highest number of sends to one chat in any 1-second window. */
  maxPerChatPerSecond: number;
}

interface TimedSend {
  at: number;
  chat: string;
}

/** Slack for timer and clock granularity when checking spacing. */
const TOLERANCE_MS = 2;

async function seedMessages(store: PrismaStore, chats: number, messages: number): Promise<void> {
  await seedScale(store, { managers: chats, clients: 0, reminders: 0 });
  const due =
    store.target.provider === "postgresql" ? "now() - interval '1 minute'" : `'${new Date(Date.now() - 60_000).toISOString().replace("Z", "+00:00")}'`;
  const cte = `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${messages - 1}) `;
  await store.db.$executeRawUnsafe(
    `${cte}INSERT INTO "OutboxMessage" ("id", "dedupeKey", "tenantId", "recipientKind", "recipientId", "messageKey", "params", "actions", "dueAt", "status", "attempts", "createdAt")
     SELECT 'msg-' || i, 'bench-dispatch:' || i, '${BENCH_TENANT_ID}', 'manager', 'mgr-' || (i % ${chats}), 'manager.welcome_back', '{}', '[]', ${due}, 'pending', 0, ${due} FROM seq`,
  );
}

/** Sends to one chat closer than 1 s, and the most sends to one chat in a 1-second window. */
function perChatSpacing(sends: TimedSend[]): { violations: number; maxPerSecond: number } {
  const byChat = new Map<string, number[]>();
  for (const send of sends) byChat.set(send.chat, [...(byChat.get(send.chat) ?? []), send.at]);
  let violations = 0;
  let maxPerSecond = 0;
  for (const times of byChat.values()) {
    for (let i = 0; i < times.length; i += 1) {
      const at = times[i] as number;
      if (i > 0 && at - (times[i - 1] as number) < 1000 - TOLERANCE_MS) violations += 1;
      let inWindow = 0;
      for (let j = i; j < times.length && (times[j] as number) < at + 1000 - TOLERANCE_MS; j += 1) inWindow += 1;
      maxPerSecond = Math.max(maxPerSecond, inWindow);
    }
  }
  return { violations, maxPerSecond };
}

/** 1-second windows (one starting at each send) holding more than `rate` sends. */
function globalWindowViolations(times: number[], rate: number): number {
  let violations = 0;
  let end = 0;
  for (let start = 0; start < times.length; start += 1) {
    while (end < times.length && (times[end] as number) < (times[start] as number) + 1000 - TOLERANCE_MS) end += 1;
    if (end - start > rate) violations += 1;
  }
  return violations;
}

async function measureRate(rate: number, seconds: number, settings: Partial<DispatcherSettings> | undefined): Promise<DispatchFigures> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite database kind");
  const database = await sqlite.create();
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  await migrate(database.target);
  const store = createPrismaStore(database.target);
  const chats = rate * 2;
  const messages = Math.round(rate * seconds);
  const sends: TimedSend[] = [];
  try {
    await seedMessages(store, chats, messages);
    const api = new Api(TOKEN, { apiRoot: fake.url });
    api.config.use((previous, method, payload, signal) => {
      if (method === "sendMessage") sends.push({ at: performance.now(), chat: String((payload as { chat_id: unknown }).chat_id) });
      return previous(method, payload, signal);
    });
    const translator = createTranslator({ localesDir: join(repoRoot, "locales") });
    const dispatcher = startDispatcher({
      defaultZone: "Europe/Berlin",
      senders: { telegram: createTelegramSender({ token: TOKEN, api }) },
      renderer: { render: (message, recipient) => renderOutboxMessage(translator, message, recipient, systemClock.now()) },
      store,
      clock: systemClock,
      ids: randomIds,
      logger: createLogger("silent"),
      lock: dispatcherLock(database.target),
      rateLimits: { telegram: { global: { perSecond: rate }, perChat: { perSecond: 1 } } },
      ...(settings ? { settings } : {}),
    });
    const deadline = performance.now() + seconds * 1000 * 4 + 10_000;
    while (sends.length < messages && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await dispatcher.stop();
    const sent = await store.db.outboxMessage.count({ where: { status: "sent" } });
    const times = sends.map((send) => send.at).sort((a, b) => a - b);
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    // n sends spaced 1/rate apart span (n - 1)/rate seconds.
    const achievedPerSecond = times.length > 1 && span > 0 ? (times.length - 1) / span : Number.NaN;
    const spacing = perChatSpacing(sends);
    return {
      rate,
      messages,
      chats,
      sent,
      achievedPerSecond,
      ratio: achievedPerSecond / rate,
      globalViolations: globalWindowViolations(times, rate),
      perChatViolations: spacing.violations,
      apiViolations: fake.violations.length,
      maxPerChatPerSecond: spacing.maxPerSecond,
    };
  } finally {
    await store.close();
    await fake.stop();
    await database.drop();
  }
}

/**
 * node-cron warns on the console at every tick it skips because the last one still runs (a long tick is what
 * the dispatcher does under load): kept out of the benchmark's output.
 */
async function withoutCronOverlapWarnings<T>(run: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes("overlap prevention")) warn(...args);
  };
  try {
    return await run();
  } finally {
    console.warn = warn;
  }
}

export async function runDispatchBench(options: DispatchBenchOptions): Promise<DispatchFigures[]> {
  const results: DispatchFigures[] = [];
  for (const rate of options.rates) results.push(await withoutCronOverlapWarnings(() => measureRate(rate, options.seconds, options.settings)));
  return results;
}

export const defaultDispatchBenchOptions: DispatchBenchOptions = {
  rates: (process.env.BENCH_DISPATCH_RATES ?? "30,300").split(",").map(Number),
  seconds: Number(process.env.BENCH_DISPATCH_SECONDS ?? 10),
  ...(process.env.BENCH_DISPATCH_CONCURRENCY ? { settings: { concurrency: Number(process.env.BENCH_DISPATCH_CONCURRENCY) } } : {}),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await runDispatchBench(defaultDispatchBenchOptions);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}
