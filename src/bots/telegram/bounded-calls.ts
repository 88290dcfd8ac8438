import type { Transformer } from "grammy";

/**
 * Each Bot API call (but getUpdates, which waits on purpose) gives up after `ms`: a hanging or unreachable Bot API
 * never holds a webhook request, a long-polling batch or a dispatcher worker for longer. grammY's own timeout
 * (500 s by default) applies to every method alike, long polling included, so it cannot be lowered instead.
 */
export function boundedCalls(ms: number): Transformer {
  return (prev, method, payload, signal) => {
    if (method === "getUpdates") return prev(method, payload, signal);
    // grammY's signals come from its AbortController shim: the caller's abort is passed on by its event.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort);
    return prev(method, payload, controller.signal as Parameters<typeof prev>[2]).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  };
}

/** A reply inside an update: a Bot API call waits at most this long (the rest of the update is then skipped). */
export const REPLY_CALL_TIMEOUT_MS = 4000;
/** A dispatcher send waits at most this long; the row is then retried with backoff. */
export const SEND_CALL_TIMEOUT_MS = 10_000;
