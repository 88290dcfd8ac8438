import { GrammyError, HttpError } from "grammy";
import { SendError } from "../../delivery/ports.ts";

/** Log fields for a failure: method, code and Telegram's description; never the payload (it holds message texts). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) return { method: error.method, errorCode: error.error_code, description: error.description };
  if (error instanceof HttpError) return { kind: "network", message: error.message.replace(/bot\d+:[\w-]+/g, "bot[redacted]") };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The stack's frames name code locations only; its first line (the message) may carry data, so it is left out.
    const frames = (error.stack ?? "")
      .split("\n")
      .filter((line) => line.trim().startsWith("at "))
      .slice(0, 5)
      .map((line) => line.trim());
    // Not "name" or "code": the logger redacts those keys everywhere (a person's name, an invite code).
    return { errorName: error.name, ...(typeof code === "string" ? { systemCode: code } : {}), frames };
  }
  return { errorName: typeof error };
}

/**
 * A Bot API failure → the dispatcher's retry decision: 429 → rate_limited (retry_after), 403 or a chat that is gone
 * → blocked, 5xx and network errors → transient, other 4xx → permanent.
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof GrammyError) {
    const code = error.error_code;
    const detail = `telegram ${error.method}: ${code} ${error.description}`;
    if (code === 429) return SendError.rateLimited((error.parameters.retry_after ?? 1) * 1000, detail);
    if (code === 403) return new SendError("blocked", detail);
    if (code === 400 && /chat not found|user not found|chat_id is empty|user is deactivated/i.test(error.description)) return new SendError("blocked", detail);
    if (code >= 500) return new SendError("transient", detail);
    return new SendError("permanent", detail);
  }
  if (error instanceof HttpError) return new SendError("transient", "telegram: network error");
  return new SendError("transient", `telegram: ${error instanceof Error ? error.name : "unknown error"}`);
}

/** Where the Telegram adapter logs (pino in the app): details are ids and error fields, never message texts. */
export interface TelegramLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
