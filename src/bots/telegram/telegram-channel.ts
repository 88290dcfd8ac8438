import type { CoreDeps } from "../../core/deps.ts";
import type { ChannelSender } from "../../delivery/ports.ts";
import type { Translator } from "../../i18n/index.ts";
import type { FloodLimitOptions } from "./flood-limit.ts";
import type { TelegramLog } from "./errors.ts";
import { createTelegramBot, type TelegramBot } from "./telegram-bot.ts";
import { createTelegramSender } from "./telegram-sender.ts";
import { telegramWebhookRoute } from "./webhook-route.ts";

export interface TelegramChannelConfig {
  token: string;
  apiRoot: string;
  /** Set: webhook mode (POST /telegram); unset: long polling. */
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  floodLimit?: FloodLimitOptions;
}

export interface TelegramChannel {
  bot: TelegramBot;
  /** The webhook route (webhook mode only: without a secret nobody may post updates). */
  routes: ReturnType<typeof telegramWebhookRoute>[];
  sender: ChannelSender;
  /** Starts receiving: long polling when there is no webhook. Call once the HTTP server is ready. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Sets the Telegram channel up at start: getMe (the username goes to the settings for invite links), the default
 * commands menus, then setWebhook with the secret and the update kinds handled, or long polling in development.
 */
export async function createTelegramChannel(
  config: TelegramChannelConfig,
  services: { deps: CoreDeps; translator: Translator; logger: TelegramLog },
): Promise<TelegramChannel> {
  const bot = createTelegramBot({
    token: config.token,
    apiRoot: config.apiRoot,
    ...services,
    ...(config.floodLimit ? { floodLimit: config.floodLimit } : {}),
  });
  await bot.init();
  await bot.setDefaultCommands();
  const webhook = config.webhookUrl && config.webhookSecret ? { url: config.webhookUrl, secret: config.webhookSecret } : null;
  if (webhook) await bot.setWebhook(webhook.url, webhook.secret);
  return {
    bot,
    routes: webhook ? [telegramWebhookRoute({ secret: webhook.secret, handleUpdate: (update) => bot.handleUpdate(update) })] : [],
    sender: createTelegramSender({ token: config.token, apiRoot: config.apiRoot }),
    start() {
      if (!webhook) bot.startPolling();
    },
    stop: () => bot.stop(),
  };
}
