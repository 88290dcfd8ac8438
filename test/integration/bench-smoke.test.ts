import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchFigures, benchReport, runBenches, writeReport, type BenchResults, type BenchSizes } from "../../bench/run.ts";
import { serverCommandLine, startFlags } from "../../bench/server-process.ts";
import { databaseKinds } from "../support/databases.ts";

/**
 * Every benchmark of `npm run bench` once with tiny sizes, so the benchmark code cannot rot: each figure comes out
 * as a number and the table renders. The figures themselves are not judged here (that is what `npm run bench`
 * is for, on a quiet machine).
 */
const tiny: BenchSizes = {
  webhook: { updatesPerRound: 20, rounds: 1, warmUpUpdates: 10, concurrency: 4, managers: 2, latencyRate: 40, latencySeconds: 0.5 },
  outsideWebhook: { updatesPerRound: 10, rounds: 1, warmUpUpdates: 5, concurrency: 4 },
  dispatch: { rates: [20], seconds: 1 },
  claim: { pending: 500, claims: 5, batch: 10, kinds: databaseKinds() },
  memory: { clientCounts: [20, 40], remindersPerClient: 2, clientsPerManager: 10, updates: 10, concurrency: 2, build: "tsx" },
  memoryV8Defaults: { clientCounts: [40], remindersPerClient: 2, clientsPerManager: 10, updates: 10, concurrency: 2, build: "tsx", nodeFlags: [] },
  sqliteLeak: { runs: 2000 },
  startup: { starts: 1, builds: ["tsx"] },
  faults: { droppedWrites: 2, keepAliveClients: 2, restartChats: 2 },
  teams: { managers: 2, turns: 10, concurrency: 2 },
};

let results: BenchResults;

beforeAll(async () => {
  results = await runBenches(tiny);
}, 240_000);

describe("npm run bench, smoke-sized", () => {
  it("measures every figure as a finite number", () => {
    const webhook = results.webhook;
    expect(webhook).toBeDefined();
    for (const value of [webhook?.lotse.updatesPerSecond, webhook?.bare.updatesPerSecond, webhook?.ratio, webhook?.lotse.p99Ms, webhook?.openLoop.p99Ms]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(webhook?.openLoop.non200).toBe(0);
    expect(webhook?.fakeApiViolations).toBe(0);
    expect(webhook?.lotseReplies).toBeGreaterThanOrEqual(tiny.webhook.updatesPerRound * tiny.webhook.rounds);

    const [dispatch] = results.dispatch ?? [];
    expect(dispatch?.sent).toBe(dispatch?.messages);
    expect(Number.isFinite(dispatch?.achievedPerSecond)).toBe(true);
    expect(dispatch?.perChatViolations).toBe(0);

    expect(results.claim?.map((claim) => claim.database)).toEqual(databaseKinds().map((kind) => kind.name));
    for (const claim of results.claim ?? []) expect(Number.isFinite(claim.p99Ms)).toBe(true);

    expect(results.memory).toHaveLength(2);
    expect(results.memoryV8Defaults).toHaveLength(1);
    // The main rows run the server with the node flags of `npm start`, the other one without any.
    expect(results.memory?.[0]?.command).toMatch(/^node --\S+.* --import tsx src\/app\/main\.ts$/);
    expect(results.memoryV8Defaults?.[0]?.command).toBe("node --import tsx src/app/main.ts");
    for (const memory of [...(results.memory ?? []), ...(results.memoryV8Defaults ?? [])]) {
      expect(memory.loadedRss).toBeGreaterThan(0);
      expect(memory.failed).toBe(0);
      expect(memory.replies).toBeGreaterThanOrEqual(memory.updates);
    }

    expect(results.startup?.[0]?.medianMs).toBeGreaterThan(0);
    expect(Number.isFinite(results.sqliteLeak?.bytesPerPrepare)).toBe(true);
    expect(Number.isFinite(results.teams?.p99Ms)).toBe(true);
    expect(results.teams?.failed).toBe(0);
    expect(Number.isFinite(results.faults?.worstWaitMs)).toBe(true);
    expect(results.faults?.sigtermExitCode).toBe(0);
  });

  // It runs what `npm run build` produced and builds nothing itself: without a current dist/ it says so instead.
  it("measures P1 from outside with the built server and a bare bot, each a process of its own", (context) => {
    const outside = results.outsideWebhook;
    if (!outside) throw new Error("P1 from outside did not run");
    if ("skipped" in outside) {
      expect(benchFigures(results).find((figure) => figure.measured === `skipped: ${outside.skipped}`)?.met).toBeNull();
      // The skip note shows only in verbose reports; the line shows in every run's output.
      process.stdout.write(`\n[lotse] bench smoke: P1 from outside skipped: ${outside.skipped}\n`);
      return context.skip(`P1 from outside: ${outside.skipped}`);
    }
    expect(outside.lotseCommand).toBe(serverCommandLine("dist"));
    expect(outside.bareCommand).toBe(`node ${startFlags("dist").join(" ")} bench/bare-bot.js`);
    for (const figures of [outside.lotse, outside.bare]) {
      for (const value of [figures.updatesPerSecond, figures.p50Ms, figures.p99Ms, figures.cpuMsPerUpdate, figures.benchCpuMsPerUpdate]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
    expect(Number.isFinite(outside.ratio)).toBe(true);
    expect(outside.fakeApiViolations).toBe(0);
  });

  it("renders one table row per figure, each with its goal and verdict", () => {
    const figures = benchFigures(results);
    const report = benchReport(results);
    expect(figures.map((figure) => figure.id)).toEqual(expect.arrayContaining(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "Teams"]));
    expect(report).toMatch(/^Measured .* UTC on \d+ cores/);
    for (const figure of figures) {
      expect(figure.measured).not.toContain("NaN");
      expect(report).toContain(`| ${figure.id} | ${figure.figure} | ${figure.goal} | ${figure.measured} |`);
    }
  });
});

describe("the report in docs/benchmarks.md", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lotse-bench-doc-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("replaces only the generated table and keeps the prose around it", () => {
    const path = join(dir, "benchmarks.md");
    writeFileSync(path, "# Benchmarks\n\nHow to run.\n\n<!-- bench:begin (written by npm run bench) -->\nold table\n<!-- bench:end -->\n\nWhat limits it.\n");
    writeReport("new table", path);
    const text = readFileSync(path, "utf8");
    expect(text).toContain("How to run.");
    expect(text).toContain("What limits it.");
    expect(text).toContain("new table");
    expect(text).not.toContain("old table");
  });
});

describe("the start scripts the benchmarks measure", () => {
  it("run the build (npm start) and the sources (npm run start:source) with the same node flags", () => {
    expect(startFlags("tsx").length).toBeGreaterThan(0);
    expect(startFlags("dist")).toEqual(startFlags("tsx"));
    expect(serverCommandLine("dist")).toBe(`node ${startFlags("tsx").join(" ")} dist/app/main.js`);
  });
});
