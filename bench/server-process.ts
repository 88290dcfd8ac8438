/**
 * The real server as a child process, for the start-up and memory benchmarks: spawn it, wait for `/healthz`, read its
 * resident set size, stop it. It runs built as `npm start` runs it (package.json: `node <flags> dist/app/main.js`), or
 * from the sources as `npm run start:source` runs it (`node <flags> --import tsx src/app/main.ts`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const builtMain = join(repoRoot, "dist", "app", "main.js");

export type ServerBuild = "tsx" | "dist";

/** What follows the node flags in each start script of package.json. */
const scriptTails: Record<ServerBuild, { script: string; tail: string[] }> = {
  tsx: { script: "start:source", tail: ["--import", "tsx", "src/app/main.ts"] },
  dist: { script: "start", tail: ["dist/app/main.js"] },
};

/**
 * The node flags (V8 heap limits, thread pool size, `--optimize-for-size`; docs/benchmarks.md, P5) of `npm start`
 * (dist) or `npm run start:source` (tsx), read from package.json so that the benchmarks measure what those scripts run.
 * Each script must stay `exec node [--flags…] <its tail>` (`exec`: npm's shell hands signals to node); anything
 * else stops the benchmark instead of measuring something else.
 */
export function startFlags(build: ServerBuild): string[] {
  const { script, tail } = scriptTails[build];
  const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const words = (packageJson.scripts?.[script] ?? "").trim().split(/\s+/);
  if (words[0] === "exec") words.shift();
  const flags = words.slice(1, words.length - tail.length);
  if (words[0] !== "node" || words.slice(-tail.length).join(" ") !== tail.join(" ") || !flags.every((flag) => flag.startsWith("--"))) {
    throw new Error(`package.json "${script}" is not "exec node [--flags…] ${tail.join(" ")}": ${words.join(" ")}`);
  }
  return flags;
}

/** The node arguments of the server (run in the repository, as npm runs the scripts); `flags` default to its script's. */
export function serverCommand(build: ServerBuild, flags: readonly string[] = startFlags(build)): string[] {
  return [...flags, ...scriptTails[build].tail];
}

/** The command line as a person would type it in the repository, for the report. */
export function serverCommandLine(build: ServerBuild, flags: readonly string[] = startFlags(build)): string {
  return ["node", ...serverCommand(build, flags)].join(" ");
}

/** The newest modification time of the files under `dir`, in ms. */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `npm run build` has produced dist/ since the sources last changed (a stale build is not measured). */
export const hasBuiltServer = (): boolean => existsSync(builtMain) && statSync(builtMain).mtimeMs >= newestChange(join(repoRoot, "src"));

/** A free TCP port on loopback (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  address: string;
  /** ms from spawn to the first `/healthz` 200. */
  startMs: number;
  /** Resident set size in bytes (Linux: VmRSS of /proc/<pid>/status). */
  rss(): number;
  stop(): Promise<void>;
}

/** Resident set size of a process in bytes; NaN where /proc is missing. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function healthy(address: string): Promise<boolean> {
  try {
    const response = await fetch(`${address}/healthz`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts the server (or `script`) with `env` (added to a minimal environment) and resolves once `/healthz` answers
 * 200; with the flags of its start script (`npm start`, `npm run start:source`) unless `nodeFlags` are given.
 */
export async function startServerProcess(
  build: ServerBuild,
  env: Record<string, string>,
  options: {
    timeoutMs?: number;
    nodeFlags?: readonly string[];
    viaNpm?: boolean;
    /** Another script (relative to the repository) to run with the flags instead of the server: P1's bare bot. */
    script?: string;
  } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // viaNpm: `npm start` as a person types it (npm itself and the prestart check of dist/ included).
  const flags = options.nodeFlags ?? startFlags(build);
  const nodeArgs = options.script ? [...flags, options.script] : serverCommand(build, flags);
  const [file, args] = options.viaNpm ? ["npm", ["start", "--silent"]] : [process.execPath, nodeArgs];
  const child = spawn(file, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = started + (options.timeoutMs ?? 60_000);
  while (!(await healthy(address))) {
    if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode} before it was healthy: ${stderr}`);
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server was not healthy within ${options.timeoutMs ?? 60_000} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startMs = performance.now() - started;
  return {
    child,
    address,
    startMs,
    rss: () => residentBytes(child.pid ?? -1),
    async stop() {
      if (exitCode === undefined) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
