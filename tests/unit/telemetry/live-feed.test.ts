/**
 * The live feed without HTTP: coalescing, scope filtering, replay within the ring and resync
 * beyond it, dropping a reader that cannot keep up, ending streams whose session ended, and
 * going dormant with nobody listening.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LiveFeed, type LiveFeedOptions, type StreamScope } from '../../../server/telemetry/live-feed.js';
import type { DeviceLiveState } from '../../../devices/ingest-types.js';
import { SseParser, type SseEvent } from '../../../displays/shared/sse.js';

const PATHS: Record<string, string> = { s1: '/hn/b1/s1/', s2: '/hn/b2/s2/' };
const states = new Map<string, DeviceLiveState>();
const state = (deviceId: string, siteId: string, people: number): DeviceLiveState => {
  const s: DeviceLiveState = {
    deviceId,
    siteId,
    zoneId: 'waiting',
    type: 'occupancy-sensor',
    online: true,
    since: 1,
    lastSeen: 2,
    values: { people },
    fw: null,
    faults: [],
  };
  states.set(deviceId, s);
  return s;
};

/** A device's state changes and the feed sends it. */
const change = (f: LiveFeed, deviceId: string, siteId: string, people: number): void => {
  state(deviceId, siteId, people);
  f.deviceChanged(deviceId);
  f.flush();
};

/** A connection that parses what it is sent; `accept` false plays a peer too far behind. */
class FakeConn {
  readonly events: SseEvent[] = [];
  readonly raw: string[] = [];
  readonly parser = new SseParser();
  accept = true;
  closed = false;
  send(frame: string): boolean {
    if (this.closed || !this.accept) return false;
    this.raw.push(frame);
    this.events.push(...this.parser.push(frame));
    return true;
  }
  close(): void {
    this.closed = true;
  }
  named(name: string): SseEvent[] {
    return this.events.filter((e) => e.event === name);
  }
  people(deviceId: string): number[] {
    return this.named('changes').flatMap((e) => {
      const batch = JSON.parse(e.data) as { devices: DeviceLiveState[] };
      return batch.devices.filter((d) => d.deviceId === deviceId).map((d) => d.values['people'] ?? -1);
    });
  }
}

const everywhere: StreamScope = { telemetry: ['/hn/'], alarms: ['/hn/'], workOrders: ['/hn/'] };
const branch1: StreamScope = { telemetry: ['/hn/b1/'], alarms: ['/hn/b1/'], workOrders: ['/hn/b1/'] };

const feeds: LiveFeed[] = [];
function feed(o: Partial<LiveFeedOptions> = {}): LiveFeed {
  const f = new LiveFeed({
    sitePath: (id) => PATHS[id],
    deviceState: (id) => states.get(id),
    now: () => 1_000,
    coalesceMs: 10_000,
    heartbeatMs: 60_000,
    ...o,
  });
  feeds.push(f);
  return f;
}
afterEach(() => {
  for (const f of feeds.splice(0)) f.close();
  states.clear();
});

describe('LiveFeed', () => {
  it('sends each device once per batch in its latest state, only to readers whose scope holds its site', () => {
    const f = feed();
    const all = new FakeConn();
    const b1 = new FakeConn();
    f.attach(all, everywhere, undefined);
    f.attach(b1, branch1, undefined);
    expect(all.named('resync')).toHaveLength(1);
    for (let i = 1; i <= 5; i++) {
      state('d1', 's1', i);
      f.deviceChanged('d1');
    }
    state('d2', 's2', 7);
    f.deviceChanged('d2');
    f.deviceChanged('gone'); // no live state: nothing to send
    f.flush();
    expect(all.people('d1')).toEqual([5]);
    expect(all.people('d2')).toEqual([7]);
    expect(b1.people('d1')).toEqual([5]);
    expect(b1.people('d2')).toEqual([]);
    // A batch with nothing in a reader's scope sends that reader nothing.
    change(f, 'd2', 's2', 8);
    expect(b1.named('changes')).toHaveLength(1);
    expect(all.named('changes')).toHaveLength(2);
  });

  it('replays the missed batches of a reader’s scope, and asks for a resync once they left the ring', () => {
    const f = feed({ ringBatches: 3 });
    const first = new FakeConn();
    const detach = f.attach(first, branch1, undefined);
    change(f, 'd1', 's1', 1);
    const from = first.parser.lastEventId;
    detach();
    for (const [site, n] of [
      ['s1', 2],
      ['s2', 3],
      ['s1', 4],
    ] as const) {
      state(site === 's1' ? 'd1' : 'd2', site, n);
      f.deviceChanged(site === 's1' ? 'd1' : 'd2');
      f.flush();
    }
    const back = new FakeConn();
    f.attach(back, branch1, from);
    expect(JSON.parse(back.named('hello')[0]?.data ?? '{}')).toMatchObject({ resumed: true });
    expect(back.people('d1')).toEqual([2, 4]);
    expect(back.people('d2')).toEqual([]);
    // One more batch pushes the first missed one out of the ring: the old position is lost.
    change(f, 'd2', 's2', 5);
    const late = new FakeConn();
    f.attach(late, branch1, from);
    expect(JSON.parse(late.named('hello')[0]?.data ?? '{}')).toMatchObject({ resumed: false });
    expect(late.named('resync')).toHaveLength(1);
    expect(late.named('changes')).toEqual([]);
  });

  it('drops a reader that cannot take a frame; the others keep going', () => {
    const f = feed();
    const slow = new FakeConn();
    const fast = new FakeConn();
    f.attach(slow, everywhere, undefined);
    f.attach(fast, everywhere, undefined);
    expect(f.readerCount()).toBe(2);
    slow.accept = false;
    change(f, 'd1', 's1', 1);
    expect(slow.closed).toBe(true);
    expect(f.readerCount()).toBe(1);
    expect(fast.people('d1')).toEqual([1]);
  });

  it('sends heartbeat comments carrying the current id, and closes readers whose session ended', async () => {
    const f = feed({ heartbeatMs: 20 });
    const all = new FakeConn();
    const quiet = new FakeConn();
    const ended = new FakeConn();
    f.attach(all, everywhere, undefined);
    f.attach(quiet, branch1, undefined);
    let valid = true;
    f.attach(ended, everywhere, undefined, () => valid);
    // A change outside `quiet`'s scope: no frame for it, yet its resume point must move past it.
    change(f, 'd2', 's2', 1);
    expect(quiet.named('changes')).toEqual([]);
    valid = false;
    await new Promise((r) => setTimeout(r, 60));
    expect(ended.closed).toBe(true);
    expect(quiet.raw.some((r) => r.startsWith(': hb\nid: '))).toBe(true);
    expect(quiet.parser.lastEventId).toBe(all.named('changes')[0]?.id);
    expect(quiet.events.filter((e) => e.event === 'message')).toEqual([]);
  });

  it('goes dormant with nobody listening: changes are ignored and old positions resync', async () => {
    const f = feed({ idleMs: 20 });
    const conn = new FakeConn();
    const detach = f.attach(conn, everywhere, undefined);
    change(f, 'd1', 's1', 1);
    const from = conn.parser.lastEventId;
    detach();
    await new Promise((r) => setTimeout(r, 50));
    change(f, 'd1', 's1', 2);
    const back = new FakeConn();
    f.attach(back, everywhere, from);
    expect(back.named('resync')).toHaveLength(1);
    expect(back.people('d1')).toEqual([]);
  });

  it('carries queue metrics, alarms and work orders by their site’s path, skipping sites that no longer exist', () => {
    const f = feed();
    const b1 = new FakeConn();
    f.attach(b1, branch1, undefined);
    const queue = (siteId: string) => ({
      siteId,
      service: 'Hộ tịch',
      waiting: 3,
      meanWaitMs: null,
      meanServiceMs: null,
      throughputPerHour: 0,
      noShowRate: null,
      at: 5,
    });
    f.queueChanged(queue('s1'));
    f.queueChanged(queue('deleted'));
    f.flush();
    const batch = JSON.parse(b1.named('changes')[0]?.data ?? '{}') as { queues: { siteId: string }[]; at: number };
    expect(batch.queues.map((q) => q.siteId)).toEqual(['s1']);
    expect(batch.at).toBe(1_000);
  });
});
