import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { createHttpServer } from "../../src/app/http-server.ts";
import { scheduledJobs, type Job } from "../../src/app/jobs.ts";
import { createLogger } from "../../src/app/logger.ts";
import { createMetrics, jobMetricsObserver } from "../../src/app/metrics.ts";
import { databaseKinds, type TestDatabase } from "../support/databases.ts";
import { FakeClock } from "../support/fake-clock.ts";
import { seedClient, seedManager, seedTenant } from "../support/seed.ts";

const DATA_KEY = Buffer.from("lotse-ops-endpoints-key-0123456x").toString("base64");
const TOKEN = "metrics-token-0123456789abcdefghij";
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const kind of databaseKinds()) {
  describe(`/metrics and /readyz over HTTP on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: App;
    let base: string;
    let tenantA: string;
    let tenantB: string;

    beforeAll(async () => {
      db = await kind.create();
      const config = readConfig({ NODE_ENV: "test", DATABASE_URL: db.url, LOTSE_DATA_KEY: DATA_KEY, LOTSE_METRICS_TOKEN: TOKEN });
      if (!config.ok) throw new Error(config.problems.join("; "));
      // A channel sender, so the dispatcher (and with it the leader state) runs as with Telegram configured.
      const sender = { channel: "telegram" as const, send: async () => ({ providerMessageId: "1" }) };
      app = await createApp(config.config, {
        logger: createLogger("silent"),
        clock: new FakeClock("2027-03-01T09:00:00Z"),
        delivery: { senders: { telegram: sender } },
      });
      base = await app.server.listen({ port: 0, host: "127.0.0.1" });
      tenantA = await seedTenant(app.store, "Landratsamt Beispielkreis");
      tenantB = await seedTenant(app.store, "Stadt Musterhausen");
      const eva = await seedManager(app.store, tenantA, "manager", "Eva Muster");
      await seedManager(app.store, tenantA, "supervisor", "Sara Aufsicht");
      const gone = await seedManager(app.store, tenantA, "manager", "Otto Fort");
      await app.store.db.$executeRawUnsafe(`UPDATE "Manager" SET "active" = false WHERE "id" = '${gone.id}'`);
      await seedClient(app.store, tenantA, { managerId: eva.id, name: "Amina Haddad" });
      await seedClient(app.store, tenantA, { managerId: eva.id, name: "Omar Haddad" });
      const closed = await seedClient(app.store, tenantA, { managerId: eva.id, name: "Fatemeh Rahimi" });
      await app.store.db.$executeRawUnsafe(`UPDATE "Client" SET "status" = 'closed' WHERE "id" = '${closed.id}'`);
    });

    afterAll(async () => {
      await app.close();
      await db.drop();
    });

    it("refuses /metrics without the bearer token, or with a wrong one (401)", async () => {
      const none = await fetch(`${base}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await fetch(`${base}/metrics`, { headers: bearer("wrong-token-0123456789abcdefghij") })).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
    });

    it("counts open cases and active staff per tenant by tenant id, without any name", async () => {
      const response = await fetch(`${base}/metrics`, { headers: bearer(TOKEN) });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain(`lotse_active_clients{tenant="${tenantA}"} 2\n`);
      expect(text).toContain(`lotse_active_clients{tenant="${tenantB}"} 0\n`);
      expect(text).toContain(`lotse_active_managers{tenant="${tenantA}"} 2\n`);
      expect(text).toContain(`lotse_active_managers{tenant="${tenantB}"} 0\n`);
      for (const name of ["Amina", "Omar", "Fatemeh", "Eva", "Sara", "Otto", "Beispielkreis", "Musterhausen"]) expect(text).not.toContain(name);
      // beside the delivery metrics
      expect(text).toMatch(/^lotse_outbox_due 0$/m);
    });

    it("/readyz: ready with every migration applied; the dispatcher leads once it ticked", async () => {
      await app.runDueWork();
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ready", database: kind.name, pendingMigrations: [], leader: true });
    });

    it("/readyz: 503 naming the migration that is missing (the database is older than this release)", async () => {
      const [last] = await app.store.db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_lotse_migrations" ORDER BY "name" DESC LIMIT 1`);
      const row = await app.store.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "_lotse_migrations" WHERE "name" = '${last!.name}'`);
      await app.store.db.$executeRawUnsafe(`DELETE FROM "_lotse_migrations" WHERE "name" = '${last!.name}'`);
      try {
        const response = await fetch(`${base}/readyz`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ status: "migrations pending", pendingMigrations: [last!.name] });
        // /healthz only says the process and its database answer
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
      } finally {
        const columns = Object.keys(row[0]!);
        const values = columns.map((column) => {
          const value = row[0]![column];
          return value instanceof Date ? `'${value.toISOString()}'` : typeof value === "string" ? `'${value}'` : String(value);
        });
        await app.store.db.$executeRawUnsafe(`INSERT INTO "_lotse_migrations" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${values.join(", ")})`);
      }
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    });
  });
}

describe("job metrics over HTTP", () => {
  it("count runs by outcome and keep each job's last success; /metrics is off (404) without a token", async () => {
    const logger = createLogger("silent");
    const metrics = createMetrics();
    const clock = new FakeClock("2027-03-01T09:00:00Z");
    let fail = false;
    const jobs: Job[] = [
      { name: "plan-review-nudges", expression: "10 * * * *", run: async () => ({ planned: 1 }) },
      {
        name: "integreat-offers",
        expression: "40 3 * * *",
        run: async () => {
          if (fail) throw new Error("Integreat did not answer");
        },
      },
    ];
    const [nudges, offers] = scheduledJobs(
      jobs,
      logger,
      jobMetricsObserver(metrics, () => clock.now()),
    );
    await nudges!.run();
    await offers!.run();
    clock.advance(60 * 60 * 1000);
    await nudges!.run();
    fail = true;
    await expect(offers!.run()).rejects.toThrow("Integreat did not answer");

    const server = createHttpServer({ logger, metrics, pingDatabase: async () => {}, databaseProvider: "sqlite", metricsToken: TOKEN, routes: [] });
    const off = createHttpServer({ logger, metrics, pingDatabase: async () => {}, databaseProvider: "sqlite", routes: [] });
    try {
      const base = await server.listen({ port: 0, host: "127.0.0.1" });
      const text = await (await fetch(`${base}/metrics`, { headers: bearer(TOKEN) })).text();
      expect(text).toContain('lotse_job_runs_total{job="plan-review-nudges",outcome="success"} 2\n');
      expect(text).toContain('lotse_job_runs_total{job="integreat-offers",outcome="success"} 1\n');
      expect(text).toContain('lotse_job_runs_total{job="integreat-offers",outcome="failure"} 1\n');
      expect(text).toContain(`lotse_job_last_success_timestamp_seconds{job="plan-review-nudges"} ${Date.parse("2027-03-01T10:00:00Z") / 1000}\n`);
      expect(text).toContain(`lotse_job_last_success_timestamp_seconds{job="integreat-offers"} ${Date.parse("2027-03-01T09:00:00Z") / 1000}\n`);
      const offBase = await off.listen({ port: 0, host: "127.0.0.1" });
      const response = await fetch(`${offBase}/metrics`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "metrics are off: set LOTSE_METRICS_TOKEN" });
    } finally {
      await server.close();
      await off.close();
    }
  });
});
