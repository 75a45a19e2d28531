import { describe, expect, it } from 'vitest';
import {
  applyQueueStats,
  totalWaiting,
  WAITING_STALE_OFFLINE_MS,
  waitingRows,
  waitLabel,
} from '../../../displays/player/lib/queue-waiting.js';
import type { QueueStatsMessage } from '../../../displays/shared/protocol.js';

const SITE = 'hn-p-ba-dinh';
const msg = (at: number, services: QueueStatsMessage['services'], siteId = SITE): QueueStatsMessage => ({
  type: 'queue-stats',
  siteId,
  services,
  at,
});

describe('people waiting per service', () => {
  it('keeps the newest figures of its own site only', () => {
    let s = applyQueueStats(null, msg(100, [{ service: 'Hộ tịch', waiting: 3 }]), SITE, 1_000);
    expect(s).toEqual({ services: [{ service: 'Hộ tịch', waiting: 3 }], at: 100, receivedAt: 1_000 });
    // Another site's figures and older figures (out of order) change nothing.
    expect(applyQueueStats(s, msg(200, [{ service: 'Hộ tịch', waiting: 9 }], 'hn-p-hoan-kiem'), SITE, 2_000)).toBe(s);
    expect(applyQueueStats(s, msg(50, [{ service: 'Hộ tịch', waiting: 1 }]), SITE, 2_000)).toBe(s);
    s = applyQueueStats(s, msg(100, [{ service: 'Hộ tịch', waiting: 4 }]), SITE, 3_000);
    expect(s?.services[0]?.waiting).toBe(4);
    // Before the manifest is known (first start), the site cannot be checked: figures are kept.
    expect(applyQueueStats(null, msg(1, [], 'x'), null, 0)?.at).toBe(1);
  });

  it('shows the longest queues first, nobody-waiting last, at most `max`', () => {
    const s = applyQueueStats(
      null,
      msg(1, [
        { service: 'Chứng thực', waiting: 0 },
        { service: 'Hộ tịch', waiting: 5, avgWaitMin: 12 },
        { service: 'Đất đai', waiting: 5 },
        { service: 'Xây dựng', waiting: 2, avgWaitMin: 0 },
      ]),
      SITE,
      0,
    );
    expect(waitingRows(s, { max: 3, now: 0, online: true })).toEqual([
      { service: 'Đất đai', waiting: 5, waitLabel: '' },
      { service: 'Hộ tịch', waiting: 5, waitLabel: '~12 phút' },
      { service: 'Xây dựng', waiting: 2, waitLabel: '< 1 phút' },
    ]);
    expect(waitingRows(s, { max: 0, now: 0, online: true })).toEqual([]);
    expect(waitingRows(null, { max: 3, now: 0, online: true })).toEqual([]);
    expect(totalWaiting(s)).toBe(12);
  });

  it('hides figures that went stale while the stream is down, never while it is up', () => {
    const s = applyQueueStats(null, msg(1, [{ service: 'Hộ tịch', waiting: 2 }]), SITE, 1_000);
    const later = 1_000 + WAITING_STALE_OFFLINE_MS + 1;
    expect(waitingRows(s, { max: 2, now: 1_000 + WAITING_STALE_OFFLINE_MS, online: false })).toHaveLength(1);
    expect(waitingRows(s, { max: 2, now: later, online: false })).toEqual([]);
    expect(waitingRows(s, { max: 2, now: later, online: true })).toHaveLength(1);
  });

  it('labels the average wait in minutes', () => {
    expect(waitLabel(undefined)).toBe('');
    expect(waitLabel(0)).toBe('< 1 phút');
    expect(waitLabel(7)).toBe('~7 phút');
  });
});
