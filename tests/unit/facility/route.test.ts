import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../displays/facility/lib/route.js';

describe('facility routes', () => {
  it('round-trips every page', () => {
    for (const r of [
      { page: 'overview' },
      { page: 'site', siteId: 'hn-p-ba-dinh', tab: 'charts' },
      { page: 'alarms' },
      { page: 'orders' },
      { page: 'reports' },
    ] as const)
      expect(parseRoute(routeHref(r))).toEqual(r);
  });
  it('falls back safely on unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/site/../../etc')).toEqual({ page: 'overview' });
    expect(parseRoute('#/site/hn-p-ba-dinh/nope')).toEqual({ page: 'site', siteId: 'hn-p-ba-dinh', tab: 'floor' });
  });
});
