import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Agent, request as httpRequest } from "node:http";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const mainModule = join(repoRoot, "src/app/main.ts");
// `--import tsx` resolves from the working directory; the servers run in empty temp dirs, so name the loader by path.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const DATA_KEY = Buffer.from("lotse-e2e-test-key-0123456789abc").toString("base64");
const EXIT_WAIT_MS = 10_000;
const TELEGRAM_TOKEN = "123456789:AAFakeTokenForTheLotseShutdownTests_x";
const WEBHOOK_SECRET = "lotse-webhook-secret-shutdown-0123456789";
const METRICS_TOKEN = "lotse-e2e-metrics-token-0123456789";
const withToken = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
const LOG_WAIT_MS = 30_000;

type LogLine = Record<string, unknown> & { msg?: string; level?: number };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server process with its parsed JSON log lines and its stderr. */
interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  cwd: string;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<Exit>;
  /** Resolves with the first log line (already seen or still to come) that matches; rejects when the process ends first. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
}

const running = new Set<ServerProcess>();
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lotse-e2e-"));
  tempDirs.push(dir);
  return dir;
}

/** The server as `node --import tsx src/app/main.ts`, or through another command (`npm start`). */
function startServer(
  env: Record<string, string>,
  cwd = tempDir(),
  command: { file: string; args: string[] } = { file: process.execPath, args: ["--import", tsxLoader, mainModule] },
): ServerProcess {
  const child = spawn(command.file, command.args, {
    cwd,
    // A clean environment: nothing from the developer's shell (DATABASE_URL, LOTSE_DATA_KEY, …) leaks in.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, NODE_ENV: "test", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout }).on("line", (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text, notJson: true };
    }
    logs.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<Exit>((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal })));
  const server: ServerProcess = {
    child,
    cwd,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog(match) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolveLine, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${LOG_WAIT_MS} ms; stderr: ${stderr}`)), LOG_WAIT_MS);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolveLine(line);
          },
        });
        void exited.then((exit) => {
          clearTimeout(timer);
          reject(new Error(`server exited (${exit.code ?? exit.signal}) before the expected log line; stderr: ${stderr}`));
        });
      });
    },
  };
  running.add(server);
  void exited.then(() => running.delete(server));
  return server;
}

async function listeningAddress(server: ServerProcess): Promise<string> {
  const line = await server.waitForLog((l) => l.msg === "lotse is listening");
  expect(line.address).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/));
  return line.address as string;
}

/** Waits for the process to end, at most `ms`. */
function exitWithin(server: ServerProcess, ms: number): Promise<Exit> {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`process still running after ${ms} ms`)), ms);
    void server.exited.then((exit) => {
      clearTimeout(timer);
      resolveExit(exit);
    });
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (server) => {
      server.child.kill("SIGKILL");
      await server.exited;
    }),
  );
}

afterAll(async () => {
  await stopAll();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

for (const kind of databaseKinds()) {
  describe(`lotse server on ${kind.name}`, () => {
    let server: ServerProcess;
    let base: string;
    let db: TestDatabase | undefined;

    beforeAll(async () => {
      // SQLite: no DATABASE_URL at all, so the default ./data/lotse.db is used; PostgreSQL: a fresh database.
      const databaseEnv: Record<string, string> = {};
      if (kind.name === "postgresql") {
        db = await kind.create();
        databaseEnv.DATABASE_URL = db.url;
      }
      server = startServer({ PORT: "0", LOTSE_DATA_KEY: DATA_KEY, LOTSE_METRICS_TOKEN: METRICS_TOKEN, ...databaseEnv });
      base = await listeningAddress(server);
    });

    afterAll(async () => {
      await stopAll();
      await db?.drop();
    });

    if (kind.name === "sqlite") {
      it("creates ./data/lotse.db in its working directory when DATABASE_URL is not set", () => {
        expect(existsSync(join(server.cwd, "data/lotse.db"))).toBe(true);
      });
    }

    it("writes no key file when LOTSE_DATA_KEY is set", () => {
      expect(existsSync(join(server.cwd, "data/lotse.key"))).toBe(false);
    });

    it("logs that the database is ready, as JSON", () => {
      expect(server.logs.find((l) => l.msg === "database ready")).toMatchObject({ provider: kind.name, service: "lotse" });
      expect(server.logs.filter((l) => l.notJson)).toEqual([]);
    });

    it("GET /healthz answers 200 with the database kind", async () => {
      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok", database: kind.name });
    });

    it("GET /readyz answers 200 with every migration applied and whether this instance leads the dispatcher", async () => {
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { leader: unknown };
      expect(body).toMatchObject({ status: "ready", database: kind.name, pendingMigrations: [] });
      expect(typeof body.leader).toBe("boolean");
    });

    it("GET /metrics answers 401 without the bearer token of LOTSE_METRICS_TOKEN", async () => {
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
    });

    it("GET /metrics answers Prometheus text with the request counter", async () => {
      await fetch(`${base}/healthz`);
      const response = await fetch(`${base}/metrics`, withToken);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain("# TYPE lotse_http_requests_total counter");
      expect(text).toMatch(/^lotse_http_requests_total\{route="\/healthz",method="GET",status="200"\} [1-9]\d*$/m);
      // Delivery, read from the database at each scrape: nothing is due on a fresh database.
      expect(text).toMatch(/^lotse_outbox_due 0$/m);
      expect(text).toMatch(/^lotse_outbox_oldest_due_age_seconds 0$/m);
      expect(text).toContain("# TYPE lotse_sends_total counter");
    });

    it("answers malformed JSON on POST /telegram with 400 and keeps serving", async () => {
      const response = await fetch(`${base}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"update_id": 1, "message": ',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "malformed request" });
      expect(server.child.exitCode).toBeNull();
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
    });

    it("refuses a body over 1 MiB with 413", async () => {
      const body = JSON.stringify({ update_id: 1, padding: "x".repeat(1024 * 1024) });
      const response = await fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: "body too large" });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });

    it("answers an unknown path with 404", async () => {
      const response = await fetch(`${base}/no/such/page`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not found" });
      // unknown paths share one metrics label, so scanners cannot blow up the number of series
      const metrics = await (await fetch(`${base}/metrics`, withToken)).text();
      expect(metrics).not.toContain("/no/such/page");
      expect(metrics).toMatch(/^lotse_http_requests_total\{route="unmatched",method="GET",status="404"\} [1-9]/m);
    });

    it("never logs request bodies", async () => {
      // Bodies of its own (malformed, and too large), so that the check does not rest on what other tests posted.
      const post = (body: string) => fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect((await post('{"update_id": 1, "message": ')).status).toBe(400);
      expect((await post(JSON.stringify({ update_id: 2, padding: "x".repeat(1024 * 1024) }))).status).toBe(413);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(JSON.stringify(server.logs)).not.toContain('"update_id"');
      expect(server.stderr()).toBe("");
    });

    it("stops on SIGTERM with exit code 0 within 10 s", async () => {
      server.child.kill("SIGTERM");
      const exit = await exitWithin(server, EXIT_WAIT_MS);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(server.logs.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM")).toBe(true);
    });
  });
}

describe("lotse server start-up", () => {
  // `npm start` compiles first when dist/ is older than the sources (its prestart step): do that here, outside the
  // test's wait for the server (CI builds before the tests, so there it finds dist/ up to date at once).
  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(repoRoot, "scripts/build.js"), "--if-stale"], { cwd: repoRoot, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  }, 300_000);
  afterEach(stopAll);

  it("npm start prints the playground's address in one plain line and hands SIGTERM to the server itself: it shuts down in order and nothing keeps serving", async () => {
    const dir = tempDir();
    const server = startServer({ PORT: "0", LOTSE_DATA_KEY: DATA_KEY, DATABASE_URL: `file:${join(dir, "lotse.db")}` }, repoRoot, {
      file: "npm",
      args: ["start", "--silent"],
    });
    const base = await listeningAddress(server);
    // Without Telegram or Teams credentials: the playground, and one plain line with its address for the person.
    const plain = await server.waitForLog((l) => l.notJson === true);
    expect(plain.msg).toBe(`Lotse playground: ${base}/`);
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await exitWithin(server, EXIT_WAIT_MS)).toMatchObject({ code: 0 });
    expect(server.logs.some((l) => typeof l.msg === "string" && l.msg.startsWith("stopped:"))).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("SIGTERM while a request is in flight on a keep-alive connection: the request is answered, then exit 0, everything closed", async () => {
    const fake = new FakeTelegram(TELEGRAM_TOKEN);
    await fake.start();
    try {
      const server = startServer({
        PORT: "0",
        LOTSE_DATA_KEY: DATA_KEY,
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_WEBHOOK_URL: "https://lotse.example.org/telegram",
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      const base = await listeningAddress(server);
      await fake.waitForCalls(1, "setWebhook");
      let release!: () => void;
      fake.failNext("sendMessage", { hold: new Promise<void>((resolve) => (release = resolve)) });
      const agent = new Agent({ keepAlive: true });
      const answered = new Promise<number>((resolveStatus, reject) => {
        const request = httpRequest(`${base}/telegram`, {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
        });
        request.on("response", (response) => {
          response.resume();
          response.on("end", () => resolveStatus(response.statusCode ?? 0));
        });
        request.on("error", reject);
        const update = {
          update_id: 1,
          message: { message_id: 1, date: 1, chat: { id: 5, type: "private" }, from: { id: 5, is_bot: false, first_name: "A" }, text: "/help" },
        };
        request.end(JSON.stringify(update));
      });
      await fake.waitForCalls(1, "sendMessage");
      server.child.kill("SIGTERM");
      await server.waitForLog((l) => l.msg === "shutting down");
      release();
      expect(await answered).toBe(200);
      expect(await exitWithin(server, EXIT_WAIT_MS)).toEqual({ code: 0, signal: null });
      expect(server.logs.some((l) => typeof l.msg === "string" && l.msg.startsWith("stopped:"))).toBe(true);
      agent.destroy();
    } finally {
      await fake.stop();
    }
  });

  it("refuses PORT=abc with exit code 1 and a message naming PORT", async () => {
    const server = startServer({ PORT: "abc", LOTSE_DATA_KEY: DATA_KEY });
    const exit = await exitWithin(server, LOG_WAIT_MS);
    expect(exit.code).toBe(1);
    expect(server.stderr()).toMatch(/^lotse: configuration: PORT: /m);
    expect(server.logs.some((l) => l.msg === "lotse is listening")).toBe(false);
    expect(existsSync(join(server.cwd, "data"))).toBe(false);
  });

  it("reports every configuration problem, one line each", async () => {
    const server = startServer({ PORT: "abc", LOTSE_TIMEZONE: "Mars/Olympus", LOTSE_DATA_KEY: "c2hvcnQ=" });
    const exit = await exitWithin(server, LOG_WAIT_MS);
    expect(exit.code).toBe(1);
    const lines = server.stderr().trim().split("\n");
    expect(lines.map((l) => /^lotse: configuration: (\w+):/.exec(l)?.[1]).sort()).toEqual(["LOTSE_DATA_KEY", "LOTSE_TIMEZONE", "PORT"]);
  });

  it("without LOTSE_DATA_KEY creates data/lotse.key in its working directory with a warning, and reuses it", async () => {
    const cwd = tempDir();
    const first = startServer({ PORT: "0" }, cwd);
    await listeningAddress(first);
    const keyFile = join(cwd, "data/lotse.key");
    expect(existsSync(keyFile)).toBe(true);
    const key = readFileSync(keyFile, "utf8").trim();
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    const warning = await first.waitForLog((l) => l.level === 40 && String(l.msg).includes("LOTSE_DATA_KEY"));
    expect(warning.msg).toMatch(/generated a development key file/);
    first.child.kill("SIGTERM");
    expect((await exitWithin(first, EXIT_WAIT_MS)).code).toBe(0);

    const second = startServer({ PORT: "0" }, cwd);
    await listeningAddress(second);
    expect(readFileSync(keyFile, "utf8").trim()).toBe(key);
    expect(second.logs.some((l) => l.level === 40 && String(l.msg).includes("generated"))).toBe(false);
  });

  it("exits with code 1 and a message when the database URL cannot be used", async () => {
    const cwd = tempDir();
    const server = startServer({ PORT: "0", LOTSE_DATA_KEY: DATA_KEY, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" }, cwd);
    const exit = await exitWithin(server, LOG_WAIT_MS);
    expect(exit.code).toBe(1);
    expect(server.stderr()).toMatch(/^lotse: failed to start: /m);
  });
});

const postgresKind = databaseKinds().find((k) => k.name === "postgresql");

describe.runIf(postgresKind)("lotse server health when PostgreSQL goes away", () => {
  afterEach(stopAll);

  it("answers /healthz with 503 once its database is dropped", async () => {
    const db = await postgresKind!.create();
    try {
      const server = startServer({ PORT: "0", LOTSE_DATA_KEY: DATA_KEY, LOTSE_METRICS_TOKEN: METRICS_TOKEN, DATABASE_URL: db.url });
      const base = await listeningAddress(server);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE ${new URL(db.url).pathname.slice(1)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }

      const response = await fetch(`${base}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "postgresql" });
      // still serving, and says so in its log
      expect((await fetch(`${base}/metrics`, withToken)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      await server.waitForLog((l) => l.msg === "health check: database not answering");
    } finally {
      await db.drop();
    }
  });
});
