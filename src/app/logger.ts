import { pino, type Logger } from "pino";

/**
 * JSON logs. Secrets and personal data never reach them: the paths below are censored wherever they appear,
 * and code logs ids, counts and codes only (never names, message texts or notes).
 */
export const redactedPaths = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "*.*.password",
  "authorization",
  "*.authorization",
  'req.headers["x-telegram-bot-api-secret-token"]',
  "req.headers.authorization",
  "req.headers.cookie",
  "name",
  "*.name",
  "text",
  "*.text",
  "note",
  "*.note",
  "body",
  "*.body",
  "code",
  "*.inviteCode",
  "databaseUrl",
  "*.databaseUrl",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: "lotse" },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}

export type { Logger };
