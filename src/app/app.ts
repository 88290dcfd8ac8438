import { localesDir } from "../i18n/locales-dir.ts";
import type { FastifyInstance } from "fastify";
import type { FloodLimitOptions } from "../bots/telegram/flood-limit.ts";
import { createTelegramChannel, type TelegramChannel } from "../bots/telegram/telegram-channel.ts";
import type { TeamsChannel } from "../bots/teams/teams-channel.ts";
import { closedTeamsChannel, teamsIsOpen } from "../bots/teams/teams-off.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { CoreDeps } from "../core/deps.ts";
import { appointmentFiles } from "../delivery/appointment-files.ts";
import { agreementRowParts } from "../delivery/agreement-plan.ts";
import type { MessageRenderer } from "../delivery/ports.ts";
import { createTranslator, renderOutboxMessage, type Translator } from "../i18n/index.ts";
import { parseDatabaseUrl } from "../store/database-url.ts";
import { migrate, readMigrations } from "../store/migrator.ts";
import { appliedMigrationNames, tenantActivity } from "../store/operations-queries.ts";
import { dispatcherLock } from "../store/leader-lock.ts";
import { createPrismaStore, type PrismaStore } from "../store/prisma-store.ts";
import type { Config } from "./config.ts";
import { keyRingCrypto, loadKeyRing, storeSealer } from "./key-ring.ts";
import { createHttpServer, type HttpRoute } from "./http-server.ts";
import type { Logger } from "./logger.ts";
import { createMetrics, jobMetricsObserver } from "./metrics.ts";
import { randomIds, systemClock } from "./node-ports.ts";
import { svgChartRenderer } from "./svg-chart.ts";
import { xlsxWriter } from "./xlsx.ts";
import { lotseJobs, runAllJobsOnce, scheduledJobs } from "./jobs.ts";
import { dispatchExpressionFromConfig, rateLimitsFromConfig } from "./delivery-config.ts";
import { chronoDatePhrases } from "./date-phrases.ts";
import { startScheduler, type Scheduler } from "./scheduler.ts";
import { startDispatcher, type DispatcherOptions, type RunningDispatcher } from "./dispatcher.ts";

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** Where the development key file lives when LOTSE_DATA_KEY is unset. */
  dataKeyFile?: string;
  /** Outbox delivery (src/delivery): the dispatcher runs once channel senders and a renderer are plugged in. */
  delivery?: Partial<Pick<DispatcherOptions, "senders" | "renderer" | "rateLimits" | "settings" | "expression">>;
  /** The texts; read from ./locales when not given. */
  translator?: Translator;
  /** Per-user limit on incoming Telegram updates; the default (20 per 10 s) when not given. */
  telegramFloodLimit?: FloodLimitOptions;
  /** The first pause after a failed connection to the Bot API (tests shorten it). */
  telegramConnectRetryMs?: number;
}

export interface App {
  server: FastifyInstance;
  store: PrismaStore;
  deps: CoreDeps;
  /** Stops accepting requests, lets in-flight ones finish, stops timers and closes the database. */
  close(): Promise<void>;
  /** Resolves once Telegram is connected (at once without Telegram); the app serves meanwhile. */
  telegramConnected(): Promise<void>;
  /** Delivers what is due now at once instead of at the next tick (the playground after moving its clock). */
  runDueWork(): Promise<void>;
}

export { localesDir };

function channelRoutes(config: Config, telegram: TelegramChannel | null, teams: TeamsChannel): HttpRoute[] {
  const telegramRoutes: HttpRoute[] = telegram?.routes.length
    ? telegram.routes
    : [
        {
          method: "POST",
          url: "/telegram",
          handler: async (_request, reply) =>
            reply.code(404).send({ error: config.TELEGRAM_BOT_TOKEN ? "telegram uses long polling" : "telegram is not configured" }),
        },
      ];
  return [...telegramRoutes, teams.route];
}

/** How long requests in flight may take during shutdown before their connections are closed (within SIGTERM's 10 s). */
const IN_FLIGHT_GRACE_MS = 5000;

/** The composition root: builds the ports, migrates, and wires the HTTP server and the scheduled jobs. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { logger } = options;
  const target = parseDatabaseUrl(config.DATABASE_URL);
  const migration = await migrate(target);
  logger.info({ provider: target.provider, applied: migration.applied.length, alreadyApplied: migration.alreadyApplied }, "database ready");
  const crypto = keyRingCrypto(loadKeyRing(config, logger, options.dataKeyFile));
  const store = createPrismaStore(target, {
    sealer: storeSealer(crypto),
    backgroundCheckpoints: true,
    onCheckpointerFailure: (error) => logger.error({ err: { message: error.message } }, "SQLite checkpoint thread failed; commits checkpoint again"),
    onConnectionLost: (error) =>
      logger.warn({ err: { message: error.message } }, "database: an idle connection was closed by the server; a new one is opened when needed"),
  });
  let translatorInstance = options.translator ?? null;
  const translator = () =>
    (translatorInstance ??= createTranslator({
      localesDir,
      onMissingKey: (event) => logger.warn({ key: event.key, language: event.language, usedLanguage: event.usedLanguage }, "i18n: text missing"),
    }));
  const deps: CoreDeps = {
    store,
    clock: options.clock ?? systemClock,
    ids: randomIds,
    crypto,
    datePhrases: chronoDatePhrases,
    optionLabels: { text: (key, params, language) => translator().renderText(key, params, language) },
    charts: svgChartRenderer((key, params, language) => translator().renderText(key, params, language)),
    spreadsheets: xlsxWriter,
    defaultZone: config.LOTSE_TIMEZONE,
  };
  const telegram: TelegramChannel | null = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel(
        {
          token: config.TELEGRAM_BOT_TOKEN,
          apiRoot: config.TELEGRAM_API_ROOT,
          webhookUrl: config.TELEGRAM_WEBHOOK_URL,
          webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
          ...(options.telegramFloodLimit ? { floodLimit: options.telegramFloodLimit } : {}),
          ...(options.telegramConnectRetryMs ? { connectRetryMs: options.telegramConnectRetryMs } : {}),
        },
        { deps, translator: translator(), logger: logger.child({ component: "telegram" }) },
      )
    : null;
  const teamsConfig = {
    appId: config.MICROSOFT_APP_ID,
    appPassword: config.MICROSOFT_APP_PASSWORD,
    tenantId: config.MICROSOFT_APP_TENANT_ID,
    appType: config.MICROSOFT_APP_TYPE,
    devUnauthenticated: config.TEAMS_DEV_UNAUTHENTICATED,
  };
  // botbuilder is loaded only when Teams is on (docs/benchmarks.md: memory and start-up).
  const teams: TeamsChannel = teamsIsOpen(teamsConfig)
    ? (await import("../bots/teams/teams-channel.ts")).createTeamsChannel(teamsConfig, {
        deps,
        translator: translator(),
        logger: logger.child({ component: "teams" }),
        fetchFile: telegram?.fetchFile,
      })
    : closedTeamsChannel();
  const metrics = createMetrics({
    outbox: { dueSummary: (now) => store.outbox.dueSummary(now), now: () => deps.clock.now() },
    tenants: { tenantActivity: () => tenantActivity(store.db) },
  });
  const knownMigrations = readMigrations(target.provider).map((m) => m.name);
  let dispatcher: RunningDispatcher | null = null;
  const server = createHttpServer({
    logger,
    metrics,
    pingDatabase: () => store.ping(),
    databaseProvider: target.provider,
    readiness: async () => {
      const applied = new Set(await appliedMigrationNames(store.db));
      return { pendingMigrations: knownMigrations.filter((name) => !applied.has(name)), leader: dispatcher ? dispatcher.leading() : null };
    },
    metricsToken: config.LOTSE_METRICS_TOKEN,
    routes: channelRoutes(config, telegram, teams),
  });
  const scheduler: Scheduler = startScheduler(
    scheduledJobs(
      lotseJobs({ deps, logger, retentionDays: config.LOTSE_RETENTION_DAYS }),
      logger,
      jobMetricsObserver(metrics, () => deps.clock.now()),
    ),
    config.LOTSE_TIMEZONE,
    logger,
  );
  const senders = { ...(telegram ? { telegram: telegram.sender } : {}), ...(teams.sender ? { teams: teams.sender } : {}), ...options.delivery?.senders };
  const renderer: MessageRenderer = options.delivery?.renderer ?? {
    async render(message, recipient) {
      const now = deps.clock.now();
      const text = (key: string, params: Parameters<Translator["renderText"]>[1]) =>
        translator().renderText(key, params, recipient.language, { timeZone: recipient.timezone, now });
      const extraParts = await agreementRowParts(store, message, recipient.timezone);
      return { ...renderOutboxMessage(translator(), message, recipient, now, extraParts), ...(await appointmentFiles(store, message, recipient, text, now)) };
    },
  };
  dispatcher =
    Object.keys(senders).length > 0
      ? startDispatcher({
          rateLimits: rateLimitsFromConfig(config),
          expression: dispatchExpressionFromConfig(config),
          ...options.delivery,
          senders,
          renderer,
          store,
          clock: deps.clock,
          ids: deps.ids,
          defaultZone: deps.defaultZone,
          logger,
          lock: dispatcherLock(target),
          observe: (event) => metrics.sends.inc({ channel: event.channel, outcome: event.outcome }),
        })
      : null;
  // The webhook is set once the server listens (Telegram posts at once); the rest of the connection starts now.
  telegram?.start(new Promise<void>((resolve) => server.server.once("listening", () => resolve())));
  return {
    server,
    store,
    deps,
    telegramConnected: () => telegram?.connected() ?? Promise.resolve(),
    async runDueWork() {
      for (const outcome of await runAllJobsOnce({ deps, logger, retentionDays: config.LOTSE_RETENTION_DAYS })) {
        if (!outcome.ok) logger.error({ job: outcome.name, err: { message: outcome.error } }, "scheduled job failed");
      }
      await dispatcher?.tick();
    },
    async close() {
      // Stop accepting at once; requests in flight finish (new requests on open connections get 503).
      const serverClosed = server.close();
      // A connection whose request has just finished would idle until its keep-alive timeout (72 s): close each one
      // as soon as it is idle, and every one that is left after the grace period.
      const sweep = setInterval(() => server.server.closeIdleConnections(), 50);
      const cutOff = setTimeout(() => server.server.closeAllConnections(), IN_FLIGHT_GRACE_MS);
      await Promise.all([telegram?.stop(), dispatcher?.stop(), scheduler.stop()]);
      await serverClosed.finally(() => {
        clearInterval(sweep);
        clearTimeout(cutOff);
      });
      await store.close();
      logger.info({}, "stopped: server, Telegram, dispatcher, jobs and database closed");
    },
  };
}
