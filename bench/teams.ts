/**
 * A Teams turn: managers linked on Teams type `agenda`; each activity is POSTed to /api/messages, goes through
 * botbuilder's CloudAdapter, the core and the store, and the answer is sent to a fake Bot Framework connector
 * within the turn. The request time is the turn time. Tokens are off (TEAMS_DEV_UNAUTHENTICATED): the token
 * check is Microsoft's code and needs the network.
 *
 *   node --import tsx bench/teams.ts
 */
import { pathToFileURL } from "node:url";
import { createApp, type App } from "../src/app/app.ts";
import { readConfig } from "../src/app/config.ts";
import { createLogger } from "../src/app/logger.ts";
import { operator } from "../src/core/actor.ts";
import { addManager } from "../src/core/setup/add-manager.ts";
import { addTenant } from "../src/core/setup/add-tenant.ts";
import { databaseKinds } from "../test/support/databases.ts";
import { FakeConnector } from "../test/support/fake-connector.ts";
import { BENCH_DATA_KEY } from "./startup.ts";
import { inParallel, latencySummary } from "./support.ts";

export interface TeamsBenchOptions {
  managers: number;
  turns: number;
  concurrency: number;
}

export interface TeamsFigures {
  turns: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Turns that did not answer 200 or sent nothing to the connector. */
  failed: number;
}

const TENANT = "11111111-2222-3333-4444-555555555555";
let nextActivity = 1;

function activity(connector: FakeConnector, manager: number, text: string): string {
  return JSON.stringify({
    type: "message",
    id: `act-${nextActivity++}`,
    channelId: "msteams",
    serviceUrl: `${connector.url}/`,
    timestamp: new Date().toISOString(),
    locale: "de-DE",
    from: { id: `29:bench-${manager}`, name: "Managerin" },
    recipient: { id: "28:lotse-bot", name: "Lotse" },
    conversation: { id: `a:bench-${manager}`, conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
  });
}

async function turn(address: string, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${address}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

export async function runTeamsBench(options: TeamsBenchOptions): Promise<TeamsFigures> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite database kind");
  const database = await sqlite.create();
  const connector = new FakeConnector();
  await connector.start();
  let app: App | null = null;
  try {
    const config = readConfig({ NODE_ENV: "test", DATABASE_URL: database.url, LOTSE_DATA_KEY: BENCH_DATA_KEY, TEAMS_DEV_UNAUTHENTICATED: "true" });
    if (!config.ok) throw new Error(config.problems.join("; "));
    app = await createApp(config.config, { logger: createLogger("silent") });
    const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
    const tenant = await addTenant(app.deps, operator, { name: "Bench-Kreis", timezone: "Europe/Berlin" });
    for (let m = 0; m < options.managers; m += 1) {
      const { invite } = await addManager(app.deps, operator, { tenantId: tenant.id, name: `Managerin ${m}` });
      const linked = await turn(address, activity(connector, m, `link ${invite.code}`));
      if (linked.status !== 200) throw new Error(`linking on Teams answered ${linked.status}`);
    }
    const warmUp = Array.from({ length: Math.min(50, options.turns) }, (_, i) => i % options.managers);
    await inParallel(warmUp, options.concurrency, async (m) => void (await turn(address, activity(connector, m, "agenda"))));
    const before = connector.calls.length;
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    const managers = Array.from({ length: options.turns }, (_, i) => i % options.managers);
    await inParallel(managers, options.concurrency, async (m) => {
      const answer = await turn(address, activity(connector, m, "agenda"));
      if (answer.status !== 200) failed += 1;
      latencies.push(answer.ms);
    });
    const seconds = (performance.now() - started) / 1000;
    failed += Math.max(0, options.turns - (connector.calls.length - before));
    const summary = latencySummary(latencies);
    return { turns: options.turns, turnsPerSecond: options.turns / seconds, p50Ms: summary.p50, p99Ms: summary.p99, maxMs: summary.max, failed };
  } finally {
    await app?.close();
    await connector.stop();
    await database.drop();
  }
}

export const defaultTeamsBenchOptions: TeamsBenchOptions = {
  managers: 20,
  turns: Number(process.env.BENCH_TEAMS_TURNS ?? 1000),
  concurrency: 4,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runTeamsBench(defaultTeamsBenchOptions);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
