import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planFloor, squarify } from '../../../displays/facility/lib/floor-layout.js';

const zones = [
  { id: 'reception', kind: 'reception', name: 'Tiếp đón', areaM2: 12, capacity: 10 },
  { id: 'counters', kind: 'counters', name: 'Quầy', areaM2: 40, capacity: 20 },
  { id: 'waiting', kind: 'waiting', name: 'Chờ', areaM2: 30, capacity: 40 },
  { id: 'lookup', kind: 'lookup', name: 'Tra cứu', areaM2: 8, capacity: 6 },
];

describe('squarify', () => {
  it('tiles the bounds with rectangles of exactly the given areas', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: 1, maxLength: 12 }), (raw) => {
        const areas = [...raw].sort((a, b) => b - a);
        const total = areas.reduce((a, b) => a + b, 0);
        const w = Math.sqrt(total * 1.6);
        const d = total / w;
        const rects = squarify(areas, { x: 0, z: 0, w, d });
        expect(rects).toHaveLength(areas.length);
        rects.forEach((r, i) => {
          expect(r.w * r.d).toBeCloseTo(areas[i] ?? 0, 6);
          expect(r.x).toBeGreaterThanOrEqual(-1e-9);
          expect(r.z).toBeGreaterThanOrEqual(-1e-9);
          expect(r.x + r.w).toBeLessThanOrEqual(w + 1e-6);
          expect(r.z + r.d).toBeLessThanOrEqual(d + 1e-6);
        });
      }),
    );
  });
});

describe('planFloor', () => {
  it('sizes zones from their m², centres the floor and keeps zones from overlapping', () => {
    const plan = planFloor(zones, [], []);
    expect(plan.width * plan.depth).toBeCloseTo(90, 6);
    for (const z of plan.zones) expect(z.rect.w * z.rect.d).toBeCloseTo(z.areaM2, 6);
    for (const a of plan.zones)
      for (const b of plan.zones) {
        if (a === b) continue;
        const overlapX = Math.min(a.rect.x + a.rect.w, b.rect.x + b.rect.w) - Math.max(a.rect.x, b.rect.x);
        const overlapZ = Math.min(a.rect.z + a.rect.d, b.rect.z + b.rect.d) - Math.max(a.rect.z, b.rect.z);
        expect(overlapX <= 1e-9 || overlapZ <= 1e-9).toBe(true);
      }
    expect(Math.min(...plan.zones.map((z) => z.rect.x))).toBeCloseTo(-plan.width / 2, 6);
  });

  it('puts devices inside their zone and drops devices of unknown zones', () => {
    const plan = planFloor(
      zones,
      [],
      [
        { id: 'a', type: 'printer', zoneId: 'counters', position: { x: 0, y: 1 } },
        { id: 'b', type: 'camera', zoneId: 'gone', position: { x: 0.5, y: 0.5 } },
        { id: 'c', type: 'camera', zoneId: 'waiting', position: { x: Number.NaN, y: 2 } },
      ],
    );
    expect(plan.devices.map((d) => d.id)).toEqual(['a', 'c']);
    for (const d of plan.devices) {
      const r = plan.zones.find((z) => z.id === d.zoneId)?.rect;
      if (!r) throw new Error('zone missing');
      expect(d.x).toBeGreaterThan(r.x);
      expect(d.x).toBeLessThan(r.x + r.w);
      expect(d.z).toBeGreaterThan(r.z);
      expect(d.z).toBeLessThan(r.z + r.d);
    }
  });

  it('spreads counters of a zone evenly in number order', () => {
    const plan = planFloor(
      zones,
      [3, 1, 2].map((n) => ({ number: n, zoneId: 'counters' })),
      [],
    );
    expect(plan.counters.map((c) => c.number)).toEqual([1, 2, 3]);
    const xs = plan.counters.map((c) => c.x);
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[2]! - xs[1]!, 6);
  });
});
