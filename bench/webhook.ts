/**
 * P1 and P2: updates through the whole stack (webhook → core → store → reply to a fake Bot API).
 *
 * P1 throughput: Lotse (managers asking for /agenda: reads the store, writes the update dedupe row, replies) against
 * a bare grammY bot that echoes every message, both webhook servers in this process talking to the same fake Bot
 * API, in alternating rounds with the same closed-loop load (a fixed number of requests in flight).
 * P2 latency: an open-loop load at a fixed rate (200 updates/s) against Lotse; p99 of the request time.
 *
 *   node --import tsx bench/webhook.ts
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Bot, webhookCallback } from "grammy";
import { createLogger } from "../src/app/logger.ts";
import { operator } from "../src/core/actor.ts";
import { addManager } from "../src/core/setup/add-manager.ts";
import { addTenant } from "../src/core/setup/add-tenant.ts";
import { FAKE_BOT_ID, FAKE_BOT_USERNAME } from "../test/support/fake-telegram.ts";
import { startTelegramTestApp, type TelegramTestApp } from "../test/support/telegram-app.ts";
import { inParallel, latencySummary } from "./support.ts";

export const TOKEN = "424242:BenchTokenForTheWebhookBenchmark_abcdef";
export const SECRET = "bench-webhook-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-bench-webhook-key-0123456x").toString("base64");

export interface WebhookBenchOptions {
  /** Requests per round and system. */
  updatesPerRound: number;
  rounds: number;
  /** Requests in flight (P1). */
  concurrency: number;
  managers: number;
  /** P2: open-loop rate and duration. */
  latencyRate: number;
  latencySeconds: number;
}

export interface ThroughputFigures {
  updatesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface WebhookBenchResult {
  lotse: ThroughputFigures;
  bare: ThroughputFigures;
  ratio: number;
  openLoop: { rate: number; sent: number; achievedRate: number; p50Ms: number; p99Ms: number; maxMs: number; non200: number };
  fakeApiViolations: number;
  /** Messages Lotse sent to the fake Bot API in the P1 rounds (at least one per update, or it did not work). */
  lotseReplies: number;
}

let nextUpdateId = 1;
let nextMessageId = 1;

export function textUpdate(userId: number, text: string): string {
  const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] : undefined;
  return JSON.stringify({
    update_id: nextUpdateId++,
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Bench" },
      from: { id: userId, is_bot: false, first_name: "Bench", language_code: "de" },
      text,
      ...(entities ? { entities } : {}),
    },
  });
}

export async function post(url: string, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** The anchor: grammY's own webhook callback on node:http, echoing every text. */
async function startBareBot(apiRoot: string): Promise<{ url: string; close(): Promise<void> }> {
  const bot = new Bot(TOKEN, {
    client: { apiRoot },
    botInfo: {
      id: FAKE_BOT_ID,
      is_bot: true,
      first_name: "Echo",
      username: FAKE_BOT_USERNAME,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const server: Server = createServer(webhookCallback(bot, "http", { secretToken: SECRET }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tenant with `count` managers, each linked to the chat id 10_000 + i through the bot itself. */
async function linkManagers(test: TelegramTestApp, count: number): Promise<number[]> {
  const tenant = await addTenant(test.app.deps, operator, { name: "Bench-Kreis", timezone: "Europe/Berlin" });
  const chats: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const { invite } = await addManager(test.app.deps, operator, { tenantId: tenant.id, name: `Managerin ${i}` });
    const chat = 10_000 + i;
    const answer = await post(`${test.address}/telegram`, textUpdate(chat, `/start ${invite.code}`));
    if (answer.status !== 200) throw new Error(`linking failed with ${answer.status}`);
    chats.push(chat);
  }
  return chats;
}

async function closedLoop(url: string, chats: number[], text: string, options: WebhookBenchOptions): Promise<{ seconds: number; latencies: number[] }> {
  const bodies = Array.from({ length: options.updatesPerRound }, (_, i) => textUpdate(chats[i % chats.length] ?? 1, text));
  const latencies: number[] = [];
  const started = performance.now();
  await inParallel(bodies, options.concurrency, async (body) => {
    const answer = await post(url, body);
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
    latencies.push(answer.ms);
  });
  return { seconds: (performance.now() - started) / 1000, latencies };
}

async function openLoop(url: string, chats: number[], rate: number, seconds: number): Promise<WebhookBenchResult["openLoop"]> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let non200 = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = textUpdate(chats[i % chats.length] ?? 1, "/agenda");
    inFlight.push(
      post(url, body).then((answer) => {
        latencies.push(answer.ms);
        if (answer.status !== 200) non200 += 1;
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const summary = latencySummary(latencies);
  return { rate, sent: total, achievedRate: total / elapsed, p50Ms: summary.p50, p99Ms: summary.p99, maxMs: summary.max, non200 };
}

const figures = (updates: number, seconds: number, latencies: number[]): ThroughputFigures => {
  const summary = latencySummary(latencies);
  return { updatesPerSecond: updates / seconds, p50Ms: summary.p50, p99Ms: summary.p99 };
};

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const test = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://bench.example.org/telegram" },
    { logger: createLogger("silent"), telegramFloodLimit: { max: 1_000_000, windowMs: 1000 } },
  );
  const bare = await startBareBot(test.fake.url);
  try {
    const chats = await linkManagers(test, options.managers);
    // Warm-up of both (JIT, connection pools, prepared statements).
    await closedLoop(`${test.address}/telegram`, chats, "/agenda", { ...options, updatesPerRound: Math.min(200, options.updatesPerRound) });
    await closedLoop(bare.url, chats, "hallo", { ...options, updatesPerRound: Math.min(200, options.updatesPerRound) });
    const lotse = { updates: 0, seconds: 0, latencies: [] as number[], replies: 0 };
    const anchor = { updates: 0, seconds: 0, latencies: [] as number[] };
    let violations = test.fake.violations.length;
    for (let round = 0; round < options.rounds; round += 1) {
      const sendsBefore = test.fake.sends().length;
      const a = await closedLoop(`${test.address}/telegram`, chats, "/agenda", options);
      lotse.replies += test.fake.sends().length - sendsBefore;
      lotse.updates += options.updatesPerRound;
      lotse.seconds += a.seconds;
      lotse.latencies.push(...a.latencies);
      const b = await closedLoop(bare.url, chats, "hallo", options);
      anchor.updates += options.updatesPerRound;
      anchor.seconds += b.seconds;
      anchor.latencies.push(...b.latencies);
      // The fake keeps every call: cleared after each round (memory), its violations counted first.
      violations += test.fake.violations.length;
      test.fake.reset();
    }
    const lotseFigures = figures(lotse.updates, lotse.seconds, lotse.latencies);
    const bareFigures = figures(anchor.updates, anchor.seconds, anchor.latencies);
    const open = await openLoop(`${test.address}/telegram`, chats, options.latencyRate, options.latencySeconds);
    return {
      lotse: lotseFigures,
      bare: bareFigures,
      ratio: lotseFigures.updatesPerSecond / bareFigures.updatesPerSecond,
      openLoop: open,
      fakeApiViolations: violations + test.fake.violations.length,
      lotseReplies: lotse.replies,
    };
  } finally {
    await bare.close();
    await test.stop();
  }
}

export const defaultWebhookBenchOptions: WebhookBenchOptions = {
  updatesPerRound: Number(process.env.BENCH_UPDATES ?? 2000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  managers: 20,
  latencyRate: Number(process.env.BENCH_WEBHOOK_RATE ?? 200),
  latencySeconds: Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runWebhookBench(defaultWebhookBenchOptions);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // FakeTelegram keeps no timers; the exit is explicit so a lingering keep-alive socket cannot hold the process.
  process.exit(0);
}
