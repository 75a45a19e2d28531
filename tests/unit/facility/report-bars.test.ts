import { describe, expect, it } from 'vitest';
import { availabilityBars, complianceBars, mttrBars } from '../../../displays/facility/lib/report-bars.js';

describe('report bars', () => {
  it('puts the least available sites first on a 0–100 scale, skipping missing figures', () => {
    const b = availabilityBars([
      { key: 'a', availabilityPct: 99.5 },
      { key: 'b', availabilityPct: 80 },
      { key: 'c', availabilityPct: null },
    ]);
    expect(b.map((x) => x.key)).toEqual(['b', 'a']);
    expect(b[0]).toMatchObject({ share: 0.8, bad: true });
    expect(b[1]?.bad).toBe(false);
  });
  it('puts the slowest repairs first, scaled to the longest', () => {
    const b = mttrBars([
      { key: 'a', mttrHours: 2 },
      { key: 'b', mttrHours: 10 },
    ]);
    expect(b.map((x) => [x.key, x.share])).toEqual([
      ['b', 1],
      ['a', 0.2],
    ]);
  });
  it('counts compliance problems and limits the list', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ siteId: `s${i}`, problems: Array<string>(i % 4).fill('x') }));
    const b = complianceBars(rows, 5);
    expect(b).toHaveLength(5);
    expect(b.every((x) => x.value === 3 && x.bad)).toBe(true);
  });
});
