import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyMetrics,
  QueueStatsFeed,
  serviceStats,
  throttleDelay,
  type QueueMetricsLike,
} from '../../../server/screens/queue-stats.js';
import { pushMessageSchema, type QueueStatsMessage } from '../../../displays/shared/protocol.js';

const SITE = 'hn-p-ba-dinh';
const m = (
  service: string,
  waiting: number,
  meanWaitMs: number | null = null,
  at = 1,
  siteId = SITE,
): QueueMetricsLike => ({
  siteId,
  service,
  waiting,
  meanWaitMs,
  at,
});

afterEach(() => vi.useRealTimers());

describe('queue stats for lobby screens (pure parts)', () => {
  it('turns metrics into whole minutes and drops unchanged figures', () => {
    expect(serviceStats(m('Hộ tịch', 3, 749_999))).toEqual({ service: 'Hộ tịch', waiting: 3, avgWaitMin: 12 });
    expect(serviceStats(m('Hộ tịch', 3, null))).toEqual({ service: 'Hộ tịch', waiting: 3 });
    const one = applyMetrics([], m('Hộ tịch', 3, 60_000));
    expect(one).toEqual([{ service: 'Hộ tịch', waiting: 3, avgWaitMin: 1 }]);
    // Same waiting, same rounded minute: nothing a screen shows changed.
    expect(applyMetrics(one ?? [], m('Hộ tịch', 3, 70_000))).toBeNull();
    const two = applyMetrics(one ?? [], m('Chứng thực', 1));
    expect(two?.map((s) => s.service)).toEqual(['Chứng thực', 'Hộ tịch']);
    expect(applyMetrics(two ?? [], m('Hộ tịch', 2, 60_000))?.find((s) => s.service === 'Hộ tịch')?.waiting).toBe(2);
  });

  it('throttles to one publish per window', () => {
    expect(throttleDelay(undefined, 10_000, 3_000)).toBe(0);
    expect(throttleDelay(10_000, 11_000, 3_000)).toBe(2_000);
    expect(throttleDelay(10_000, 13_000, 3_000)).toBe(0);
    expect(throttleDelay(10_000, 20_000, 3_000)).toBe(0);
  });
});

describe('QueueStatsFeed', () => {
  it('publishes the first change at once, coalesces a burst into one trailing publish per site', () => {
    vi.useFakeTimers();
    let t = 0;
    const sent: QueueStatsMessage[] = [];
    const feed = new QueueStatsFeed((msg) => sent.push(msg), { throttleMs: 3_000, monotonic: () => t });
    feed.update(m('Hộ tịch', 1));
    expect(sent).toHaveLength(1);
    for (let i = 2; i <= 6; i++) feed.update(m('Hộ tịch', i, null, i));
    feed.update(m('Chứng thực', 4, 120_000, 7));
    feed.update(m('Hộ tịch', 1, null, 8, 'hn-p-hoan-kiem'));
    // Another site is throttled on its own.
    expect(sent.map((s) => s.siteId)).toEqual([SITE, 'hn-p-hoan-kiem']);
    t = 2_999;
    vi.advanceTimersByTime(2_999);
    expect(sent).toHaveLength(2);
    t = 3_000;
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({
      type: 'queue-stats',
      siteId: SITE,
      services: [
        { service: 'Chứng thực', waiting: 4, avgWaitMin: 2 },
        { service: 'Hộ tịch', waiting: 6 },
      ],
      at: 7,
    });
    // Every message is valid on the wire.
    for (const s of sent) expect(pushMessageSchema.parse(s)).toEqual(s);
    // Unchanged figures publish nothing; the snapshot is the latest.
    t = 10_000;
    feed.update(m('Hộ tịch', 6, null, 9));
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(3);
    expect(feed.snapshot(SITE)?.services.find((s) => s.service === 'Hộ tịch')?.waiting).toBe(6);
    expect(feed.snapshot('nowhere')).toBeUndefined();
    feed.close();
  });

  it('drops a pending publish on close', () => {
    vi.useFakeTimers();
    let t = 0;
    const sent: QueueStatsMessage[] = [];
    const feed = new QueueStatsFeed((msg) => sent.push(msg), { throttleMs: 3_000, monotonic: () => t });
    feed.update(m('Hộ tịch', 1));
    t = 100;
    feed.update(m('Hộ tịch', 2));
    feed.close();
    vi.advanceTimersByTime(5_000);
    expect(sent).toHaveLength(1);
  });
});
