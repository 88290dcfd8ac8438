import { z } from "zod";
import { isValidTimeZone } from "../core/shared/values.ts";

/**
 * The service's configuration, read once from the environment at start. Every problem is reported at once,
 * one line per variable, and the process stops with exit code 1 (see main.ts).
 */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const dataKey = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()))
  .refine((value) => value === undefined || Buffer.from(value, "base64").length === 32, {
    message: "must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)",
  });

/** Earlier data keys, comma-separated, kept readable during and after a key rotation (docs/data-protection.md). */
const oldDataKeys = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((key) => key.trim())
      .filter((key) => key !== ""),
  )
  .refine((keys) => keys.every((key) => Buffer.from(key, "base64").length === 32), {
    message: "must be a comma-separated list of 32-byte keys, base64-encoded",
  });

/** A blank number (e.g. `PORT=` in a .env file) means "not set", not 0. */
const blankAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** Messages per second for the dispatcher's rate limits (src/delivery/rate-limiter.ts); fractions allowed. */
const ratePerSecond = (fallback: number) => z.preprocess(blankAsUnset, z.coerce.number().positive().max(100_000).default(fallback));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: optionalText,
    DATABASE_URL: z
      .string()
      .default("file:./data/lotse.db")
      .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
        message: "must start with file: (SQLite) or postgresql:// (PostgreSQL)",
      }),
    LOTSE_DATA_KEY: dataKey,
    LOTSE_DATA_KEYS_OLD: oldDataKeys,
    LOTSE_TIMEZONE: z.string().default("Europe/Berlin").refine(isValidTimeZone, { message: "unknown IANA time zone" }),
    LOTSE_RETENTION_DAYS: z.preprocess(blankAsUnset, z.coerce.number().int().min(30).max(3650).default(1095)),
    TELEGRAM_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v), {
      message: "does not look like a bot token from @BotFather (<digits>:<secret>)",
    }),
    TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
    // Telegram posts updates only to HTTPS on ports 443, 80, 88 or 8443 (setWebhook would fail at start otherwise).
    TELEGRAM_WEBHOOK_URL: optionalText.pipe(
      z
        .url({ protocol: /^https$/, error: "must be an https:// address" })
        .refine((url) => ["", "443", "80", "88", "8443"].includes(new URL(url).port), {
          message: "must use port 443, 80, 88 or 8443 (Telegram sends to no other)",
        })
        .optional(),
    ),
    TELEGRAM_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), {
      message: "must be 16-256 characters of A-Z, a-z, 0-9, _ and -",
    }),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
    TEAMS_DEV_UNAUTHENTICATED: booleanFlag,
    /** auto: the browser playground when no channel is configured (never in production); off: never. */
    LOTSE_PLAYGROUND: z.enum(["auto", "off"]).default("auto"),
    TELEGRAM_RATE_PER_SECOND: ratePerSecond(30),
    TELEGRAM_RATE_PER_CHAT_PER_SECOND: ratePerSecond(1),
    TEAMS_RATE_PER_CONVERSATION_PER_SECOND: ratePerSecond(7),
    DISPATCH_INTERVAL_SECONDS: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(59).default(1)),
    /** Bearer token for GET /metrics; unset: /metrics is off. */
    LOTSE_METRICS_TOKEN: optionalText.refine((v) => v === undefined || /^[\x21-\x7e]{24,}$/.test(v), {
      message: "must be at least 24 printable characters without spaces (e.g. `openssl rand -hex 24`)",
    }),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "is required when TELEGRAM_WEBHOOK_URL is set" });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_BOT_TOKEN"], message: "is required when TELEGRAM_WEBHOOK_URL is set" });
    }
    if (env.NODE_ENV === "production" && !env.LOTSE_DATA_KEY) {
      ctx.addIssue({ code: "custom", path: ["LOTSE_DATA_KEY"], message: "is required in production (32 bytes, base64)" });
    }
    if (env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== "UserAssignedMSI") {
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_PASSWORD"], message: "is required with MICROSOFT_APP_ID" });
    }
    if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE === "SingleTenant" && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_TENANT_ID"], message: "is required for a SingleTenant app (the Entra tenant id)" });
    }
  });

export type Config = z.output<typeof envSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = envSchema.safeParse(env);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
  return { ok: false, problems };
}
