import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { JobObserver } from "./jobs.ts";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  /** Outbox sends by channel and outcome: sent, retried, rate_limited (429), failed, blocked (failed for good). */
  sends: Counter<"channel" | "outcome">;
  /** Scheduled job runs by job and outcome (success, failure). */
  jobRuns: Counter<"job" | "outcome">;
  /** When each job last succeeded (Unix seconds); absent until its first success in this process. */
  jobLastSuccess: Gauge<"job">;
  /** How long each job's last run took. */
  jobLastDuration: Gauge<"job">;
}

/** What the per-tenant gauges read at each scrape: counts only, never names. */
export interface TenantGaugeSource {
  tenantActivity(): Promise<{ tenantId: string; openClients: number; activeManagers: number }[]>;
}

export interface MetricsSources {
  outbox?: OutboxGaugeSource;
  tenants?: TenantGaugeSource;
}

/** What the outbox gauges read at each scrape. */
export interface OutboxGaugeSource {
  dueSummary(now: Date): Promise<{ due: number; oldestDueAt: Date | null }>;
  now(): Date;
}

/** Prometheus metrics of this process (one registry per app instance, so tests can run several). */
export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lotse_" });
  if (sources.outbox) registerOutboxGauges(registry, sources.outbox);
  if (sources.tenants) registerTenantGauges(registry, sources.tenants);
  return {
    jobRuns: new Counter({
      name: "lotse_job_runs_total",
      help: "Scheduled job runs by job and outcome (success, failure)",
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
    jobLastSuccess: new Gauge({
      name: "lotse_job_last_success_timestamp_seconds",
      help: "When the job last succeeded in this process (Unix time); absent before its first success",
      labelNames: ["job"],
      registers: [registry],
    }),
    jobLastDuration: new Gauge({
      name: "lotse_job_last_duration_seconds",
      help: "How long the job's last run took",
      labelNames: ["job"],
      registers: [registry],
    }),
    sends: new Counter({
      name: "lotse_sends_total",
      help: "Outbox sends by channel and outcome (sent, retried, rate_limited, failed, blocked)",
      labelNames: ["channel", "outcome"],
      registers: [registry],
    }),
    registry,
    httpRequests: new Counter({
      name: "lotse_http_requests_total",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "lotse_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/** Records each scheduled job's run in the metrics: runs by outcome, the last duration and the last success. */
export function jobMetricsObserver(metrics: Metrics, now: () => Date): JobObserver {
  return {
    now,
    observe(event) {
      metrics.jobRuns.inc({ job: event.job, outcome: event.ok ? "success" : "failure" });
      metrics.jobLastDuration.set({ job: event.job }, event.seconds);
      if (event.ok) metrics.jobLastSuccess.set({ job: event.job }, event.at.getTime() / 1000);
    },
  };
}

/** Outbox depth and the age of its oldest due row, read from the database at each scrape (any instance answers). */
function registerOutboxGauges(registry: Registry, outbox: OutboxGaugeSource): void {
  let last: Promise<{ due: number; oldestAgeSeconds: number }> | null = null;
  const read = () =>
    (last ??= (async () => {
      const now = outbox.now();
      try {
        const summary = await outbox.dueSummary(now);
        const oldestAgeSeconds = summary.oldestDueAt ? Math.max(0, (now.getTime() - summary.oldestDueAt.getTime()) / 1000) : 0;
        return { due: summary.due, oldestAgeSeconds };
      } catch {
        // The database does not answer (/healthz says so): the gauges read NaN, the other metrics still come.
        return { due: Number.NaN, oldestAgeSeconds: Number.NaN };
      }
    })().finally(() => setImmediate(() => (last = null))));
  new Gauge({
    name: "lotse_outbox_due",
    help: "Outbox rows due and not sent yet",
    registers: [registry],
    async collect() {
      this.set((await read()).due);
    },
  });
  new Gauge({
    name: "lotse_outbox_oldest_due_age_seconds",
    help: "How long the oldest due outbox row has been waiting (0 when none)",
    registers: [registry],
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
}

/**
 * Open cases and active staff accounts per tenant, read from the database at each scrape (one statement). The only
 * label is the tenant id: no names of tenants, people or municipalities reach the metrics.
 */
function registerTenantGauges(registry: Registry, source: TenantGaugeSource): void {
  let last: Promise<{ tenantId: string; openClients: number; activeManagers: number }[] | null> | null = null;
  const read = () =>
    (last ??= source
      .tenantActivity()
      .catch(() => null)
      .finally(() => setImmediate(() => (last = null))));
  new Gauge({
    name: "lotse_active_clients",
    help: "Open cases (clients) per tenant",
    labelNames: ["tenant"],
    registers: [registry],
    async collect() {
      const rows = await read();
      this.reset();
      for (const row of rows ?? []) this.set({ tenant: row.tenantId }, row.openClients);
    },
  });
  new Gauge({
    name: "lotse_active_managers",
    help: "Active staff accounts (managers, supervisors, admins) per tenant",
    labelNames: ["tenant"],
    registers: [registry],
    async collect() {
      const rows = await read();
      this.reset();
      for (const row of rows ?? []) this.set({ tenant: row.tenantId }, row.activeManagers);
    },
  });
}
