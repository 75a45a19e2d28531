import { describe, expect, it } from 'vitest';
import { canAny, canAt, visiblePages } from '../../../displays/admin/lib/access.js';
import { parseRoute, routeHref } from '../../../displays/admin/lib/route.js';
import { takeOverOf } from '../../../displays/admin/lib/alert-scope.js';

const paths: Record<string, string> = { hn: '/hn/', 'hn-cn01': '/hn/hn-tt/hn-cn01/', 'hn-p-ba-dinh': '/hn/hn-tt/hn-cn01/hn-p-ba-dinh/' };
const pathOf = (id: string) => paths[id];

describe('what the console shows to whom', () => {
  it('lists every page for a city admin, only reading pages for a viewer', () => {
    expect(visiblePages([{ role: 'city-admin', orgId: 'hn' }])).toEqual(['org', 'brand', 'procedures', 'alerts', 'users', 'audit']);
    expect(visiblePages([{ role: 'viewer', orgId: 'hn-p-ba-dinh' }])).toEqual(['org', 'procedures']);
    expect(visiblePages([{ role: 'approver', orgId: 'hn' }])).toEqual(['org', 'procedures', 'alerts', 'audit']);
    expect(visiblePages([])).toEqual([]);
  });

  it('grants a permission on the granted unit and below, never above or beside', () => {
    const grants = [{ role: 'notice-editor' as const, orgId: 'hn-cn01' }];
    expect(canAt(grants, 'procedure.edit', '/hn/hn-tt/hn-cn01/hn-p-ba-dinh/', pathOf)).toBe(true);
    expect(canAt(grants, 'procedure.edit', '/hn/', pathOf)).toBe(false);
    expect(canAt(grants, 'procedure.edit', '/hn/hn-tt/hn-cn02/', pathOf)).toBe(false);
    expect(canAt(grants, 'user.manage', '/hn/hn-tt/hn-cn01/', pathOf)).toBe(false);
    expect(canAny(grants, 'procedure.edit')).toBe(true);
    expect(canAny(grants, 'release.manage')).toBe(false);
  });

  it('ignores grants on units it cannot place', () => {
    expect(canAt([{ role: 'city-admin', orgId: 'gone' }], 'org.read', '/hn/', pathOf)).toBe(false);
  });
});

describe('alert take-over', () => {
  it('counts active screens and their distinct sites', () => {
    const e = (siteId: string, status = 'active') => ({ screen: { siteId, status } });
    expect(takeOverOf([e('a'), e('a'), e('b'), e('c', 'revoked')])).toEqual({ screens: 3, sites: 2 });
    expect(takeOverOf([])).toEqual({ screens: 0, sites: 0 });
  });
});

describe('routes', () => {
  it('parses and prints the console hashes', () => {
    expect(parseRoute('#/org/hn-p-ba-dinh', 'org')).toEqual({ page: 'org', unitId: 'hn-p-ba-dinh' });
    expect(parseRoute('', 'procedures')).toEqual({ page: 'procedures', view: 'list' });
    expect(parseRoute('#/procedures/import', 'org')).toEqual({ page: 'procedures', view: 'import' });
    expect(parseRoute('#/nonsense', 'audit')).toEqual({ page: 'audit' });
    for (const h of ['#/org', '#/org/hn', '#/users', '#/audit', '#/procedures', '#/procedures/import']) {
      expect(routeHref(parseRoute(h, 'org'))).toBe(h);
    }
  });
});
