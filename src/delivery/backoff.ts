export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffSettings = { baseMs: 30_000, maxMs: 30 * 60_000 };

/**
 * Exponential backoff with jitter for the retry after attempt `attempt` (1, 2, …): base·2^(attempt-1), capped,
 * then between half and all of it ("equal jitter"), so many failures at once do not retry in lockstep.
 */
export function backoffMs(attempt: number, random: () => number, settings: BackoffSettings = defaultBackoff): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
