import { createHash, timingSafeEqual } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Logger } from "./logger.ts";
import { withTimeout } from "../core/shared/with-timeout.ts";
import type { Metrics } from "./metrics.ts";

export const BODY_LIMIT_BYTES = 1024 * 1024;
const HEALTH_TIMEOUT_MS = 2000;

export interface HttpRoute {
  method: "GET" | "POST";
  url: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Runs before the body is parsed (e.g. a webhook secret check); answering here ends the request. */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  /** Resolves when the database answers. */
  pingDatabase: () => Promise<void>;
  databaseProvider: string;
  /** What `/readyz` reports; without it `/readyz` answers like `/healthz`. */
  readiness?: () => Promise<Readiness>;
  /** LOTSE_METRICS_TOKEN: `/metrics` answers only with `Authorization: Bearer <token>`; unset, `/metrics` is off (404). */
  metricsToken?: string;
  routes: HttpRoute[];
}

/** Whether this instance can take traffic: the database answers and every migration this release knows is applied. */
export interface Readiness {
  pendingMigrations: string[];
  /** Whether this instance runs the dispatcher now (PostgreSQL: holds the lock; SQLite: always); null without one. */
  leader: boolean | null;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares the bearer token in constant time (digests of equal length, whatever was sent). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer (.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(sent), digest(token)) && sent.length > 0;
}

/** The one HTTP server: health, readiness, metrics, and the channel endpoints the adapters register. */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { logger, metrics } = options;
  const app = Fastify({
    loggerInstance: logger.child({ component: "http" }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    request.log.debug({ route, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
  });

  app.setErrorHandler(async (error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: { code: error.code, message: error.message } }, "request failed");
    const message = status === 413 ? "body too large" : status === 400 ? "malformed request" : status === 500 ? "internal error" : "request refused";
    return reply.code(status).send({ error: message });
  });

  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: "not found" }));

  app.get("/healthz", async (_request, reply) => {
    try {
      await withTimeout(options.pingDatabase(), HEALTH_TIMEOUT_MS);
      return reply.send({ status: "ok", database: options.databaseProvider });
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, "health check: database not answering");
      return reply.code(503).send({ status: "unavailable", database: options.databaseProvider });
    }
  });

  app.get("/readyz", async (_request, reply) => {
    try {
      await withTimeout(options.pingDatabase(), HEALTH_TIMEOUT_MS);
      const readiness = options.readiness ? await withTimeout(options.readiness(), HEALTH_TIMEOUT_MS) : { pendingMigrations: [], leader: null };
      const ready = readiness.pendingMigrations.length === 0;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? "ready" : "migrations pending",
        database: options.databaseProvider,
        pendingMigrations: readiness.pendingMigrations,
        leader: readiness.leader,
      });
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, "readiness check: database not answering");
      return reply.code(503).send({ status: "unavailable", database: options.databaseProvider });
    }
  });

  app.get("/metrics", async (request, reply) => {
    const token = options.metricsToken;
    if (!token) return reply.code(404).send({ error: "metrics are off: set LOTSE_METRICS_TOKEN" });
    if (!bearerMatches(request.headers.authorization, token)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="lotse-metrics"').send({ error: "bearer token required" });
    }
    return reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  for (const route of options.routes) {
    app.route({ method: route.method, url: route.url, handler: route.handler, ...(route.onRequest ? { onRequest: route.onRequest } : {}) });
  }
  return app;
}
