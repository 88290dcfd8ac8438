import { SendError } from "../../delivery/ports.ts";

/** Without a Retry-After header a 429 waits this long (the dispatcher adds its own backoff on later attempts). */
const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

function statusOf(error: unknown): number | null {
  const { statusCode, response } = (error ?? {}) as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof statusCode === "number") return statusCode;
  return typeof response?.status === "number" ? response.status : null;
}

function retryAfterMs(error: unknown): number {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  let raw: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === "function") raw = (headers as { get(name: string): unknown }).get("retry-after");
  else if (headers && typeof headers === "object") raw = (headers as Record<string, unknown>)["retry-after"];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : DEFAULT_RETRY_AFTER_MS;
}

/**
 * A connector failure → the dispatcher's retry decision (Teams' documented retry guidance): 429 → rate_limited
 * (Retry-After), 412/500/502/503/504 and network errors → transient (backoff with jitter), 403 (bot removed or
 * blocked) and 404 (conversation gone) → blocked (never retried; the identity is switched off), other 4xx → permanent.
 */
export function toTeamsSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const status = statusOf(error);
  const detail = `teams: ${status ?? (error instanceof Error ? error.name : "unknown error")}`;
  if (status === 429) return SendError.rateLimited(retryAfterMs(error), detail);
  if (status === 403 || status === 404) return new SendError("blocked", detail);
  if (status === null || status === 412 || status >= 500) return new SendError("transient", detail);
  return new SendError("permanent", detail);
}

/**
 * The connector client retries 429 and 5xx itself (a few times, for seconds) before it fails. For proactive sends
 * the dispatcher owns retries and rate limits (and its lease), so that policy is taken out of this client's
 * pipeline. It reaches into botbuilder's client (no public option exists); if the shape ever changes, the SDK's
 * retries simply stay on.
 */
export function withoutClientRetries(connectorClient: unknown): void {
  const pipeline = (connectorClient as { client?: { pipeline?: { removePolicy?: (options: { name: string }) => unknown } } } | undefined)?.client?.pipeline;
  pipeline?.removePolicy?.({ name: "defaultRetryPolicy" });
}
