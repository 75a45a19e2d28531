/**
 * Reconnect delays: exponential with "full jitter" so a thousand screens coming back after a
 * server restart do not all knock at the same instant, capped so a screen resyncs within
 * seconds of the server's return. Used by the player and the facility dashboard.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 5_000 };

/** Delay before reconnect attempt `attempt` (0-based); `random` in [0, 1). */
export function backoffDelay(attempt: number, random: number, opts: BackoffOptions = RECONNECT_BACKOFF): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(Math.max(0, attempt), 20));
  // Never zero: at least a quarter of the ceiling, so a flapping server is not hammered.
  return Math.round(ceiling * (0.25 + 0.75 * Math.min(Math.max(random, 0), 1)));
}
