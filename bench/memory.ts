/**
 * P5 memory: resident set size of the real server (a child process, run as `npm start` runs it when
 * `npm run build` is newer than the sources, else as `npm run start:source`: with the scripts' node flags, see
 * server-process.ts) on a SQLite
 * database seeded with `clients` open cases (each linked on Telegram, assigned to a manager) and 10 pending
 * reminders per client, after serving webhook load: managers asking for /agenda, /clients and /review, clients for
 * /appointments. Run at two sizes to show whether memory grows with the data (it should not: nothing is held per
 * client in memory).
 *
 *   node --import tsx bench/memory.ts
 */
import { pathToFileURL } from "node:url";
import { migrate } from "../src/store/migrator.ts";
import { createPrismaStore } from "../src/store/prisma-store.ts";
import { databaseKinds } from "../test/support/databases.ts";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { hasBuiltServer, serverCommandLine, startServerProcess, type ServerBuild } from "./server-process.ts";
import { BENCH_DATA_KEY } from "./startup.ts";
import { clientChat, managerChat, seedScale } from "./seed-scale.ts";
import { inParallel } from "./support.ts";
import { post, SECRET, textUpdate, TOKEN } from "./webhook.ts";

export interface MemoryBenchOptions {
  /** Sizes to measure, in clients; reminders are `remindersPerClient` × clients. */
  clientCounts: number[];
  remindersPerClient: number;
  clientsPerManager: number;
  /** Webhook updates served before the reading. */
  updates: number;
  concurrency: number;
  build: ServerBuild;
  /** Node flags of the server; those of its start script (package.json) when not given, none with `[]` (V8's defaults). */
  nodeFlags?: readonly string[];
  /** NODE_OPTIONS of the server, for experiments on top of the flags (e.g. "--max-semi-space-size=4"). */
  nodeOptions?: string;
}

export interface MemoryFigures {
  build: ServerBuild;
  /** The server's command line (with its node flags). */
  command: string;
  nodeOptions: string | null;
  clients: number;
  reminders: number;
  seedSeconds: number;
  /** RSS right after start (bytes). */
  idleRss: number;
  /** RSS after the load (bytes). */
  loadedRss: number;
  /** Highest RSS sampled during the load (bytes). */
  peakRss: number;
  updates: number;
  failed: number;
  /** Messages the server sent to the fake Bot API while serving the load (a check that the load did work). */
  replies: number;
}

const managerCommands = ["/agenda", "/clients", "/review"];

async function measureSize(clients: number, options: MemoryBenchOptions): Promise<MemoryFigures> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite database kind");
  const database = await sqlite.create();
  const fake = new FakeTelegram(TOKEN);
  await fake.start();
  try {
    await migrate(database.target);
    const managers = Math.max(1, Math.ceil(clients / options.clientsPerManager));
    const reminders = clients * options.remindersPerClient;
    const seeding = performance.now();
    const store = createPrismaStore(database.target);
    try {
      await seedScale(store, { managers, clients, reminders });
    } finally {
      await store.close();
    }
    const seedSeconds = (performance.now() - seeding) / 1000;
    const server = await startServerProcess(
      options.build,
      {
        DATABASE_URL: database.url,
        LOTSE_DATA_KEY: BENCH_DATA_KEY,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_WEBHOOK_URL: "https://bench.example.org/telegram",
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      },
      options.nodeFlags ? { nodeFlags: options.nodeFlags } : {},
    );
    try {
      const idleRss = server.rss();
      let peakRss = idleRss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, server.rss());
      }, 50);
      let failed = 0;
      const updates = Array.from({ length: options.updates }, (_, i) =>
        i % 2 === 0
          ? textUpdate(managerChat(Math.floor(i / 2) % managers), managerCommands[Math.floor(i / 2) % managerCommands.length] ?? "/agenda")
          : textUpdate(clientChat((i * 7919) % Math.max(1, clients)), "/appointments"),
      );
      await inParallel(updates, options.concurrency, async (body) => {
        const answer = await post(`${server.address}/telegram`, body);
        if (answer.status !== 200) failed += 1;
      });
      clearInterval(sampler);
      const loadedRss = server.rss();
      const replies = fake.sends().length;
      return {
        build: options.build,
        command: serverCommandLine(options.build, options.nodeFlags),
        nodeOptions: options.nodeOptions ?? null,
        clients,
        reminders,
        seedSeconds,
        idleRss,
        loadedRss,
        peakRss: Math.max(peakRss, loadedRss),
        updates: options.updates,
        failed,
        replies,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await fake.stop();
    await database.drop();
  }
}

export async function runMemoryBench(options: MemoryBenchOptions): Promise<MemoryFigures[]> {
  const results: MemoryFigures[] = [];
  for (const clients of options.clientCounts) results.push(await measureSize(clients, options));
  return results;
}

export const defaultMemoryBenchOptions: MemoryBenchOptions = {
  clientCounts: [10_000, Number(process.env.BENCH_CLIENTS ?? 100_000)],
  remindersPerClient: 10,
  clientsPerManager: 100,
  updates: Number(process.env.BENCH_MEMORY_UPDATES ?? 3000),
  concurrency: 8,
  // What a production server runs once `npm run build` has been done; else the tsx start of the README.
  build: hasBuiltServer() ? "dist" : "tsx",
  ...(process.env.BENCH_MEMORY_FLAGS !== undefined ? { nodeFlags: process.env.BENCH_MEMORY_FLAGS.split(/\s+/).filter(Boolean) } : {}),
  ...(process.env.BENCH_MEMORY_NODE_OPTIONS ? { nodeOptions: process.env.BENCH_MEMORY_NODE_OPTIONS } : {}),
};

export const mib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MB` : "n/a");

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await runMemoryBench(defaultMemoryBenchOptions);
  for (const r of results) {
    process.stdout.write(
      `${r.command}${r.nodeOptions ? ` (NODE_OPTIONS=${r.nodeOptions})` : ""}: ${r.clients} clients, ${r.reminders} reminders (seeded in ${r.seedSeconds.toFixed(1)} s): idle ${mib(r.idleRss)}, after ${r.updates} updates ${mib(r.loadedRss)}, peak ${mib(r.peakRss)}, failed ${r.failed}, replies ${r.replies}\n`,
    );
  }
}
