import { createApp, type App } from "./app.ts";
import { readConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { createPlaygroundApp, isPlaygroundMode } from "../playground/playground-app.ts";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const result = readConfig(process.env);
  if (!result.ok) {
    for (const problem of result.problems) process.stderr.write(`lotse: configuration: ${problem}\n`);
    process.exit(1);
  }
  const config = result.config;
  const logger = createLogger(config.LOG_LEVEL);

  // Signal handlers come first: a SIGTERM at any moment of the start (even right after "listening" is logged)
  // shuts down in order instead of killing the process.
  let app: App | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took longer than 10 s: exiting anyway");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    (app ? app.close() : Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: { message: (error as Error).message } }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  const playground = isPlaygroundMode(config);
  app = playground ? await createPlaygroundApp(config, { logger }) : await createApp(config, { logger });
  if (stopping) {
    await app.close();
    process.exit(0);
  }
  const channelConfigured = Boolean(config.TELEGRAM_WEBHOOK_URL || config.MICROSOFT_APP_ID);
  const host = config.HOST ?? (channelConfigured ? "0.0.0.0" : "127.0.0.1");
  const address = await app.server.listen({ port: config.PORT, host });
  logger.info({ address }, "lotse is listening");
  if (playground) {
    logger.info({ address: `${address}/` }, "playground: no Telegram or Teams credentials, so a built-in fake Telegram; open the address in a browser");
    // One plain line for a person, besides the JSON log lines: at a terminal or under `npm start`. The server run
    // directly with its output piped (a log collector) keeps writing JSON lines only.
    if (process.stdout.isTTY || process.env.npm_lifecycle_event === "start") process.stdout.write(`Lotse playground: ${address}/\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`lotse: failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
