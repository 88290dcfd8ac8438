import { createApp, type App, type AppOptions } from "../../src/app/app.ts";
import { readConfig } from "../../src/app/config.ts";
import { databaseKinds, type TestDatabase } from "./databases.ts";
import { FakeTelegram } from "./fake-telegram.ts";

export interface TelegramTestApp {
  db: TestDatabase;
  fake: FakeTelegram;
  app: App;
  /** http://127.0.0.1:<port> of the running app. */
  address: string;
  stop(): Promise<void>;
}

/** The whole service in webhook mode on a fresh SQLite database, talking to a fake Bot API on loopback. */
export async function startTelegramTestApp(
  settings: { token: string; secret: string; dataKey: string; webhookUrl: string },
  options: Omit<AppOptions, "clock">,
): Promise<TelegramTestApp> {
  const sqlite = databaseKinds().find((kind) => kind.name === "sqlite");
  if (!sqlite) throw new Error("no SQLite test database");
  const db = await sqlite.create();
  const fake = new FakeTelegram(settings.token);
  await fake.start();
  const result = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    LOTSE_DATA_KEY: settings.dataKey,
    TELEGRAM_BOT_TOKEN: settings.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: settings.webhookUrl,
    TELEGRAM_WEBHOOK_SECRET: settings.secret,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  const app = await createApp(result.config, options);
  const address = await app.server.listen({ port: 0, host: "127.0.0.1" });
  return {
    db,
    fake,
    app,
    address,
    async stop() {
      await app.close();
      await fake.stop();
      await db.drop();
    },
  };
}
