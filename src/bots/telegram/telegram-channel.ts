import type { CoreDeps } from "../../core/deps.ts";
import type { ChannelSender, FileFetcher } from "../../delivery/ports.ts";
import type { Translator } from "../../i18n/index.ts";
import type { FloodLimitOptions } from "./flood-limit.ts";
import { errorFields, type TelegramLog } from "./errors.ts";
import { createTelegramBot, type TelegramBot } from "./telegram-bot.ts";
import { createTelegramSender } from "./telegram-sender.ts";
import { telegramFileFetcher } from "./telegram-files.ts";
import { telegramWebhookRoute } from "./webhook-route.ts";

export interface TelegramChannelConfig {
  token: string;
  apiRoot: string;
  /** Set: webhook mode (POST /telegram); unset: long polling. */
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  floodLimit?: FloodLimitOptions;
  /** The first wait after a failed connection attempt (doubling up to a minute); 2 s unless given (tests). */
  connectRetryMs?: number;
}

export interface TelegramChannel {
  bot: TelegramBot;
  /** The webhook route (webhook mode only: without a secret nobody may post updates). */
  routes: ReturnType<typeof telegramWebhookRoute>[];
  sender: ChannelSender;
  /** Fetches a client's Telegram file for a manager on another channel (Teams). */
  fetchFile: FileFetcher;
  /**
   * Connects in the background and never throws: getMe (the username goes to the settings for invite links), the
   * default commands menus, then setWebhook once `listening` resolves (Telegram posts at once), or long polling.
   * While the Bot API cannot be reached the attempt is logged and repeated with growing pauses; everything else
   * (health checks, Teams, the dispatcher) runs meanwhile.
   */
  start(listening: Promise<void>): void;
  /** Resolves once connected (tests and the playground wait for it). */
  connected(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_CONNECT_RETRY_MS = 60_000;

/** Sets the Telegram channel up; nothing is asked of Telegram before `start`. */
export function createTelegramChannel(
  config: TelegramChannelConfig,
  services: { deps: CoreDeps; translator: Translator; logger: TelegramLog },
): TelegramChannel {
  const { logger } = services;
  const bot = createTelegramBot({
    token: config.token,
    apiRoot: config.apiRoot,
    ...services,
    ...(config.floodLimit ? { floodLimit: config.floodLimit } : {}),
  });
  const webhook = config.webhookUrl && config.webhookSecret ? { url: config.webhookUrl, secret: config.webhookSecret } : null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let markConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));

  async function connectOnce(listening: Promise<void>): Promise<void> {
    await bot.init();
    await bot.setDefaultCommands();
    if (webhook) {
      await listening;
      await bot.setWebhook(webhook.url, webhook.secret);
    } else if (!stopped) {
      bot.startPolling();
    }
  }

  function connect(listening: Promise<void>, waitMs: number): void {
    connectOnce(listening).then(
      () => {
        if (waitMs > (config.connectRetryMs ?? 2000)) logger.info({}, "telegram: connected again");
        markConnected();
      },
      (error: unknown) => {
        if (stopped) return;
        logger.error({ ...errorFields(error), retryInSeconds: Math.round(waitMs / 1000) }, "telegram: cannot reach the Bot API; trying again");
        retryTimer = setTimeout(() => connect(listening, Math.min(waitMs * 2, MAX_CONNECT_RETRY_MS)), waitMs);
        retryTimer.unref();
      },
    );
  }

  return {
    bot,
    routes: webhook
      ? [telegramWebhookRoute({ secret: webhook.secret, isReady: () => bot.bot.isInited(), handleUpdate: (update) => bot.handleUpdate(update) })]
      : [],
    sender: createTelegramSender({ token: config.token, apiRoot: config.apiRoot }),
    fetchFile: telegramFileFetcher({ token: config.token, apiRoot: config.apiRoot }),
    start(listening) {
      connect(listening, config.connectRetryMs ?? 2000);
    },
    connected: () => connected,
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await bot.stop();
    },
  };
}
