import { describe, expect, it } from 'vitest';
import { countConditions, deviceCondition } from '../../../displays/facility/lib/device-condition.js';
import { NO_READING_COLOUR, heatColour, occupancyRatio } from '../../../displays/facility/lib/heat.js';
import { cameraPosition, defaultOrbit, rotate, zoom } from '../../../displays/facility/lib/orbit.js';

describe('deviceCondition', () => {
  it('is not connected when never heard, apart from offline, whatever the alarms', () => {
    expect(deviceCondition(undefined)).toBe('not-connected');
    // The live API's entry for a registered device the server has heard nothing from.
    expect(deviceCondition({ online: false, faults: [], lastSeen: null, since: null }, ['critical'])).toBe(
      'not-connected',
    );
    // Heard once, now silent; or only its last will ("offline") was ever heard: offline, not "not connected".
    expect(deviceCondition({ online: false, faults: [], lastSeen: 1_000, since: 5_000 })).toBe('offline');
    expect(deviceCondition({ online: false, faults: [], lastSeen: null, since: 5_000 })).toBe('offline');
    expect(deviceCondition({ online: false, faults: ['jam'] }, ['critical'])).toBe('offline');
  });
  it('is fault on a reported fault or a major/critical alarm, warning on lesser alarms', () => {
    expect(deviceCondition({ online: true, faults: ['paper_out'] })).toBe('fault');
    expect(deviceCondition({ online: true, faults: [] }, ['major'])).toBe('fault');
    expect(deviceCondition({ online: true, faults: [] }, ['minor', 'warning'])).toBe('warning');
    expect(deviceCondition({ online: true, faults: [] })).toBe('ok');
  });
  it('counts conditions', () => {
    expect(countConditions(['ok', 'ok', 'fault', 'not-connected'])).toEqual({
      ok: 2,
      warning: 0,
      fault: 1,
      offline: 0,
      'not-connected': 1,
    });
  });
});

describe('heat', () => {
  it('maps people/capacity to a colour that warms up, neutral without a reading', () => {
    expect(heatColour(undefined)).toBe(NO_READING_COLOUR);
    const red = (c: number) => c >> 16;
    const green = (c: number) => (c >> 8) & 0xff;
    expect(red(heatColour(1.2))).toBeGreaterThan(red(heatColour(0.2)));
    expect(green(heatColour(1.2))).toBeLessThan(green(heatColour(0.2)));
    expect(heatColour(5)).toBe(heatColour(1.3));
  });
  it('computes ratios and treats a zero-capacity zone with people as over-full', () => {
    expect(occupancyRatio(10, 20)).toBe(0.5);
    expect(occupancyRatio(undefined, 20)).toBeUndefined();
    expect(occupancyRatio(3, 0)).toBe(1.3);
    expect(occupancyRatio(-4, 10)).toBe(0);
  });
});

describe('orbit', () => {
  it('keeps the camera above the floor and at the set distance', () => {
    let o = defaultOrbit(20, 12);
    for (let i = 0; i < 50; i++) o = rotate(o, 37, 91, 800);
    const p = cameraPosition(o);
    expect(p.y).toBeGreaterThan(0);
    expect(Math.hypot(p.x, p.y, p.z)).toBeCloseTo(o.distance, 6);
    o = rotate(o, 0, -100_000, 800);
    expect(cameraPosition(o).y).toBeGreaterThan(0);
  });
  it('zooms within limits', () => {
    const o = defaultOrbit(20, 12);
    expect(zoom(o, 1e6, 3, 50).distance).toBe(50);
    expect(zoom(o, -1e6, 3, 50).distance).toBe(3);
  });
});
