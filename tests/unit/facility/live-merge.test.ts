import { describe, expect, it } from 'vitest';
import {
  applyToSite,
  applyToSites,
  mergeAlarms,
  mergeDevices,
  severitiesByDevice,
  upsert,
} from '../../../displays/facility/lib/live-merge.js';
import { LiveView } from '../../../displays/facility/lib/live-view.js';
import type { StreamBatch } from '../../../displays/facility/lib/live-stream.js';

type Device = StreamBatch['devices'][number];
type Alarm = StreamBatch['alarms'][number];

const device = (deviceId: string, o: Partial<Device> = {}): Device => ({
  deviceId,
  siteId: 's1',
  zoneId: 'waiting',
  type: 'occupancy-sensor',
  online: true,
  since: 1,
  lastSeen: 10,
  values: {},
  fw: null,
  faults: [],
  ...o,
});

const alarm = (id: string, o: Partial<Alarm> = {}): Alarm => ({
  id,
  sourceId: 'd1',
  type: 'fault:JAM',
  siteId: 's1',
  sitePath: '/hn/s1/',
  deviceId: 'd1',
  deviceType: 'printer',
  severity: 'major',
  message: 'jam',
  value: null,
  state: 'active-unacked',
  occurrences: 1,
  raisedAt: 1,
  clearedAt: null,
  ackedAt: null,
  ackedBy: null,
  ackComment: null,
  updatedAt: 1,
  ...o,
});

const batch = (o: Partial<StreamBatch>): StreamBatch => ({
  at: 100,
  devices: [],
  queues: [],
  alarms: [],
  workOrders: [],
  ...o,
});

const OPEN = ['active-unacked', 'active-acked'];

describe('live merge', () => {
  it('replaces by key unless the held item is newer, appends new ones, drops those that no longer belong', () => {
    const key = (x: { k: string }) => x.k;
    const stamp = (x: { t: number }) => x.t;
    const list = [
      { k: 'a', t: 5, v: 1 },
      { k: 'b', t: 5, v: 1 },
    ];
    const out = upsert(
      list,
      [
        { k: 'a', t: 4, v: 2 },
        { k: 'b', t: 6, v: 2 },
        { k: 'c', t: 1, v: 2 },
      ],
      key,
      stamp,
    );
    expect(out).toEqual([
      { k: 'a', t: 5, v: 1 },
      { k: 'b', t: 6, v: 2 },
      { k: 'c', t: 1, v: 2 },
    ]);
    expect(upsert(out, [{ k: 'b', t: 7, v: 0 }], key, stamp, (x) => x.v > 0).map((x) => x.k)).toEqual(['a', 'c']);
  });

  it('orders device states by their last message or state change', () => {
    const heard = device('d1', { lastSeen: 50, values: { people: 5 } });
    // An older state (e.g. a batch applied again over a fresher REST answer) changes nothing.
    expect(mergeDevices([heard], [device('d1', { lastSeen: 40, values: { people: 4 } })])).toEqual([heard]);
    // Going offline after silence: same last message, later state change.
    const off = device('d1', { lastSeen: 50, since: 90, online: false });
    expect(mergeDevices([heard], [off])).toEqual([off]);
    // A registered device never heard (no state at all) takes its first state.
    const never = device('d2', { lastSeen: null, since: null });
    expect(mergeDevices([never], [device('d2')])[0]?.lastSeen).toBe(10);
  });

  it('keeps only the alarm states a view shows', () => {
    const list = [alarm('a1'), alarm('a2')];
    const cleared = alarm('a1', { state: 'cleared-unacked', updatedAt: 2 });
    const raised = alarm('a3', { updatedAt: 3 });
    expect(mergeAlarms(list, [cleared, raised], OPEN).map((a) => a.id)).toEqual(['a2', 'a3']);
  });

  it('applies a batch to one site’s view, ignoring other sites', () => {
    const view = { live: [device('d1')], queues: [], alarms: [alarm('a1')] };
    const next = applyToSite(
      view,
      batch({
        devices: [device('d1', { lastSeen: 20, faults: ['JAM'] }), device('x', { siteId: 's2' })],
        queues: [
          {
            siteId: 's1',
            service: 'Hộ tịch',
            waiting: 4,
            meanWaitMs: null,
            meanServiceMs: null,
            throughputPerHour: 0,
            noShowRate: null,
            at: 5,
          },
        ],
        alarms: [alarm('a1', { state: 'active-acked', updatedAt: 9 }), alarm('z', { siteId: 's2' })],
      }),
      's1',
      OPEN,
    );
    expect(next.live.map((d) => [d.deviceId, d.faults])).toEqual([['d1', ['JAM']]]);
    expect(next.queues.map((q) => q.waiting)).toEqual([4]);
    expect(next.alarms.map((a) => [a.id, a.state])).toEqual([['a1', 'active-acked']]);
    expect(severitiesByDevice(next.alarms)).toEqual(new Map([['d1', ['major']]]));
  });

  it('applies a batch to many sites; a site whose device list is unknown stays unknown', () => {
    const figures = new Map([
      ['s1', { live: [device('d1')], openAlarms: [] as Alarm[] }],
      ['s2', { live: undefined, openAlarms: undefined }],
    ]);
    const next = applyToSites(
      figures,
      batch({
        devices: [device('d1', { lastSeen: 30, online: false, since: 30 }), device('d9', { siteId: 's2' })],
        alarms: [alarm('a1')],
      }),
      OPEN,
    );
    expect(next.get('s1')?.live?.[0]?.online).toBe(false);
    expect(next.get('s1')?.openAlarms?.map((a) => a.id)).toEqual(['a1']);
    expect(next.get('s2')?.live).toBeUndefined();
    expect(next.has('s3')).toBe(false);
  });
});

describe('LiveView', () => {
  it('applies batches that arrive during a fetch on top of its answer, newest winning', () => {
    let renders = 0;
    const view = new LiveView<Device[]>(
      (v, b) => mergeDevices(v, b.devices),
      () => renders++,
    );
    view.batch(batch({ devices: [device('d1')] }));
    expect(view.value).toBeUndefined();
    view.fetching();
    // While the answer is on its way: one change newer than it, one older.
    view.batch(batch({ devices: [device('d1', { lastSeen: 99, values: { people: 9 } })] }));
    view.batch(batch({ devices: [device('d2', { lastSeen: 1, values: { people: 1 } })] }));
    view.fetched([device('d1', { lastSeen: 50 }), device('d2', { lastSeen: 50, values: { people: 2 } })]);
    expect(view.value?.map((d) => [d.deviceId, d.values['people']])).toEqual([
      ['d1', 9],
      ['d2', 2],
    ]);
    view.batch(batch({ devices: [device('d2', { lastSeen: 60, values: { people: 3 } })] }));
    expect(view.value?.find((d) => d.deviceId === 'd2')?.values['people']).toBe(3);
    expect(renders).toBe(2);
    view.reset();
    expect(view.value).toBeUndefined();
  });
});
