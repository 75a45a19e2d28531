import { describe, expect, it } from 'vitest';
import { canAny, canAt, visiblePages } from '../../../displays/admin/lib/access.js';
import { parseRoute, routeHref } from '../../../displays/admin/lib/route.js';
import { takeOverOf } from '../../../displays/admin/lib/alert-scope.js';
import { seenBefore, shortRelease } from '../../../displays/admin/lib/fleet-filter.js';
import { ackedPercent, isRolloutFinished, laggards, inTarget } from '../../../displays/admin/lib/rollout-view.js';

const paths: Record<string, string> = {
  hn: '/hn/',
  'hn-cn01': '/hn/hn-tt/hn-cn01/',
  'hn-p-ba-dinh': '/hn/hn-tt/hn-cn01/hn-p-ba-dinh/',
};
const pathOf = (id: string) => paths[id];

describe('what the console shows to whom', () => {
  it('lists every page for a city admin, only reading pages for a viewer', () => {
    expect(visiblePages([{ role: 'city-admin', orgId: 'hn' }])).toEqual([
      'org',
      'fleet',
      'brand',
      'rollouts',
      'procedures',
      'notices',
      'alerts',
      'users',
      'audit',
    ]);
    expect(visiblePages([{ role: 'viewer', orgId: 'hn-p-ba-dinh' }])).toEqual(['org', 'fleet', 'procedures']);
    expect(visiblePages([{ role: 'approver', orgId: 'hn' }])).toEqual([
      'org',
      'fleet',
      'procedures',
      'notices',
      'alerts',
      'audit',
    ]);
    expect(visiblePages([{ role: 'notice-editor', orgId: 'hn-p-ba-dinh' }])).toEqual([
      'org',
      'fleet',
      'procedures',
      'notices',
    ]);
    expect(visiblePages([{ role: 'brand-editor', orgId: 'hn' }])).toContain('brand');
    expect(visiblePages([{ role: 'brand-editor', orgId: 'hn' }])).not.toContain('notices');
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

describe('rollout view', () => {
  const p = { status: 'rolling', targeted: 18, acked: 9, delivered: 12, failed: 0, offline: 1, waiting: 6 };
  it('computes the acked share and when a rollout is over', () => {
    expect(ackedPercent(p)).toBe(50);
    expect(ackedPercent({ ...p, targeted: 0, acked: 0 })).toBe(0);
    expect(isRolloutFinished(p)).toBe(false);
    expect(isRolloutFinished({ status: 'completed' })).toBe(true);
    expect(isRolloutFinished({ status: 'halted' })).toBe(true);
  });

  it('lists screens assigned the release but not showing it, offline first', () => {
    const e = (id: string, releaseId: string | null, shownRelease: string | null, online: boolean) => ({
      screen: { id, name: id, siteId: 's', releaseId, shownRelease },
      online,
    });
    const fleet = [
      e('b', 'r2', 'r1', true),
      e('a', 'r2', 'r2', true),
      e('c', 'r2', null, false),
      e('d', 'r1', 'r1', true),
    ];
    expect(laggards(fleet, 'r2').map((x) => x.screen.id)).toEqual(['c', 'b']);
    expect(laggards(fleet, 'r2', new Set(['b'])).map((x) => x.screen.id)).toEqual(['b']);
  });

  it('selects the fleet entries a target names: units (or the root), then tags', () => {
    const paths = new Map([
      ['hn', '/hn/'],
      ['cn1', '/hn/cn1/'],
      ['a', '/hn/cn1/a/'],
      ['b', '/hn/cn1/b/'],
      ['cn2', '/hn/cn2/'],
      ['c', '/hn/cn2/c/'],
    ]);
    const s = (id: string, siteId: string, tags: string[]) => ({ screen: { id, siteId, tags } });
    const fleet = [s('a1', 'a', ['lobby']), s('b1', 'b', ['counter']), s('c1', 'c', ['lobby']), s('x1', 'gone', [])];
    const ids = (target: Parameters<typeof inTarget>[2]) =>
      inTarget(fleet, (id) => paths.get(id), target).map((e) => e.screen.id);
    expect(ids({ orgId: 'hn' })).toEqual(['a1', 'b1', 'c1']);
    expect(ids({ orgId: 'hn', units: ['a', 'cn2'] })).toEqual(['a1', 'c1']);
    expect(ids({ orgId: 'hn', units: ['cn1'], tags: ['counter'] })).toEqual(['b1']);
    expect(ids({ orgId: 'hn', tags: ['nothing'] })).toEqual([]);
  });
});

describe('fleet filters', () => {
  it('keeps screens not seen for N minutes, never-seen ones included', () => {
    const now = 10 * 60_000;
    const e = (lastSeen: number | null) => ({ screen: { lastSeen } });
    const all = [e(now), e(now - 5 * 60_000), e(null)];
    expect(seenBefore(all, 5, now)).toHaveLength(2);
    expect(seenBefore(all, 0, now)).toHaveLength(3);
    expect(shortRelease('rel-0123456789abcdef01234567')).toBe('rel-01234567');
    expect(shortRelease(null)).toBe('—');
  });
});

describe('routes', () => {
  it('parses and prints the console hashes', () => {
    expect(parseRoute('#/org/hn-p-ba-dinh', 'org')).toEqual({ page: 'org', unitId: 'hn-p-ba-dinh' });
    expect(parseRoute('', 'procedures')).toEqual({ page: 'procedures', view: 'list' });
    expect(parseRoute('#/procedures/import', 'org')).toEqual({ page: 'procedures', view: 'import' });
    expect(parseRoute('#/nonsense', 'audit')).toEqual({ page: 'audit' });
    expect(parseRoute('#/notices/review', 'org')).toEqual({ page: 'notices', view: 'review', id: null });
    expect(parseRoute('#/notices/new', 'org')).toEqual({ page: 'notices', view: 'edit', id: null });
    const id = '0b7f5a8e-1c1d-4e1e-9a55-1b2c3d4e5f60';
    expect(parseRoute(`#/notices/${id}`, 'org')).toEqual({ page: 'notices', view: 'edit', id });
    for (const h of [
      '#/org',
      '#/org/hn',
      '#/users',
      '#/audit',
      '#/procedures',
      '#/procedures/import',
      '#/notices',
      '#/notices/review',
      '#/notices/new',
      `#/notices/${id}`,
    ]) {
      expect(routeHref(parseRoute(h, 'org'))).toBe(h);
    }
  });
});
