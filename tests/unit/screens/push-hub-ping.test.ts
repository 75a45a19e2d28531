import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushHub } from '../../../server/screens/push-hub.js';
import type { PushConnection } from '../../../server/core/sse.js';
import { LocalPushBus } from '../../../server/screens/push-bus.js';

function recorder(): PushConnection & { frames: string[] } {
  const frames: string[] = [];
  return { frames, send: (f) => (frames.push(f), true), close: () => undefined };
}
const pings = (c: { frames: string[] }) => c.frames.filter((f) => f.startsWith('event: ping')).length;

describe('push hub heartbeat', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('pings only connections that were sent nothing for half an interval', () => {
    const bus = new LocalPushBus();
    const hub = new PushHub(bus, { pingMs: 1000, now: () => now });
    const busy = recorder();
    const idle = recorder();
    hub.attach('busy', 'site-a', busy, undefined);
    hub.attach('idle', 'site-b', idle, undefined);
    // t = 900: an event for site-a only; t = 1000: the ping round.
    now = 900;
    hub.publish({ kind: 'site', siteId: 'site-a' }, { type: 'manifest', reason: 'release' });
    now = 1000;
    vi.advanceTimersByTime(1000);
    expect(pings(busy)).toBe(0);
    expect(pings(idle)).toBe(1);
    // Nothing more for site-a: it is pinged on the next round, and silence never exceeds 2 intervals.
    now = 2000;
    vi.advanceTimersByTime(1000);
    expect(pings(busy)).toBe(1);
    expect(pings(idle)).toBe(2);
    hub.close();
  });
});
