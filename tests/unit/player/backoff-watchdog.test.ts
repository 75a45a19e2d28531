import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../displays/shared/backoff.js';
import { WATCHDOG_LIMITS, watchdogVerdict } from '../../../displays/player/lib/watchdog.js';

describe('reconnect backoff', () => {
  it('grows exponentially with jitter, capped so a screen resyncs within seconds', () => {
    expect(backoffDelay(0, 0)).toBe(RECONNECT_BACKOFF.baseMs / 4);
    expect(backoffDelay(0, 0.999)).toBeLessThanOrEqual(RECONNECT_BACKOFF.baseMs);
    expect(backoffDelay(3, 1)).toBe(4000);
    for (const a of [10, 100, 1e6]) expect(backoffDelay(a, 1)).toBe(RECONNECT_BACKOFF.capMs);
    // Jitter spreads screens out.
    const spread = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(5, r)));
    expect(spread.size).toBe(4);
    expect(backoffDelay(-3, 0.5)).toBeGreaterThan(0);
  });
});

describe('watchdog', () => {
  const base = {
    now: 1_000_000,
    lastFrameAt: 1_000_000,
    visible: true,
    recentErrors: 0,
    lastRenderOkAt: 1_000_000,
    startedAt: 0,
  };
  it('reloads on a stalled render loop only when visible', () => {
    expect(watchdogVerdict({ ...base, lastFrameAt: base.now - WATCHDOG_LIMITS.stallMs - 1 })).toEqual({
      reload: true,
      reason: 'stalled-render',
    });
    expect(
      watchdogVerdict({ ...base, lastFrameAt: base.now - WATCHDOG_LIMITS.stallMs - 1, visible: false }).reload,
    ).toBe(false);
  });
  it('reloads on an error burst or a crash that left no good render', () => {
    expect(watchdogVerdict({ ...base, recentErrors: WATCHDOG_LIMITS.errorBurst })).toEqual({
      reload: true,
      reason: 'error-burst',
    });
    expect(
      watchdogVerdict({ ...base, recentErrors: 1, lastRenderOkAt: base.now - WATCHDOG_LIMITS.crashGraceMs - 1 }),
    ).toEqual({ reload: true, reason: 'crashed' });
    expect(watchdogVerdict({ ...base, recentErrors: 1 }).reload).toBe(false);
  });
  it('never reloads in the first minute (no reload loops)', () => {
    expect(watchdogVerdict({ ...base, startedAt: base.now - 1000, recentErrors: 100 }).reload).toBe(false);
  });
});
