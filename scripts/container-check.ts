/**
 * The container image's steps without Docker (CI runs this; the daemon is not available everywhere):
 *
 *   node --import tsx scripts/container-check.ts
 *
 * It reads the Dockerfile and does what its stages do: `npm ci --omit=dev` into a temporary directory (the deps stage;
 * fails on an EBADENGINE warning), `npm run build` (the build stage), then the runtime stage's COPY lines into a
 * temporary /app; starts its CMD with its ENV (a temporary SQLite file instead of /data), waits for /healthz, runs its
 * HEALTHCHECK command and `lotse backup` through bin/lotse.js (without tsx, as in the image), sends SIGTERM and
 * expects exit 0. A real `docker build` checks the same file where a daemon runs.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface DockerCopy {
  from?: string;
  sources: string[];
  dest: string;
}

export interface DockerStage {
  name: string;
  base: string;
  env: Record<string, string>;
  copies: DockerCopy[];
  runs: string[];
  user?: string;
  healthcheck?: string[];
  cmd: string[];
}

/** The instructions this project's Dockerfile uses (FROM … AS, ARG, ENV k=v, COPY [--from], RUN, USER, HEALTHCHECK, CMD). */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: DockerStage[] } {
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  for (const line of lines) {
    const [instruction = "", ...rest] = line.split(/\s+/);
    const body = line.slice(instruction.length).trim();
    const stage = stages.at(-1);
    switch (instruction.toUpperCase()) {
      case "ARG": {
        const [name = "", value = ""] = body.split("=");
        if (!stage) args[name] = value;
        break;
      }
      case "FROM":
        stages.push({ base: rest[0] ?? "", name: rest[2] ?? String(stages.length), env: {}, copies: [], runs: [], cmd: [] });
        break;
      case "ENV": {
        const [name = "", ...value] = body.split("=");
        if (stage) stage.env[name] = value.join("=");
        break;
      }
      case "COPY": {
        const from = /^--from=(\S+)$/.exec(rest[0] ?? "")?.[1];
        const paths = from ? rest.slice(1) : rest;
        stage?.copies.push({ ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1) ?? "" });
        break;
      }
      case "RUN":
        stage?.runs.push(body);
        break;
      case "USER":
        if (stage) stage.user = body;
        break;
      case "HEALTHCHECK":
        if (stage) stage.healthcheck = JSON.parse(body.slice(body.indexOf("CMD") + 3).trim()) as string[];
        break;
      case "CMD":
        if (stage) stage.cmd = JSON.parse(body) as string[];
        break;
    }
  }
  return { args, stages };
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function run(command: string, argv: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === "object" && address ? address.port : 0;
}

async function waitForHealth(url: string, exited: Promise<unknown>, ms: number): Promise<number> {
  const started = performance.now();
  let gone = false;
  void exited.then(() => (gone = true));
  while (performance.now() - started < ms && !gone) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(gone ? "the server exited before /healthz answered" : `/healthz did not answer within ${ms} ms`);
}

async function main(): Promise<void> {
  const { stages } = parseDockerfile(readFileSync(join(root, "Dockerfile"), "utf8"));
  const runtime = stages.at(-1);
  if (!runtime || runtime.cmd[0] !== "node") throw new Error("the Dockerfile's last stage does not run node");
  const dir = mkdtempSync(join(tmpdir(), "lotse-container-"));
  const step = (text: string) => process.stdout.write(`==> ${text}\n`);
  try {
    step("deps stage: npm ci --omit=dev");
    const deps = join(dir, "deps");
    mkdirSync(deps);
    for (const file of ["package.json", "package-lock.json"]) cpSync(join(root, file), join(deps, file));
    const install = run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], deps);
    if (/EBADENGINE/.test(install.stderr + install.stdout)) throw new Error(`npm ci --omit=dev warns about engines:\n${install.stderr}`);

    step("build stage: npm run build");
    run("npm", ["run", "build", "--silent"], root);

    step("runtime stage: COPY");
    const app = join(dir, "app");
    const stageRoots: Record<string, string> = { deps, build: root };
    for (const copy of runtime.copies) {
      for (const source of copy.sources) {
        const from = copy.from ? join(stageRoots[copy.from] ?? "", source.replace(/^\/app\/?/, "")) : join(root, source);
        const dest = resolve(app, copy.dest);
        const target = copy.sources.length > 1 || copy.dest.endsWith("/") ? join(dest, source.split("/").at(-1) ?? "") : dest;
        cpSync(from, target, { recursive: true });
      }
    }

    step(`CMD ${runtime.cmd.join(" ")}`);
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      ...runtime.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dir, "data", "lotse.db")}`,
      LOTSE_DATA_KEY: randomBytes(32).toString("base64"),
    };
    const child = spawn(process.execPath, runtime.cmd.slice(1), { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      const ms = await waitForHealth(`http://127.0.0.1:${port}/healthz`, exited, 60_000);
      step(`/healthz 200 after ${(ms / 1000).toFixed(2)} s`);

      const healthcheck = runtime.healthcheck ?? [];
      const check = spawnSync(process.execPath, healthcheck.slice(1), { cwd: app, env, encoding: "utf8" });
      if (check.status !== 0) throw new Error(`HEALTHCHECK ${healthcheck.join(" ")} exited ${check.status}`);
      step("HEALTHCHECK exits 0");

      const backup = spawnSync(process.execPath, ["bin/lotse.js", "backup", "--out", join(dir, "backup.db")], { cwd: app, env, encoding: "utf8" });
      if (backup.status !== 0) throw new Error(`lotse backup exited ${backup.status}: ${backup.stderr}`);
      step("lotse backup (compiled CLI, no tsx) exits 0");
    } finally {
      child.kill("SIGTERM");
    }
    const code = await Promise.race([exited, new Promise((done) => setTimeout(() => done("timeout"), 15_000))]);
    if (code !== 0) throw new Error(`after SIGTERM: ${String(code)} instead of exit 0\n${output}`);
    step("SIGTERM: exit 0");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.stdout.write("container check: ok\n"),
    (error: unknown) => {
      process.stderr.write(`container check failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
