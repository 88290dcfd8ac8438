import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  /** Outbox sends by channel and outcome: sent, retried, rate_limited (429), failed, blocked (failed for good). */
  sends: Counter<"channel" | "outcome">;
}

/** What the outbox gauges read at each scrape. */
export interface OutboxGaugeSource {
  dueSummary(now: Date): Promise<{ due: number; oldestDueAt: Date | null }>;
  now(): Date;
}

/** Prometheus metrics of this process (one registry per app instance, so tests can run several). */
export function createMetrics(outbox?: OutboxGaugeSource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lotse_" });
  if (outbox) registerOutboxGauges(registry, outbox);
  return {
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
