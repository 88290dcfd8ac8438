/**
 * P7 delivery under faults, measured from outside with real HTTP:
 * - a webhook request's worst wait while the Bot API drops every socket (each person writes once; the replies all
 *   fail): goal under 5 s, since Telegram and the people behind it wait on it;
 * - SIGTERM while clients hold keep-alive connections busy with requests: exit code and time to exit, goal 0 within
 *   the 10 s grace period;
 * - kill -9 of a dispatcher process mid-dispatch at Telegram's rates (1 message per chat per second), then a new
 *   one: the closest two messages to one chat across the restart, goal at least 1 s, and none lost.
 *
 *   node --import tsx bench/faults.ts
 */
import { Agent, request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createApp, localesDir } from "../src/app/app.ts";
import { readConfig } from "../src/app/config.ts";
import { createLogger } from "../src/app/logger.ts";
import { createTranslator } from "../src/i18n/index.ts";
import { migrate } from "../src/store/migrator.ts";
import { parseDatabaseUrl } from "../src/store/database-url.ts";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { seedOutbox, startFakeBotApi, startWorker } from "../test/process/support/harness.ts";
import { createPrismaStore } from "../src/store/prisma-store.ts";
import { hasBuiltServer, startServerProcess } from "./server-process.ts";
import { BENCH_DATA_KEY } from "./startup.ts";

export interface FaultBenchOptions {
  /** Chats of the restart measurement, each with a few messages due at once (0 skips it). */
  restartChats: number;
  /** People who each write once while every sendMessage socket is dropped. */
  droppedWrites: number;
  /** Keep-alive clients busy with requests when SIGTERM arrives. */
  keepAliveClients: number;
}

export interface FaultFigures {
  droppedWrites: number;
  worstWaitMs: number;
  keepAliveClients: number;
  sigtermExitCode: number | null;
  sigtermExitMs: number;
  restartChats: number;
  /** The smallest gap between two messages to one chat, the kill -9 and restart in between (NaN: not measured). */
  restartMinGapMs: number;
  restartLost: number;
}

const TOKEN = "123456789:AAFakeTokenForTheLotseFaultBench_xyz";
const SECRET = "lotse-bench-webhook-secret-0123456789";

async function worstWaitWhileDropping(writes: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "lotse-bench-faults-"));
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  const config = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: `file:${join(dir, "lotse.db")}`,
    LOTSE_DATA_KEY: BENCH_DATA_KEY,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const app = await createApp(config.config, {
    logger: createLogger("silent"),
    translator: createTranslator({ localesDir }),
    telegramFloodLimit: { max: 1_000_000, windowMs: 1000 },
  });
  try {
    const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
    await app.telegramConnected();
    fake.failNext("sendMessage", ...Array.from({ length: writes * 2 }, () => ({ drop: true as const })));
    let worst = 0;
    for (let i = 0; i < writes; i += 1) {
      const user = 70_000 + i;
      const update = {
        update_id: 1_000 + i,
        message: { message_id: i + 1, date: 1, chat: { id: user, type: "private" }, from: { id: user, is_bot: false, first_name: "A" }, text: "/help" },
      };
      const started = performance.now();
      const response = await fetch(`${address}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      worst = Math.max(worst, performance.now() - started);
    }
    return worst;
  } finally {
    await app.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sigtermUnderKeepAlive(clients: number): Promise<{ code: number | null; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), "lotse-bench-sigterm-"));
  const url = `file:${join(dir, "lotse.db")}`;
  await migrate(parseDatabaseUrl(url));
  const token = "lotse-bench-metrics-token-0123456789";
  const server = await startServerProcess(hasBuiltServer() ? "dist" : "tsx", { DATABASE_URL: url, LOTSE_DATA_KEY: BENCH_DATA_KEY, LOTSE_METRICS_TOKEN: token });
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let running = true;
  const load = Array.from({ length: clients }, async () => {
    while (running) {
      await new Promise<void>((resolve) => {
        const request = httpRequest(`${server.address}/metrics`, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
          response.resume();
          response.on("end", resolve);
        });
        request.on("error", () => resolve());
        request.end();
      });
    }
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
    const started = performance.now();
    server.child.kill("SIGTERM");
    const code = await exited;
    return { code, ms: performance.now() - started };
  } finally {
    running = false;
    await Promise.all(load);
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kill -9 a dispatcher after its first sends, start another; the per-chat gaps across the restart. */
async function spacingAcrossRestart(chats: number): Promise<{ minGapMs: number; lost: number }> {
  if (chats === 0) return { minGapMs: Number.NaN, lost: 0 };
  const dir = mkdtempSync(join(tmpdir(), "lotse-bench-restart-"));
  const url = `file:${join(dir, "lotse.db")}`;
  const target = parseDatabaseUrl(url);
  await migrate(target);
  const store = createPrismaStore(target);
  const api = await startFakeBotApi();
  const perChat = 3;
  try {
    await seedOutbox(store, chats * perChat, chats);
    const env = {
      DATABASE_URL: url,
      FAKE_API_URL: api.url,
      RATE_GLOBAL: "30",
      RATE_CHAT: "1",
      CONCURRENCY: "4",
      BATCH: "50",
      LEASE_MS: "3000",
      LEASE_MARGIN_MS: "500",
    };
    const first = startWorker(env);
    await api.whenDelivered(({ deliveries }) => deliveries.length >= chats);
    first.kill("SIGKILL");
    await first.exited;
    const second = startWorker(env);
    await api.whenDelivered(({ distinct }) => distinct >= chats * perChat);
    second.kill("SIGTERM");
    await second.exited;
    const byChat = new Map<string, number[]>();
    for (const delivery of api.deliveries) byChat.set(delivery.chat, [...(byChat.get(delivery.chat) ?? []), delivery.at]);
    let minGapMs = Number.POSITIVE_INFINITY;
    for (const times of byChat.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i += 1) minGapMs = Math.min(minGapMs, (times[i] as number) - (times[i - 1] as number));
    }
    return { minGapMs, lost: chats * perChat - api.distinct() };
  } finally {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFaultBench(options: FaultBenchOptions): Promise<FaultFigures> {
  const worstWaitMs = await worstWaitWhileDropping(options.droppedWrites);
  const sigterm = await sigtermUnderKeepAlive(options.keepAliveClients);
  const restart = await spacingAcrossRestart(options.restartChats);
  return {
    droppedWrites: options.droppedWrites,
    worstWaitMs,
    keepAliveClients: options.keepAliveClients,
    sigtermExitCode: sigterm.code,
    sigtermExitMs: sigterm.ms,
    restartChats: options.restartChats,
    restartMinGapMs: restart.minGapMs,
    restartLost: restart.lost,
  };
}

export const defaultFaultBenchOptions: FaultBenchOptions = {
  droppedWrites: Number(process.env.BENCH_DROPPED_WRITES ?? 20),
  keepAliveClients: Number(process.env.BENCH_KEEPALIVE_CLIENTS ?? 16),
  restartChats: Number(process.env.BENCH_RESTART_CHATS ?? 20),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await runFaultBench(defaultFaultBenchOptions);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
