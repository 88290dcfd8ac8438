import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PrismaStore } from "../../../src/store/prisma-store.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const workerModule = join(repoRoot, "test/process/support/dispatch-worker.ts");
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface Delivery {
  n: number;
  chat: string;
  worker: string;
  /** ms, from performance.now() of the test process */
  at: number;
}

/** A tiny fake Bot API: records every message (by its number n in the text) and answers 200 with a message id. */
export interface FakeBotApi {
  url: string;
  deliveries: Delivery[];
  /** How often each message number arrived. */
  counts(): Map<number, number>;
  /** How many different messages arrived. */
  distinct(): number;
  /** Resolves once the check holds: checked now and after every delivery (an event, not a poll with a deadline). */
  whenDelivered(check: (api: { deliveries: Delivery[]; distinct: number }) => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const deliveries: Delivery[] = [];
  const seen = new Set<number>();
  let waiters: { check: (api: { deliveries: Delivery[]; distinct: number }) => boolean; done: () => void }[] = [];
  const settle = () => {
    const state = { deliveries, distinct: seen.size };
    waiters = waiters.filter((waiter) => (waiter.check(state) ? (waiter.done(), false) : true));
  };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const parsed = JSON.parse(body) as { chat: string; text: string };
      const n = Number(/ n=(\d+)/.exec(parsed.text)?.[1] ?? -1);
      deliveries.push({ n, chat: parsed.chat, worker: String(request.headers["x-worker"] ?? ""), at: performance.now() });
      seen.add(n);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, result: { message_id: deliveries.length } }));
      settle();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    counts() {
      const counts = new Map<number, number>();
      for (const d of deliveries) counts.set(d.n, (counts.get(d.n) ?? 0) + 1);
      return counts;
    },
    distinct: () => seen.size,
    whenDelivered: (check) =>
      new Promise<void>((done) => {
        waiters.push({ check, done });
        settle();
      }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

type LogLine = Record<string, unknown> & { msg?: string };

export interface Worker {
  pid: number;
  logs: LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  stderr(): string;
  /** Resolves with the first log line (already written or still to come) that matches. */
  whenLogged(match: (line: LogLine) => boolean): Promise<LogLine>;
}

export function startWorker(env: Record<string, string>): Worker {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, ["--import", tsxLoader, workerModule], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? repoRoot, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  let waiters: { match: (line: LogLine) => boolean; done: (line: LogLine) => void }[] = [];
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout }).on("line", (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    logs.push(line);
    waiters = waiters.filter((waiter) => (waiter.match(line) ? (waiter.done(line), false) : true));
  });
  const whenLogged = (match: (line: LogLine) => boolean) =>
    new Promise<LogLine>((done) => {
      const seen = logs.find(match);
      if (seen) done(seen);
      else waiters.push({ match, done });
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once("exit", (code, signal) => done({ code, signal })));
  return { pid: child.pid ?? -1, logs, exited, kill: (signal) => child.kill(signal), stderr: () => stderr, whenLogged };
}

/** The event, unless the worker exits first: then it fails at once with what the worker wrote to stderr. */
export async function beforeExit<T>(worker: Worker, what: string, event: Promise<T>): Promise<T> {
  const exited = worker.exited.then(({ code, signal }) => {
    throw new Error(`worker ${worker.pid} exited (code ${code}, signal ${signal}) before ${what}: ${worker.stderr()}`);
  });
  return Promise.race([event, exited]);
}

/**
 * `count` pending rows due now, message i ("test.msg n=i") to one of `chats` managers, each with a Telegram
 * identity. Straight through Prisma in bulk.
 */
export async function seedOutbox(store: PrismaStore, count: number, chats: number): Promise<void> {
  const t0 = new Date("2027-01-01T00:00:00Z");
  await store.tenants.create({ id: "t1", name: "Landkreis", timezone: "Europe/Berlin", createdAt: t0 });
  for (let c = 0; c < chats; c += 1) {
    const id = `m${c}`;
    await store.managers.create({
      id,
      tenantId: "t1",
      name: `Manager ${c}`,
      role: "manager",
      qualification: null,
      municipalityIds: [],
      aadObjectId: null,
      active: true,
      createdAt: t0,
      // Sends at any hour: these tests run on the real clock, also at night.
      quietHours: "off",
    });
    await store.identities.upsert({
      id: `i${c}`,
      channel: "telegram",
      externalId: `chat${c}`,
      conversationRef: null,
      managerId: id,
      clientId: null,
      locale: "de",
      active: true,
      linkedAt: t0,
      deactivatedAt: null,
    });
  }
  const due = new Date(Date.now() - 60_000);
  for (let start = 0; start < count; start += 1000) {
    const data = [];
    for (let i = start; i < Math.min(count, start + 1000); i += 1) {
      data.push({
        id: `msg${String(i).padStart(6, "0")}`,
        dedupeKey: `test:${i}`,
        tenantId: "t1",
        recipientKind: "manager",
        recipientId: `m${i % chats}`,
        clientId: null,
        messageKey: "test.msg",
        params: JSON.stringify({ n: i }),
        actions: "[]",
        dueAt: new Date(due.getTime() + i),
        status: "pending",
        attempts: 0,
        createdAt: t0,
      });
    }
    await store.db.outboxMessage.createMany({ data });
  }
}

export async function countByStatus(store: PrismaStore): Promise<Record<string, number>> {
  const groups = await store.db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
