import type { RateLimits } from "../delivery/rate-limiter.ts";
import type { Config } from "./config.ts";

type DeliveryEnv = Pick<
  Config,
  "TELEGRAM_RATE_PER_SECOND" | "TELEGRAM_RATE_PER_CHAT_PER_SECOND" | "TEAMS_RATE_PER_CONVERSATION_PER_SECOND" | "DISPATCH_INTERVAL_SECONDS"
>;

/** The dispatcher's rate limits from the environment (defaults: Telegram 30/s per bot and 1/s per chat, Teams 7/s per conversation). */
export function rateLimitsFromConfig(config: DeliveryEnv): RateLimits {
  return {
    telegram: { global: { perSecond: config.TELEGRAM_RATE_PER_SECOND }, perChat: { perSecond: config.TELEGRAM_RATE_PER_CHAT_PER_SECOND } },
    teams: { perChat: { perSecond: config.TEAMS_RATE_PER_CONVERSATION_PER_SECOND } },
  };
}

/** The dispatcher's node-cron expression (six fields, seconds first): a tick every N seconds. */
export function dispatchExpressionFromConfig(config: DeliveryEnv): string {
  return config.DISPATCH_INTERVAL_SECONDS === 1 ? "* * * * * *" : `*/${config.DISPATCH_INTERVAL_SECONDS} * * * * *`;
}
