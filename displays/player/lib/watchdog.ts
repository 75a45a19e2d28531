/**
 * Watchdog decisions: reload the page when the render loop has stalled or the app crashed and
 * did not recover. Pure so the thresholds are unit tested; `watchdog-runtime` applies them.
 */
export interface WatchdogInput {
  now: number;
  /** Last animation frame seen (a stalled render loop stops producing them). */
  lastFrameAt: number;
  /** Whether the page is visible (hidden pages get no frames legitimately). */
  visible: boolean;
  /** Uncaught errors in the last `errorWindowMs`. */
  recentErrors: number;
  /** When the app last rendered successfully. */
  lastRenderOkAt: number;
  startedAt: number;
}

export interface WatchdogLimits {
  stallMs: number;
  errorBurst: number;
  /** Time since the last good render after which a crashed app is reloaded. */
  crashGraceMs: number;
  /** Never reload more often than this after start (avoid reload loops). */
  minUptimeMs: number;
}

export const WATCHDOG_LIMITS: WatchdogLimits = {
  stallMs: 20_000,
  errorBurst: 20,
  crashGraceMs: 30_000,
  minUptimeMs: 60_000,
};

export type WatchdogVerdict =
  { reload: false } | { reload: true; reason: 'stalled-render' | 'error-burst' | 'crashed' };

export function watchdogVerdict(i: WatchdogInput, limits: WatchdogLimits = WATCHDOG_LIMITS): WatchdogVerdict {
  if (i.now - i.startedAt < limits.minUptimeMs) return { reload: false };
  if (i.visible && i.now - i.lastFrameAt > limits.stallMs) return { reload: true, reason: 'stalled-render' };
  if (i.recentErrors >= limits.errorBurst) return { reload: true, reason: 'error-burst' };
  if (i.recentErrors > 0 && i.now - i.lastRenderOkAt > limits.crashGraceMs) return { reload: true, reason: 'crashed' };
  return { reload: false };
}
