/**
 * P6 start-up: from process start to `/healthz` 200, with the migrations already applied (a restart, the
 * everyday case). Measures `npm start` as typed (npm, its prestart check, the built server), the built
 * `dist/app/main.js` directly (the container's CMD) when `npm run build` has produced it, and the sources through tsx
 * (`npm run start:source`). Each start is a fresh process; the median and the
 * slowest of `starts` are reported.
 *
 *   node --import tsx bench/startup.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { migrate } from "../src/store/migrator.ts";
import { parseDatabaseUrl } from "../src/store/database-url.ts";
import { hasBuiltServer, startServerProcess, type ServerBuild } from "./server-process.ts";
import { latencySummary } from "./support.ts";

/** `npm`: `npm start` itself (npm, the prestart check, then the built server). */
export type StartupCommand = ServerBuild | "npm";

export interface StartupBenchOptions {
  starts: number;
  builds: StartupCommand[];
}

export interface StartupFigures {
  build: StartupCommand;
  starts: number;
  medianMs: number;
  maxMs: number;
}

export const BENCH_DATA_KEY = Buffer.from("lotse-bench-process-key-0123456x").toString("base64");

export async function runStartupBench(options: StartupBenchOptions): Promise<StartupFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), "lotse-bench-startup-"));
  const url = `file:${join(dir, "lotse.db")}`;
  try {
    await migrate(parseDatabaseUrl(url));
    const results: StartupFigures[] = [];
    for (const build of options.builds) {
      if (build !== "tsx" && !hasBuiltServer()) continue;
      const times: number[] = [];
      for (let i = 0; i < options.starts; i += 1) {
        const env = { DATABASE_URL: url, LOTSE_DATA_KEY: BENCH_DATA_KEY };
        const server = build === "npm" ? await startServerProcess("dist", env, { viaNpm: true }) : await startServerProcess(build, env);
        times.push(server.startMs);
        await server.stop();
      }
      const summary = latencySummary(times);
      results.push({ build, starts: times.length, medianMs: summary.p50, maxMs: summary.max });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const defaultStartupBenchOptions: StartupBenchOptions = {
  starts: Number(process.env.BENCH_STARTS ?? 5),
  builds: ["npm", "dist", "tsx"],
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await runStartupBench(defaultStartupBenchOptions);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
