/**
 * P1 measured from outside, as an operator would measure it: the built server started as `npm start` starts it
 * (`node <its flags> dist/app/main.js`, a process of its own) against a bare grammY bot in a process of its own with
 * the same node flags (bench/bare-bot.js), both replying to the same fake Bot API in this process. This process only
 * sends the load over HTTP: strangers writing "hallo" (each update from a Telegram user never seen before, so Lotse
 * answers with its introduction and no flood limit applies), in alternating closed-loop rounds after a warm-up
 * round of each. bench/webhook.ts measures the same in one process (tsx, no node flags); this is the figure an
 * operator sees, with the processes' own start flags and loopback HTTP both ways.
 *
 * Besides the rate and latency, the CPU time of each server process alone per update (from /proc): the load
 * generator's share of the machine is not in it, so it compares the two servers more steadily than the rate does
 * on a shared machine.
 *
 *   npm run build && node --import tsx bench/webhook-outside.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { migrate } from "../src/store/migrator.ts";
import { databaseKinds } from "../test/support/databases.ts";
import { FAKE_BOT_ID, FAKE_BOT_USERNAME, FakeTelegram } from "../test/support/fake-telegram.ts";
import { hasBuiltServer, serverCommandLine, startFlags, startServerProcess, type ServerProcess } from "./server-process.ts";
import { BENCH_DATA_KEY } from "./startup.ts";
import { inParallel, latencySummary } from "./support.ts";
import { defaultWebhookBenchOptions, post, SECRET, textUpdate, TOKEN } from "./webhook.ts";

export interface OutsideWebhookBenchOptions {
  /** Requests per round and system. */
  updatesPerRound: number;
  rounds: number;
  /** Requests each server gets before the first measured round (see `WebhookBenchOptions.warmUpUpdates`). */
  warmUpUpdates: number;
  /** Requests in flight. */
  concurrency: number;
}

export interface ProcessThroughput {
  updatesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time (user + system, all threads) of the server process alone per update; NaN without /proc. */
  cpuMsPerUpdate: number;
  /**
   * CPU time of the bench process (the load generator and the fake Bot API) per update of this system's rounds:
   * near 1 core's worth of the round's time, the bench process rather than the server sets the rate.
   */
  benchCpuMsPerUpdate: number;
}

export interface OutsideWebhookFigures {
  /** The command lines of the two processes, as a person would type them in the repository. */
  lotseCommand: string;
  bareCommand: string;
  lotse: ProcessThroughput;
  bare: ProcessThroughput;
  ratio: number;
  /** Calls the fake Bot API refused (Lotse's and the bare bot's): a reply Telegram would not deliver. */
  fakeApiViolations: number;
}

/** Why the figure was not measured (no current build to run), or the figures. */
export type OutsideWebhookResult = { skipped: string } | OutsideWebhookFigures;

const BARE_BOT_SCRIPT = "bench/bare-bot.js";
const WEBHOOK_PATH = "/telegram";

/** Kernel clock ticks per second, the unit of utime and stime in /proc/<pid>/stat (100 on every usual Linux). */
function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** CPU time a process has used so far, in ms (user + system); NaN where /proc is missing. */
function processCpuMs(pid: number, ticksPerSecond: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis (field 3 = [0]).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

interface System {
  name: string;
  server: ServerProcess;
  url: string;
}

interface Totals {
  updates: number;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  benchCpuMs: number;
}

let nextStranger = 1_000_000;

/** Chat ids of Telegram users never seen before: one per update, so each is a stranger's first message. */
const strangers = (count: number): number[] => Array.from({ length: count }, () => nextStranger++);

/**
 * One closed-loop round of strangers' "hallo" against one system; throws unless every request got 200 and every
 * stranger got a message on the fake Bot API (the 200 alone does not say so: Lotse answers 200 to an update it
 * failed to reply to, after logging it).
 */
async function strangersRound(system: System, fake: FakeTelegram, updates: number, concurrency: number, ticksPerSecond: number): Promise<Totals> {
  const chats = strangers(updates);
  const bodies = chats.map((chat) => textUpdate(chat, "hallo"));
  fake.reset();
  const latencies: number[] = [];
  const pid = system.server.child.pid ?? -1;
  const cpuBefore = processCpuMs(pid, ticksPerSecond);
  const benchCpu = process.cpuUsage();
  const started = performance.now();
  await inParallel(bodies, concurrency, async (body) => {
    const answer = await post(system.url, body);
    if (answer.status !== 200) throw new Error(`${system.name} answered ${answer.status}`);
    latencies.push(answer.ms);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = processCpuMs(pid, ticksPerSecond) - cpuBefore;
  const benchUsed = process.cpuUsage(benchCpu);
  const answered = new Set(fake.sends().map((call) => Number(call.params.chat_id)));
  const unanswered = chats.filter((chat) => !answered.has(chat)).length;
  if (unanswered > 0) throw new Error(`${system.name} sent no message to ${unanswered} of ${updates} strangers`);
  return { updates, seconds, latencies, cpuMs, benchCpuMs: (benchUsed.user + benchUsed.system) / 1000 };
}

const noTotals = (): Totals => ({ updates: 0, seconds: 0, latencies: [], cpuMs: 0, benchCpuMs: 0 });

function add(total: Totals, round: Totals): void {
  total.updates += round.updates;
  total.seconds += round.seconds;
  total.cpuMs += round.cpuMs;
  total.benchCpuMs += round.benchCpuMs;
  total.latencies.push(...round.latencies);
}

function throughput({ updates, seconds, latencies, cpuMs, benchCpuMs }: Totals): ProcessThroughput {
  const summary = latencySummary(latencies);
  return {
    updatesPerSecond: updates / seconds,
    p50Ms: summary.p50,
    p99Ms: summary.p99,
    cpuMsPerUpdate: cpuMs / updates,
    benchCpuMsPerUpdate: benchCpuMs / updates,
  };
}

/** The built server with a freshly migrated SQLite database, its webhook and Bot API pointed at the fake. */
async function startLotse(fake: FakeTelegram, databaseUrl: string): Promise<ServerProcess> {
  return startServerProcess("dist", {
    DATABASE_URL: databaseUrl,
    LOTSE_DATA_KEY: BENCH_DATA_KEY,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: `https://bench.example.org${WEBHOOK_PATH}`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
}

/** bench/bare-bot.js with the flags of `npm start`, replying to the same fake. */
async function startBareBot(fake: FakeTelegram): Promise<ServerProcess> {
  return startServerProcess(
    "dist",
    {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      BOT_ID: String(FAKE_BOT_ID),
      BOT_USERNAME: FAKE_BOT_USERNAME,
    },
    { script: BARE_BOT_SCRIPT },
  );
}

async function measure(lotse: System, bare: System, fake: FakeTelegram, options: OutsideWebhookBenchOptions): Promise<OutsideWebhookFigures> {
  const ticksPerSecond = clockTicksPerSecond();
  const round = (system: System, updates: number) => strangersRound(system, fake, updates, options.concurrency, ticksPerSecond);
  let violations = 0;
  const countViolations = () => {
    violations += fake.violations.length;
  };
  // What the servers called at start-up (setWebhook, the commands menu) is checked as well.
  countViolations();
  // Warm-up of both (JIT, the database's pages and prepared statements, keep-alive sockets to the fake).
  const warmUp = options.warmUpUpdates;
  await round(lotse, warmUp);
  countViolations();
  await round(bare, warmUp);
  countViolations();
  const lotseTotals = noTotals();
  const bareTotals = noTotals();
  for (let i = 0; i < options.rounds; i += 1) {
    add(lotseTotals, await round(lotse, options.updatesPerRound));
    countViolations();
    add(bareTotals, await round(bare, options.updatesPerRound));
    countViolations();
  }
  const lotseFigures = throughput(lotseTotals);
  const bareFigures = throughput(bareTotals);
  return {
    lotseCommand: serverCommandLine("dist"),
    bareCommand: ["node", ...startFlags("dist"), BARE_BOT_SCRIPT].join(" "),
    lotse: lotseFigures,
    bare: bareFigures,
    ratio: lotseFigures.updatesPerSecond / bareFigures.updatesPerSecond,
    fakeApiViolations: violations,
  };
}

export async function runOutsideWebhookBench(options: OutsideWebhookBenchOptions): Promise<OutsideWebhookResult> {
  // Builds nothing: what is measured is what `npm run build` produced, and only while it matches the sources.
  if (!hasBuiltServer()) return { skipped: "dist/ is missing or older than src/ (run npm run build)" };
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite database kind");
  const database = await sqlite.create();
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  try {
    await migrate(database.target);
    const lotseServer = await startLotse(fake, database.url);
    try {
      const bareServer = await startBareBot(fake);
      try {
        const lotse = { name: "Lotse", server: lotseServer, url: `${lotseServer.address}${WEBHOOK_PATH}` };
        const bare = { name: "the bare bot", server: bareServer, url: `${bareServer.address}/` };
        return await measure(lotse, bare, fake, options);
      } finally {
        await bareServer.stop();
      }
    } finally {
      await lotseServer.stop();
    }
  } finally {
    await fake.stop();
    await database.drop();
  }
}

export const defaultOutsideWebhookBenchOptions: OutsideWebhookBenchOptions = {
  updatesPerRound: defaultWebhookBenchOptions.updatesPerRound,
  rounds: defaultWebhookBenchOptions.rounds,
  warmUpUpdates: defaultWebhookBenchOptions.warmUpUpdates,
  concurrency: defaultWebhookBenchOptions.concurrency,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runOutsideWebhookBench(defaultOutsideWebhookBenchOptions);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // Keep-alive sockets to the fake must not hold the process open.
  process.exit(0);
}
