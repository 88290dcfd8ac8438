import type { FastifyInstance } from "fastify";
import type { Clock } from "../core/ports/clock.ts";
import type { CoreDeps } from "../core/deps.ts";
import { purgeExpiredInvites } from "../core/invites/purge-expired-invites.ts";
import { parseDatabaseUrl } from "../store/database-url.ts";
import { migrate } from "../store/migrator.ts";
import { dispatcherLock } from "../store/leader-lock.ts";
import { createPrismaStore, type PrismaStore } from "../store/prisma-store.ts";
import type { Config } from "./config.ts";
import { loadDataKey } from "./data-key.ts";
import { createHttpServer, type HttpRoute } from "./http-server.ts";
import type { Logger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { aesGcmCrypto, randomIds, systemClock } from "./node-ports.ts";
import { startScheduler, type Scheduler } from "./scheduler.ts";
import { startDispatcher, type DispatcherOptions } from "./dispatcher.ts";

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Where the development key file lives when LOTSE_DATA_KEY is unset. */
  dataKeyFile?: string;
  /** Outbox delivery (src/delivery): the dispatcher runs once channel senders and a renderer are plugged in. */
  delivery?: Pick<DispatcherOptions, "senders" | "renderer" | "rateLimits" | "settings" | "expression">;
}

export interface App {
  server: FastifyInstance;
  store: PrismaStore;
  deps: CoreDeps;
  /** Stops accepting requests, lets in-flight ones finish, stops timers and closes the database. */
  close(): Promise<void>;
}

function channelPlaceholders(config: Config): HttpRoute[] {
  return [
    {
      method: "POST",
      url: "/telegram",
      handler: async (_request, reply) => reply.code(404).send({ error: "telegram is not configured" }),
    },
    {
      method: "POST",
      url: "/api/messages",
      handler: async (_request, reply) =>
        reply.code(401).send({ error: config.MICROSOFT_APP_ID ? "teams is not available yet" : "teams is not configured" }),
    },
  ];
}

/** The composition root: builds the ports, migrates, and wires the HTTP server and the scheduled jobs. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const target = parseDatabaseUrl(config.DATABASE_URL);
  const migration = await migrate(target);
  logger.info(
    { provider: target.provider, applied: migration.applied.length, alreadyApplied: migration.alreadyApplied },
    "database ready",
  );
  const store = createPrismaStore(target);
  const deps: CoreDeps = {
    store,
    clock: options.clock ?? systemClock,
    ids: randomIds,
    crypto: aesGcmCrypto(loadDataKey(config.LOTSE_DATA_KEY, logger, options.dataKeyFile)),
  };
  const metrics = createMetrics();
  const server = createHttpServer({
    logger,
    metrics,
    pingDatabase: () => store.ping(),
    databaseProvider: target.provider,
    routes: channelPlaceholders(config),
  });
  const scheduler: Scheduler = startScheduler(
    [{ name: "purge-expired-invites", expression: "15 3 * * *", run: async () => void (await purgeExpiredInvites(deps)) }],
    config.LOTSE_TIMEZONE,
    logger,
  );
  const dispatcher =
    options.delivery && Object.keys(options.delivery.senders).length > 0
      ? startDispatcher({ ...options.delivery, store, clock: deps.clock, ids: deps.ids, logger, lock: dispatcherLock(target) })
      : null;
  return {
    server,
    store,
    deps,
    async close() {
      await server.close();
      await dispatcher?.stop();
      await scheduler.stop();
      await store.close();
    },
  };
}
