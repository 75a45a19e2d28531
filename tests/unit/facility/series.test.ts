import { describe, expect, it } from 'vitest';
import { aggregate, summarise, type RollupRow } from '../../../displays/facility/lib/series.js';

const r = (t: number, deviceId: string, field: string, mean: number, count = 1): RollupRow => ({
  t,
  deviceId,
  field,
  count,
  mean,
  sum: mean * count,
});

describe('aggregate', () => {
  it('adds occupancy across sensors, averaging each sensor inside a bucket first', () => {
    const rows = [
      r(0, 'a', 'people', 10),
      r(60_000, 'a', 'people', 20),
      r(0, 'b', 'people', 5),
      r(0, 'b', 'temperature', 30),
    ];
    expect(aggregate(rows, 'occupancy', 300_000)).toEqual([{ t: 0, v: 20 }]);
  });
  it('weights waiting time by event count and converts ms to minutes', () => {
    const rows = [r(0, 'k', 'waitMs', 60_000, 3), r(0, 'k2', 'waitMs', 600_000, 1)];
    expect(aggregate(rows, 'wait', 60_000)[0]?.v).toBeCloseTo((3 * 1 + 10) / 4, 9);
  });
  it('averages temperature across sensors and orders buckets in time', () => {
    const rows = [r(3_600_000, 'e1', 'temperature', 28), r(0, 'e1', 'temperature', 26), r(0, 'e2', 'temperature', 30)];
    expect(aggregate(rows, 'temperature', 3_600_000)).toEqual([
      { t: 0, v: 28 },
      { t: 3_600_000, v: 28 },
    ]);
  });
  it('summarises', () => {
    expect(summarise([])).toEqual({ last: null, max: null, mean: null });
    expect(
      summarise([
        { t: 0, v: 2 },
        { t: 1, v: 6 },
      ]),
    ).toEqual({ last: 6, max: 6, mean: 4 });
  });
});
