/**
 * P1 and P2: updates through the whole stack (webhook → core → store → reply to a fake Bot API).
 *
 * P1 throughput, three kinds of update, each against a bare grammY bot in the same run: managers asking for
 * /agenda (reads the store, writes the update claim, replies), strangers writing "hallo" (no account: the
 * introduction) and clients tapping "in progress" under a plan step's check-in (a button: answers the callback,
 * writes the answer in a transaction, replies). The bare bot echoes every text and answers every button with the
 * callback answer and a message. Both webhook servers run in this process, talking to the same fake Bot API, in
 * alternating rounds with the same closed-loop load (a fixed number of requests in flight).
 * P2 latency: an open-loop load at a fixed rate (200 updates/s) against Lotse; p99 of the request time.
 *
 *   node --import tsx bench/webhook.ts
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Bot, webhookCallback } from "grammy";
import { createLogger } from "../src/app/logger.ts";
import { operator, type Actor } from "../src/core/actor.ts";
import { createClient } from "../src/core/cases/create-client.ts";
import { checkInsConsentAction, consentAnswerAction } from "../src/core/chat/chat-actions.ts";
import { checkInAnswerAction } from "../src/core/plans/actions.ts";
import { addGoal } from "../src/core/plans/add-goal.ts";
import { addStep } from "../src/core/plans/add-step.ts";
import { createPlan } from "../src/core/plans/create-plan.ts";
import { addManager } from "../src/core/setup/add-manager.ts";
import { addTenant } from "../src/core/setup/add-tenant.ts";
import { fakeBotInfo } from "../test/support/fake-telegram.ts";
import { startTelegramTestApp, type TelegramTestApp } from "../test/support/telegram-app.ts";
import { inParallel, latencySummary } from "./support.ts";

export const TOKEN = "424242:BenchTokenForTheWebhookBenchmark_abcdef";
export const SECRET = "bench-webhook-secret-0123456789";
const DATA_KEY = Buffer.from("lotse-bench-webhook-key-0123456x").toString("base64");

export interface WebhookBenchOptions {
  /** Requests per round and system. */
  updatesPerRound: number;
  rounds: number;
  /**
   * Requests each system gets before the first measured round (P1): JIT, prepared statements, keep-alive sockets. A
   * long-running server's throughput is what P1 is about, not V8 compiling its code: with 200 Lotse's CPU per update
   * still fell round by round (2.8, 2.1, 1.6, 1.4, 1.1, 1.1 ms for six rounds of 500), the bare bot's settled at once.
   */
  warmUpUpdates: number;
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
  /**
   * CPU time of this process (all its threads: the server, the load generator and the fake Bot API) per update.
   * Less sensitive to other load on the machine than the rate: while the loop is bound by this process's CPU,
   * the rates compare about as the inverse of these.
   */
  cpuMsPerUpdate: number;
}

/** The kinds of update P1 sends. */
export const webhookScenarios = ["agenda", "stranger", "checkin"] as const;
export type WebhookScenario = (typeof webhookScenarios)[number];

export interface ScenarioFigures {
  scenario: WebhookScenario;
  lotse: ThroughputFigures;
  bare: ThroughputFigures;
  ratio: number;
}

export interface WebhookBenchResult {
  /** /agenda (the figure P1 has always reported). */
  lotse: ThroughputFigures;
  bare: ThroughputFigures;
  ratio: number;
  /** Every kind of update, each against the bare bot in the same run. */
  scenarios: ScenarioFigures[];
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

let nextQueryId = 1;

/** A tap on an inline button under message 1 of the chat. */
export function callbackUpdate(userId: number, data: string): string {
  const from = { id: userId, is_bot: false, first_name: "Bench", language_code: "ar" };
  return JSON.stringify({
    update_id: nextUpdateId++,
    callback_query: {
      id: String(nextQueryId++),
      from,
      chat_instance: String(userId),
      data,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: "private", first_name: "Bench" }, text: "?" },
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
    botInfo: fakeBotInfo("Echo"),
  });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  bot.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.callbackQuery.data);
  });
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

async function sent(test: TelegramTestApp, body: string): Promise<void> {
  const answer = await post(`${test.address}/telegram`, body);
  if (answer.status !== 200) throw new Error(`set-up update failed with ${answer.status}`);
}

/** A tenant with `count` managers, each linked to the chat id 10_000 + i through the bot itself. */
async function linkManagers(test: TelegramTestApp, count: number): Promise<number[]> {
  const tenant = await addTenant(test.app.deps, operator, { name: "Bench-Kreis", timezone: "Europe/Berlin" });
  const chats: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const { invite } = await addManager(test.app.deps, operator, { tenantId: tenant.id, name: `Managerin ${i}` });
    const chat = 10_000 + i;
    await sent(test, textUpdate(chat, `/start ${invite.code}`));
    chats.push(chat);
  }
  return chats;
}

const STEPS_PER_CLIENT = 10;

/**
 * `count` clients, each of a manager of their own (not the managers who ask for /agenda: their agenda stays that of
 * a manager without clients, as P1 has always measured it), linked to the chat id 20_000 + i through the bot
 * (invite, consent to messages and to check-ins), with a plan of `STEPS_PER_CLIENT` steps that are asked about: the
 * check-in buttons the clients tap, in turn. Every answer is kept and the next check-in's number counts them, so a
 * step answered thousands of times would measure a history no step has; with 200 steps each is answered about as
 * often in a run as a weekly step in a year or two.
 */
async function linkClients(test: TelegramTestApp, count: number): Promise<{ chat: number; data: string }[]> {
  const tenant = await addTenant(test.app.deps, operator, { name: "Bench-Stadt", timezone: "Europe/Berlin" });
  const taps: { chat: number; data: string; turn: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const { manager } = await addManager(test.app.deps, operator, { tenantId: tenant.id, name: `Manager ${i}` });
    const actor: Actor = { kind: "staff", managerId: manager.id, tenantId: manager.tenantId, role: manager.role };
    const { client, invite } = await createClient(test.app.deps, actor, { name: `Klient ${i}`, language: "ar" });
    const chat = 20_000 + i;
    await sent(test, textUpdate(chat, `/start ${invite.code}`));
    await sent(test, callbackUpdate(chat, consentAnswerAction.encode("a")));
    await sent(test, callbackUpdate(chat, checkInsConsentAction.encode("a")));
    const plan = await createPlan(test.app.deps, actor, { clientId: client.id });
    const goal = await addGoal(test.app.deps, actor, { planId: plan.id, area: "language", text: "Deutsch lernen" });
    for (let s = 0; s < STEPS_PER_CLIENT; s += 1) {
      const { step } = await addStep(test.app.deps, actor, { goalId: goal.id, catalogueKey: "register_integration_course", params: { provider: `VHS ${s}` } });
      taps.push({ chat, data: checkInAnswerAction.encode(step.id, "p"), turn: s });
    }
  }
  // One tap of each client in turn: no client taps twice in a row.
  return taps.sort((a, b) => a.turn - b.turn || a.chat - b.chat);
}

/** The bodies of one round: Lotse's update of the scenario, or the bare bot's (the same kind: text or button). */
type Bodies = (count: number) => string[];

interface Round {
  seconds: number;
  latencies: number[];
  cpuMs: number;
}

async function closedLoop(url: string, bodiesFor: Bodies, options: WebhookBenchOptions): Promise<Round> {
  const bodies = bodiesFor(options.updatesPerRound);
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await inParallel(bodies, options.concurrency, async (body) => {
    const answer = await post(url, body);
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
    latencies.push(answer.ms);
  });
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, latencies, cpuMs: (used.user + used.system) / 1000 };
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

const figures = ({ updates, seconds, latencies, cpuMs }: Totals): ThroughputFigures => {
  const summary = latencySummary(latencies);
  return { updatesPerSecond: updates / seconds, p50Ms: summary.p50, p99Ms: summary.p99, cpuMsPerUpdate: cpuMs / updates };
};

interface Totals {
  updates: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
}

const totals = (): Totals => ({ updates: 0, seconds: 0, latencies: [], cpuMs: 0 });

function add(total: Totals, updates: number, round: Round): void {
  total.updates += updates;
  total.seconds += round.seconds;
  total.cpuMs += round.cpuMs;
  total.latencies.push(...round.latencies);
}

/** For a CPU profile of Lotse alone (`node --cpu-prof`): `BENCH_P1_LOTSE_ONLY=1` leaves out the bare bot's rounds. */
const lotseOnly = process.env.BENCH_P1_LOTSE_ONLY === "1";

/** Which scenarios to run: `BENCH_P1_SCENARIOS=agenda,checkin` (default all). */
function chosenScenarios(): readonly WebhookScenario[] {
  const asked = process.env.BENCH_P1_SCENARIOS?.split(",").map((name) => name.trim());
  return asked ? webhookScenarios.filter((name) => asked.includes(name)) : webhookScenarios;
}

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const test = await startTelegramTestApp(
    { token: TOKEN, secret: SECRET, dataKey: DATA_KEY, webhookUrl: "https://bench.example.org/telegram" },
    { logger: createLogger("silent"), telegramFloodLimit: { max: 1_000_000, windowMs: 1000 } },
  );
  const bare = await startBareBot(test.fake.url);
  try {
    const chats = await linkManagers(test, options.managers);
    const taps = await linkClients(test, options.managers);
    const strangers = Array.from({ length: options.managers }, (_, i) => 30_000 + i);
    const each =
      <T>(list: T[], make: (item: T) => string): Bodies =>
      (count) =>
        Array.from({ length: count }, (_, i) => make(list[i % list.length] as T));
    const plan: Record<WebhookScenario, { lotse: Bodies; bare: Bodies }> = {
      agenda: { lotse: each(chats, (chat) => textUpdate(chat, "/agenda")), bare: each(chats, (chat) => textUpdate(chat, "hallo")) },
      stranger: { lotse: each(strangers, (chat) => textUpdate(chat, "hallo")), bare: each(strangers, (chat) => textUpdate(chat, "hallo")) },
      checkin: { lotse: each(taps, (tap) => callbackUpdate(tap.chat, tap.data)), bare: each(taps, (tap) => callbackUpdate(tap.chat, tap.data)) },
    };
    const lotseUrl = `${test.address}/telegram`;
    const warmUp = { ...options, updatesPerRound: options.warmUpUpdates };
    let violations = test.fake.violations.length;
    let lotseReplies = 0;
    const scenarios: ScenarioFigures[] = [];
    for (const scenario of chosenScenarios()) {
      // Warm-up of both (JIT, connection pools, prepared statements).
      await closedLoop(lotseUrl, plan[scenario].lotse, warmUp);
      if (!lotseOnly) await closedLoop(bare.url, plan[scenario].bare, warmUp);
      test.fake.reset();
      const lotse = totals();
      const anchor = totals();
      for (let round = 0; round < options.rounds; round += 1) {
        const sendsBefore = test.fake.sends().length;
        add(lotse, options.updatesPerRound, await closedLoop(lotseUrl, plan[scenario].lotse, options));
        lotseReplies += test.fake.sends().length - sendsBefore;
        if (!lotseOnly) add(anchor, options.updatesPerRound, await closedLoop(bare.url, plan[scenario].bare, options));
        // The fake keeps every call: cleared after each round (memory), its violations counted first.
        violations += test.fake.violations.length;
        test.fake.reset();
      }
      const lotseFigures = figures(lotse);
      const bareFigures = figures(anchor);
      scenarios.push({ scenario, lotse: lotseFigures, bare: bareFigures, ratio: lotseFigures.updatesPerSecond / bareFigures.updatesPerSecond });
    }
    const agenda = scenarios.find((figure) => figure.scenario === "agenda") ?? scenarios[0];
    if (!agenda) throw new Error("no P1 scenario chosen");
    const open = await openLoop(lotseUrl, chats, options.latencyRate, options.latencySeconds);
    return {
      lotse: agenda.lotse,
      bare: agenda.bare,
      ratio: agenda.ratio,
      scenarios,
      openLoop: open,
      fakeApiViolations: violations + test.fake.violations.length,
      lotseReplies,
    };
  } finally {
    await bare.close();
    await test.stop();
  }
}

export const defaultWebhookBenchOptions: WebhookBenchOptions = {
  updatesPerRound: Number(process.env.BENCH_UPDATES ?? 2000),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmUpUpdates: Number(process.env.BENCH_WARMUP ?? 3000),
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
