import { describe, expect, it } from 'vitest';
import { conditionsOf, occupancyOf } from '../../../displays/facility/lib/site-state.js';

const live = (
  deviceId: string,
  o: Partial<{ zoneId: string; type: string; online: boolean; faults: string[]; values: Record<string, number> }> = {},
) => ({
  deviceId,
  zoneId: 'waiting',
  type: 'printer',
  online: true,
  faults: [],
  values: {},
  ...o,
});

describe('site state', () => {
  it('gives every registered device a condition, not connected when never heard', () => {
    const c = conditionsOf(
      ['a', 'b', 'c'],
      [live('a'), live('b', { faults: ['jam'] })],
      new Map([['a', ['minor' as const]]]),
    );
    expect([...c]).toEqual([
      ['a', 'warning'],
      ['b', 'fault'],
      ['c', 'not-connected'],
    ]);
  });
  it('adds people of online occupancy sensors per zone and divides by capacity', () => {
    const { ratios, people } = occupancyOf(
      [
        { id: 'waiting', capacity: 40 },
        { id: 'lookup', capacity: 10 },
      ],
      [
        live('o1', { type: 'occupancy-sensor', values: { people: 12 } }),
        live('o2', { type: 'occupancy-sensor', values: { people: 8 } }),
        live('o3', { type: 'occupancy-sensor', online: false, values: { people: 99 } }),
        live('p', { values: { people: 50 } }),
      ],
    );
    expect(people.get('waiting')).toBe(20);
    expect(ratios.get('waiting')).toBe(0.5);
    expect(ratios.has('lookup')).toBe(false);
  });
});
