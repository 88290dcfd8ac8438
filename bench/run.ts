/**
 * `npm run bench`: every benchmark in turn, one table with every figure beside its goal, printed and written into
 * docs/benchmarks.md (between the generated-table markers; the prose around them is kept). Not part of
 * `npm test`; a smoke run of each with tiny sizes is (test/integration/bench-smoke.test.ts).
 *
 * Sizes come from the environment (see docs/benchmarks.md); BENCH_ONLY=p1,p4 runs a subset (the doc is then not
 * written).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { databaseKinds } from "../test/support/databases.ts";
import { runClaimBench, type ClaimBenchOptions, type ClaimBenchResult } from "./claim.ts";
import { defaultDispatchBenchOptions, runDispatchBench, type DispatchBenchOptions, type DispatchFigures } from "./dispatch.ts";
import { defaultMemoryBenchOptions, mib, runMemoryBench, type MemoryBenchOptions, type MemoryFigures } from "./memory.ts";
import { repoRoot, serverCommandLine } from "./server-process.ts";
import { runSqliteLeakBench, type SqliteLeakFigures, type SqliteLeakOptions } from "./sqlite-leak.ts";
import { defaultStartupBenchOptions, runStartupBench, type StartupBenchOptions, type StartupFigures } from "./startup.ts";
import { defaultFaultBenchOptions, runFaultBench, type FaultBenchOptions, type FaultFigures } from "./faults.ts";
import { figureTable, machineLine, ms, type BenchFigure } from "./support.ts";
import { defaultTeamsBenchOptions, runTeamsBench, type TeamsBenchOptions, type TeamsFigures } from "./teams.ts";
import { defaultOutsideWebhookBenchOptions, runOutsideWebhookBench, type OutsideWebhookBenchOptions, type OutsideWebhookResult } from "./webhook-outside.ts";
import { defaultWebhookBenchOptions, runWebhookBench, type WebhookBenchOptions, type WebhookBenchResult, type WebhookScenario } from "./webhook.ts";

/** p1x: P1 from outside (the built server and a bare bot, each a process of its own). */
export type BenchId = "p1" | "p1x" | "p3" | "p4" | "p5" | "p6" | "p7" | "teams";
export const allBenches: readonly BenchId[] = ["p1", "p1x", "p3", "p4", "p5", "p6", "p7", "teams"];

export interface BenchSizes {
  webhook: WebhookBenchOptions;
  outsideWebhook: OutsideWebhookBenchOptions;
  dispatch: DispatchBenchOptions;
  claim: ClaimBenchOptions;
  memory: MemoryBenchOptions;
  /** P5 once more without the node flags of `npm start`, i.e. with V8's defaults (the largest size only). */
  memoryV8Defaults?: MemoryBenchOptions;
  sqliteLeak: SqliteLeakOptions;
  startup: StartupBenchOptions;
  faults: FaultBenchOptions;
  teams: TeamsBenchOptions;
}

export interface BenchResults {
  webhook?: WebhookBenchResult;
  outsideWebhook?: OutsideWebhookResult;
  dispatch?: DispatchFigures[];
  claim?: ClaimBenchResult[];
  memory?: MemoryFigures[];
  memoryV8Defaults?: MemoryFigures[];
  sqliteLeak?: SqliteLeakFigures;
  startup?: StartupFigures[];
  faults?: FaultFigures;
  teams?: TeamsFigures;
}

export function defaultSizes(): BenchSizes {
  return {
    webhook: defaultWebhookBenchOptions,
    outsideWebhook: defaultOutsideWebhookBenchOptions,
    dispatch: defaultDispatchBenchOptions,
    claim: {
      pending: Number(process.env.BENCH_PENDING ?? 1_000_000),
      claims: Number(process.env.BENCH_CLAIMS ?? 500),
      batch: Number(process.env.BENCH_BATCH ?? 50),
      kinds: databaseKinds(),
    },
    memory: defaultMemoryBenchOptions,
    memoryV8Defaults: {
      ...defaultMemoryBenchOptions,
      clientCounts: defaultMemoryBenchOptions.clientCounts.slice(-1),
      nodeFlags: [],
    },
    sqliteLeak: { runs: Number(process.env.BENCH_LEAK_RUNS ?? 50_000) },
    startup: defaultStartupBenchOptions,
    faults: defaultFaultBenchOptions,
    teams: defaultTeamsBenchOptions,
  };
}

/** Runs the chosen benchmarks one after another (never in parallel: they would measure each other). */
export async function runBenches(sizes: BenchSizes, only: readonly BenchId[] = allBenches, progress: (line: string) => void = () => {}): Promise<BenchResults> {
  const results: BenchResults = {};
  const step = async <T>(id: BenchId, name: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (!only.includes(id)) return undefined;
    progress(`${name} …`);
    const started = performance.now();
    const result = await run();
    progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return result;
  };
  results.webhook = await step("p1", "P1/P2 webhook throughput and latency", () => runWebhookBench(sizes.webhook));
  results.outsideWebhook = await step("p1x", "P1 webhook throughput from outside (own processes)", () => runOutsideWebhookBench(sizes.outsideWebhook));
  results.dispatch = await step("p3", "P3 dispatch", () => runDispatchBench(sizes.dispatch));
  results.claim = await step("p4", "P4 claim query", () => runClaimBench(sizes.claim));
  results.memory = await step("p5", "P5 memory", () => runMemoryBench(sizes.memory));
  results.sqliteLeak = await step("p5", "P5 SQLite driver memory per statement", async () => runSqliteLeakBench(sizes.sqliteLeak));
  const v8Defaults = sizes.memoryV8Defaults;
  if (v8Defaults) results.memoryV8Defaults = await step("p5", "P5 memory without the node flags of npm start", () => runMemoryBench(v8Defaults));
  results.startup = await step("p6", "P6 start-up", () => runStartupBench(sizes.startup));
  results.faults = await step("p7", "P7 delivery under faults", () => runFaultBench(sizes.faults));
  results.teams = await step("teams", "Teams turn", () => runTeamsBench(sizes.teams));
  return results;
}

const perSecond = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)}/s` : "n/a");
const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : "n/a");
const seconds = (milliseconds: number) => (Number.isFinite(milliseconds) ? `${(milliseconds / 1000).toFixed(2)} s` : "n/a");
const count = (value: number) => value.toLocaleString("en-US");

/** Memory is flat when the larger data set costs at most this much more resident memory. */
export const FLAT_MEMORY_GROWTH = 0.1;

const scenarioNames: Record<WebhookScenario, string> = {
  agenda: "a manager's /agenda",
  stranger: "a stranger's “hallo”",
  checkin: "a client's check-in tap (button)",
};

function webhookFigures(w: WebhookBenchResult): BenchFigure[] {
  const refused = w.fakeApiViolations > 0 ? `, ${w.fakeApiViolations} refused by the Bot API` : "";
  return [
    ...w.scenarios.flatMap((s): BenchFigure[] => [
      {
        id: "P1",
        figure: `webhook throughput, Lotse ${scenarioNames[s.scenario]} vs bare grammY bot`,
        goal: "≥ 0.5 ×",
        measured: `${s.ratio.toFixed(2)} × (${perSecond(s.lotse.updatesPerSecond)} vs ${perSecond(s.bare.updatesPerSecond)})${refused}`,
        met: s.ratio >= 0.5 && w.fakeApiViolations === 0,
      },
      {
        id: "P1",
        figure: `latency under that load, Lotse (bare bot), ${scenarioNames[s.scenario]}`,
        goal: "report",
        measured: `p50 ${ms(s.lotse.p50Ms)}, p99 ${ms(s.lotse.p99Ms)} (p50 ${ms(s.bare.p50Ms)}, p99 ${ms(s.bare.p99Ms)}); CPU per update ${ms(s.lotse.cpuMsPerUpdate)} (${ms(s.bare.cpuMsPerUpdate)})`,
        met: null,
      },
    ]),
    {
      id: "P2",
      figure: `webhook p99 at ${w.openLoop.rate} updates/s (open loop, /agenda)`,
      goal: "< 50 ms",
      measured: `${ms(w.openLoop.p99Ms)} (p50 ${ms(w.openLoop.p50Ms)}, achieved ${perSecond(w.openLoop.achievedRate)}, non-200: ${w.openLoop.non200})`,
      met: w.openLoop.p99Ms < 50 && w.openLoop.non200 === 0,
    },
  ];
}

function outsideWebhookFigures(o: OutsideWebhookResult): BenchFigure[] {
  const figure = `webhook throughput from outside (\`npm start\`'s flags), ${scenarioNames.stranger}, Lotse vs bare grammY bot (own processes)`;
  if ("skipped" in o) return [{ id: "P1", figure, goal: "≥ 0.5 ×", measured: `skipped: ${o.skipped}`, met: null }];
  const refused = o.fakeApiViolations > 0 ? `, ${o.fakeApiViolations} refused by the Bot API` : "";
  return [
    {
      id: "P1",
      figure,
      goal: "≥ 0.5 ×",
      measured: `${o.ratio.toFixed(2)} × (${perSecond(o.lotse.updatesPerSecond)} vs ${perSecond(o.bare.updatesPerSecond)})${refused}`,
      met: o.ratio >= 0.5 && o.fakeApiViolations === 0,
    },
    {
      id: "P1",
      figure: "latency under that load from outside, Lotse (bare bot); CPU per update of each server process alone, and of the bench process",
      goal: "report",
      measured: `p50 ${ms(o.lotse.p50Ms)}, p99 ${ms(o.lotse.p99Ms)} (p50 ${ms(o.bare.p50Ms)}, p99 ${ms(o.bare.p99Ms)}); CPU per update ${ms(o.lotse.cpuMsPerUpdate)} (${ms(o.bare.cpuMsPerUpdate)}), bench process ${ms(o.lotse.benchCpuMsPerUpdate)} (${ms(o.bare.benchCpuMsPerUpdate)})`,
      met: null,
    },
  ];
}

function dispatchFigures(results: DispatchFigures[]): BenchFigure[] {
  return results.map((d) => ({
    id: "P3",
    figure: `dispatch at a configured ${d.rate}/s bot-wide, 1/s per chat (${count(d.messages)} messages, ${d.chats} chats)`,
    goal: "≥ 95 %, 0 violations, ≤ 1/s per chat",
    measured: `${percent(d.ratio)} (${perSecond(d.achievedPerSecond)}); violations: ${d.globalViolations} bot-wide, ${d.perChatViolations} per chat, ${d.apiViolations} API; max ${d.maxPerChatPerSecond}/s per chat`,
    met: d.ratio >= 0.95 && d.globalViolations === 0 && d.perChatViolations === 0 && d.apiViolations === 0 && d.maxPerChatPerSecond <= 1,
  }));
}

function claimFigures(results: ClaimBenchResult[]): BenchFigure[] {
  return results
    .map((c): BenchFigure => ({
      id: "P4",
      figure: `claim ${c.batch} due rows among ${count(c.pending)} pending, ${c.database}`,
      goal: "p99 < 5 ms",
      measured: `p99 ${ms(c.p99Ms)} (p50 ${ms(c.p50Ms)}, max ${ms(c.maxMs)}, ${c.claims} claims after 50 to warm up)`,
      met: c.p99Ms < 5,
    }))
    .concat(
      results.map((c): BenchFigure => ({
        id: "P4",
        figure: `cancel one appointment's pending reminders (dedupe-key prefix) among ${count(c.pending)} pending, ${c.database}`,
        goal: "report",
        measured: `p99 ${ms(c.cancelP99Ms)} (p50 ${ms(c.cancelP50Ms)})`,
        met: null,
      })),
    );
}

function memoryFigures(results: MemoryFigures[]): BenchFigure[] {
  const figures: BenchFigure[] = results.map((m) => ({
    id: "P5",
    figure: `server RSS (\`${m.command}\`${m.nodeOptions ? `, NODE_OPTIONS=${m.nodeOptions}` : ""}) with ${count(m.clients)} clients, ${count(m.reminders)} reminders, after ${count(m.updates)} updates`,
    goal: "< 150 MB",
    measured: `${mib(m.loadedRss)} (idle ${mib(m.idleRss)}, peak ${mib(m.peakRss)}${m.failed > 0 ? `, ${m.failed} failed` : ""})`,
    met: m.loadedRss < 150 * 2 ** 20 && m.failed === 0,
  }));
  const small = results[0];
  const large = results.at(-1);
  if (small && large && large !== small) {
    const growth = large.loadedRss / small.loadedRss - 1;
    figures.push({
      id: "P5",
      figure: `RSS growth from ${count(small.clients)} to ${count(large.clients)} clients`,
      goal: `flat (≤ ${percent(FLAT_MEMORY_GROWTH)})`,
      measured: `${growth >= 0 ? "+" : ""}${percent(growth)} (${mib(small.loadedRss)} → ${mib(large.loadedRss)})`,
      met: growth <= FLAT_MEMORY_GROWTH,
    });
  }
  return figures;
}

const kilobytes = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : "n/a");

function sqliteLeakFigures(leak: SqliteLeakFigures): BenchFigure[] {
  return [
    {
      id: "P5",
      figure: "native memory the SQLite driver (better-sqlite3) keeps per statement run (diagnostic, bench/sqlite-leak.ts)",
      goal: "report",
      measured: `${kilobytes(leak.bytesPerPrepare)} when prepared each time, ${kilobytes(leak.bytesPerReuse)} when reused`,
      met: null,
    },
  ];
}

function startupFigures(results: StartupFigures[]): BenchFigure[] {
  return results.map((s) => ({
    id: "P6",
    figure: `start to /healthz 200, migrations applied: \`${s.build === "npm" ? "npm start" : serverCommandLine(s.build)}\``,
    goal: "< 1.5 s",
    measured: `${seconds(s.medianMs)} median of ${s.starts} (max ${seconds(s.maxMs)})`,
    met: s.medianMs < 1500,
  }));
}

function faultFigures(f: FaultFigures): BenchFigure[] {
  return [
    {
      id: "P7",
      figure: `webhook request's worst wait while the Bot API drops every socket (${f.droppedWrites} people write)`,
      goal: "< 5 s",
      measured: ms(f.worstWaitMs),
      met: f.worstWaitMs < 5000,
    },
    {
      id: "P7",
      figure: `SIGTERM while ${f.keepAliveClients} keep-alive clients send requests`,
      goal: "exit 0 within 10 s",
      measured: `exit ${f.sigtermExitCode ?? "by signal"} after ${ms(f.sigtermExitMs)}`,
      met: f.sigtermExitCode === 0 && f.sigtermExitMs < 10_000,
    },
    {
      id: "P7",
      figure: `kill -9 mid-dispatch and restart, ${f.restartChats} chats at 1 message per chat per second: closest two messages to one chat`,
      goal: "≥ 1 s, 0 lost",
      measured: `${ms(f.restartMinGapMs)}, ${f.restartLost} lost`,
      met: f.restartMinGapMs >= 1000 * 0.98 && f.restartLost === 0,
    },
  ];
}

function teamsFigures(t: TeamsFigures): BenchFigure[] {
  return [
    {
      id: "Teams",
      figure: "Teams turn (agenda) through botbuilder to a fake connector, 4 in flight",
      goal: "report",
      measured: `p99 ${ms(t.p99Ms)} (p50 ${ms(t.p50Ms)}, ${perSecond(t.turnsPerSecond)}${t.failed > 0 ? `, ${t.failed} failed` : ""})`,
      met: null,
    },
  ];
}

export function benchFigures(results: BenchResults): BenchFigure[] {
  return [
    ...(results.webhook ? webhookFigures(results.webhook) : []),
    ...(results.outsideWebhook ? outsideWebhookFigures(results.outsideWebhook) : []),
    ...(results.dispatch ? dispatchFigures(results.dispatch) : []),
    ...(results.claim ? claimFigures(results.claim) : []),
    ...(results.memory ? memoryFigures(results.memory) : []),
    ...(results.memoryV8Defaults ? memoryFigures(results.memoryV8Defaults) : []),
    ...(results.sqliteLeak ? sqliteLeakFigures(results.sqliteLeak) : []),
    ...(results.startup ? startupFigures(results.startup) : []),
    ...(results.faults ? faultFigures(results.faults) : []),
    ...(results.teams ? teamsFigures(results.teams) : []),
  ];
}

export function benchReport(results: BenchResults, date = new Date()): string {
  return [`Measured ${date.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineLine()}.`, "", figureTable(benchFigures(results))].join("\n");
}

export const docPath = join(repoRoot, "docs", "benchmarks.md");
const BEGIN = "<!-- bench:begin (written by npm run bench) -->";
const END = "<!-- bench:end -->";

/** Replaces the generated part of docs/benchmarks.md (or creates the doc with it). */
export function writeReport(report: string, path = docPath): void {
  const block = `${BEGIN}\n${report}\n${END}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = begin >= 0 && end > begin ? `${current.slice(0, begin)}${block}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY ? (process.env.BENCH_ONLY.split(",").map((id) => id.trim()) as BenchId[]) : allBenches;
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (postgres) process.env.TEST_POSTGRES_URL = postgres;
  process.stdout.write(`${machineLine()}\n`);
  const results = await runBenches(defaultSizes(), only, (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`));
  const report = benchReport(results);
  process.stdout.write(`\n${report}\n`);
  if (only.length === allBenches.length) {
    writeReport(report);
    process.stdout.write(`\nwritten to ${docPath}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    // Keep-alive sockets of the fakes must not hold the process open.
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
