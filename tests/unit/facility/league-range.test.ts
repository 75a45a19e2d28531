import { describe, expect, it } from 'vitest';
import {
  emptyAlarms,
  filterRows,
  nextSort,
  p90,
  sortRows,
  totals,
  type SiteRow,
} from '../../../displays/facility/lib/league.js';
import { localMidnight, rangeOf, toColumns } from '../../../displays/facility/lib/time-range.js';

const row = (name: string, o: Partial<SiteRow> = {}): SiteRow => ({
  siteId: name.toLowerCase(),
  name,
  branchId: 'b1',
  branchName: 'Chi nhánh 1',
  alarms: emptyAlarms(),
  devicesDown: null,
  devicesNotConnected: null,
  devicesTotal: 0,
  waiting: null,
  p90WaitMin: null,
  availabilityPct: null,
  compliance: 'unknown',
  ...o,
});

describe('league table', () => {
  const rows = [
    row('Ba Đình', { waiting: 12, alarms: { ...emptyAlarms(), major: 3 } }),
    row('Ngọc Hà', { waiting: 30, alarms: { ...emptyAlarms(), critical: 1 }, branchId: 'b2' }),
    row('Giảng Võ'),
  ];
  it('sorts by alarm severity first, missing figures last in both directions', () => {
    expect(sortRows(rows, 'alarms', 'desc').map((r) => r.name)).toEqual(['Ngọc Hà', 'Ba Đình', 'Giảng Võ']);
    expect(sortRows(rows, 'waiting', 'asc').map((r) => r.name)).toEqual(['Ba Đình', 'Ngọc Hà', 'Giảng Võ']);
    expect(sortRows(rows, 'waiting', 'desc').map((r) => r.name)).toEqual(['Ngọc Hà', 'Ba Đình', 'Giảng Võ']);
  });
  it('sorts Vietnamese names in Vietnamese order', () => {
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Ba Đình', 'Giảng Võ', 'Ngọc Hà']);
  });
  it('filters by branch and name', () => {
    expect(filterRows(rows, 'b2').map((r) => r.name)).toEqual(['Ngọc Hà']);
    expect(filterRows(rows, null, 'giảng').map((r) => r.name)).toEqual(['Giảng Võ']);
  });
  it('flips direction on the same column', () => {
    expect(nextSort({ key: 'waiting', dir: 'desc' }, 'waiting')).toEqual({ key: 'waiting', dir: 'asc' });
    expect(nextSort({ key: 'waiting', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
  it('totals alarms and people waiting', () => {
    const t = totals(rows);
    expect(t.waiting).toBe(42);
    expect(t.alarms.critical).toBe(1);
    expect(t.alarms.major).toBe(3);
  });
  it('computes a nearest-rank 90th percentile', () => {
    expect(p90([])).toBeNull();
    expect(p90([5])).toBe(5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
  });
});

describe('time ranges', () => {
  const now = Date.UTC(2026, 2, 2, 2, 0); // 09:00 in Hà Nội
  it('starts today at Hà Nội midnight', () => {
    expect(localMidnight(now)).toBe(Date.UTC(2026, 2, 1, 17, 0));
    expect(rangeOf('today', now)).toEqual({
      from: Date.UTC(2026, 2, 1, 17, 0),
      to: now,
      resolution: 'minute',
      bucketMs: 300_000,
    });
  });
  it('covers 7 and 30 whole days with coarser buckets', () => {
    expect(rangeOf('7d', now)?.from).toBe(Date.UTC(2026, 1, 23, 17, 0));
    expect(rangeOf('30d', now)?.bucketMs).toBe(6 * 3_600_000);
  });
  it('rejects a custom range that ends before it starts or is not a date', () => {
    expect(rangeOf('custom', now, { from: '2026-02-10', to: '2026-02-01' })).toBeUndefined();
    expect(rangeOf('custom', now, { from: 'yesterday', to: '2026-02-01' })).toBeUndefined();
    expect(rangeOf('custom', now, { from: '2026-02-01', to: '2026-02-10' })?.resolution).toBe('hour');
  });
  it('turns points into uPlot columns with gaps as null', () => {
    expect(
      toColumns(
        [
          { t: 2000, values: { a: 1 } },
          { t: 1000, values: { a: 2, b: 3 } },
        ],
        ['a', 'b'],
      ),
    ).toEqual([
      [1, 2],
      [2, 1],
      [3, null],
    ]);
  });
});

import { buildRows } from '../../../displays/facility/lib/overview-rows.js';

describe('overview rows', () => {
  const units = [
    { id: 'hn', parentId: null, kind: 'city', name: 'Hà Nội', shortName: null },
    { id: 'cn1', parentId: 'hn', kind: 'branch', name: 'Chi nhánh số 1', shortName: 'CN1' },
    { id: 's1', parentId: 'cn1', kind: 'site', name: 'Ba Đình', shortName: null },
    { id: 's2', parentId: 'hn', kind: 'site', name: 'Trụ sở', shortName: null },
  ];
  it('counts devices down and people waiting, and leaves unknown figures null', () => {
    const rows = buildRows(
      units,
      new Map([
        [
          's1',
          {
            live: [
              { online: true, faults: [] },
              { online: true, faults: ['jam'] },
              { online: false, faults: [] },
            ],
            queues: [{ waiting: 4 }, { waiting: 7 }],
            openAlarms: [{ severity: 'major' as const }, { severity: 'major' as const }],
          },
        ],
      ]),
    );
    expect(rows.map((r) => r.siteId)).toEqual(['s1', 's2']);
    expect(rows[0]).toMatchObject({ branchId: 'cn1', branchName: 'CN1', devicesDown: 2, devicesTotal: 3, waiting: 11 });
    expect(rows[0]?.alarms).toEqual({ critical: 0, major: 2, minor: 0, warning: 0 });
    expect(rows[1]).toMatchObject({
      branchId: null,
      alarms: null,
      devicesDown: null,
      devicesNotConnected: null,
      waiting: null,
      compliance: 'unknown',
    });
  });

  it('counts devices never heard as not connected, not as down', () => {
    const never = { online: false, faults: [], lastSeen: null, since: null };
    const rows = buildRows(
      units,
      new Map([
        [
          's1',
          {
            live: [
              { online: true, faults: [], lastSeen: 5, since: 1 },
              { online: false, faults: [], lastSeen: 5, since: 9 },
              never,
              never,
            ],
          },
        ],
        ['s2', { live: [never] }],
      ]),
    );
    expect(rows[0]).toMatchObject({ devicesDown: 1, devicesNotConnected: 2, devicesTotal: 4 });
    expect(rows[1]).toMatchObject({ devicesDown: 0, devicesNotConnected: 1, devicesTotal: 1 });
    expect(totals(rows)).toMatchObject({ devicesDown: 1, devicesNotConnected: 3 });
  });
});
