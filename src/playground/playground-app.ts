import { createApp, type App, type AppOptions } from "../app/app.ts";
import type { Config } from "../app/config.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { PlaygroundClock } from "./playground-clock.ts";
import { registerPlaygroundRoutes } from "./playground-routes.ts";
import { PlaygroundSession } from "./playground-session.ts";

/** A made-up token: it only ever reaches the in-process fake Bot API. */
export const PLAYGROUND_BOT_TOKEN = "1000000001:playground-token-not-a-secret";

export interface PlaygroundApp extends App {
  session: PlaygroundSession;
  clock: PlaygroundClock;
  fake: FakeBotApi;
}

export interface PlaygroundOptions extends Omit<AppOptions, "clock"> {
  /** Where the playground clock starts (tests); now by default. */
  startAt?: Date;
}

/** No channel configured (and not production, and not switched off): start the browser playground. */
export function isPlaygroundMode(config: Config): boolean {
  return config.LOTSE_PLAYGROUND === "auto" && config.NODE_ENV !== "production" && !config.TELEGRAM_BOT_TOKEN && !config.MICROSOFT_APP_ID;
}

/**
 * The whole service as `npm start` runs it, with the real grammY bot long-polling an in-process fake Bot API,
 * a clock the page can move forward, and the playground page at `/`.
 */
export async function createPlaygroundApp(config: Config, options: PlaygroundOptions): Promise<PlaygroundApp> {
  const { startAt, ...appOptions } = options;
  const clock = new PlaygroundClock(startAt);
  const fake = new FakeBotApi(PLAYGROUND_BOT_TOKEN, clock);
  const apiRoot = await fake.start();
  let app: App;
  try {
    app = await createApp(
      { ...config, TELEGRAM_BOT_TOKEN: PLAYGROUND_BOT_TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_URL: undefined, TELEGRAM_WEBHOOK_SECRET: undefined },
      // People click quickly through the demo: a looser flood limit than for real chats.
      { telegramFloodLimit: { max: 60, windowMs: 10_000 }, ...appOptions, clock },
    );
  } catch (error) {
    await fake.stop();
    throw error;
  }
  // The built-in fake is up: the bot connects at once (invite links need its username).
  await app.telegramConnected();
  const session = new PlaygroundSession({ deps: app.deps, fake, clock, timezone: config.LOTSE_TIMEZONE, runDueWork: () => app.runDueWork() });
  registerPlaygroundRoutes(app.server, session, fake);
  return {
    ...app,
    session,
    clock,
    fake,
    async close() {
      await app.close();
      await fake.stop();
    },
  };
}
