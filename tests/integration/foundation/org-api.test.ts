import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, errorOf, type TestApp } from '../../helpers/test-app.js';
import { orgUnitSchema, siteLayoutSchema } from '../../../server/org/org.schemas.js';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.login('city.admin', [{ role: 'city-admin', orgId: 'hn' }]);
});
afterEach(() => t.close());

const newWard = {
  parentId: 'hn-cn01',
  kind: 'site',
  name: 'Điểm phục vụ hành chính công phường Thử Nghiệm',
  tags: ['commune-point'],
  site: {
    address: 'Số 1 phố Thử Nghiệm, Hà Nội',
    areaM2: 45,
    openingHours: { mon: [{ open: '08:00', close: '12:00' }] },
  },
};

const auditOf = (t: TestApp, entityId: string) =>
  t.services.audit.query({ scopePaths: ['/'], entityId, limit: 50 }).map((e) => e.action);

describe('org units', () => {
  it('creates, reads, updates, moves and deletes a site, auditing each change with before/after', async () => {
    const created = await t.call('POST', '/api/v1/org/units', { token: admin, body: newWard });
    expect(created.status).toBe(201);
    const unit = await body(created, orgUnitSchema);
    expect(unit.id).toBe('diem-phuc-vu-hanh-chinh-cong-phuong-thu-nghiem');
    expect(unit.path).toBe(`/hn/hn-ttpvhcc/hn-cn01/${unit.id}/`);
    expect(unit.site?.openingHours.sat).toEqual([]);

    const patched = await t.call('PATCH', `/api/v1/org/units/${unit.id}`, {
      token: admin,
      body: { site: { areaM2: 52 }, tags: ['ward'] },
    });
    expect(patched.status).toBe(200);
    const after = await body(patched, orgUnitSchema);
    expect(after.site?.areaM2).toBe(52);
    expect(after.site?.address).toBe(newWard.site.address);

    const moved = await t.call('POST', `/api/v1/org/units/${unit.id}/move`, {
      token: admin,
      body: { parentId: 'hn-cn02' },
    });
    expect(moved.status).toBe(200);
    expect((await body(moved, orgUnitSchema)).path).toBe(`/hn/hn-ttpvhcc/hn-cn02/${unit.id}/`);

    const zones = await t.call('PUT', `/api/v1/org/units/${unit.id}/zones`, {
      token: admin,
      body: { zones: [{ id: 'waiting', kind: 'waiting', name: 'Khu vực chờ', areaM2: 20, capacity: 15 }] },
    });
    expect(zones.status).toBe(200);
    const counters = await t.call('PUT', `/api/v1/org/units/${unit.id}/counters`, {
      token: admin,
      body: { counters: [{ number: 1, zoneId: 'waiting', fields: ['Hộ tịch'] }] },
    });
    expect((await body(counters, siteLayoutSchema)).counters).toHaveLength(1);

    expect((await t.call('DELETE', `/api/v1/org/units/${unit.id}`, { token: admin })).status).toBe(204);
    expect((await t.call('GET', `/api/v1/org/units/${unit.id}`, { token: admin })).status).toBe(404);

    expect(auditOf(t, unit.id).reverse()).toEqual([
      'org.create',
      'org.update',
      'org.move',
      'org.zones',
      'org.counters',
      'org.delete',
    ]);
    const update = t.services.audit.query({ scopePaths: ['/'], entityId: unit.id, action: 'org.update', limit: 1 })[0];
    expect(update?.actor).toMatchObject({ kind: 'user', name: 'city.admin' });
    expect(orgUnitSchema.parse(update?.before).site?.areaM2).toBe(45);
    expect(orgUnitSchema.parse(update?.after).site?.areaM2).toBe(52);
  });

  it('refuses to delete a unit that is not empty, and to move a unit under its own subtree', async () => {
    const del = await t.call('DELETE', '/api/v1/org/units/hn-cn01', { token: admin });
    expect(del.status).toBe(409);
    expect((await errorOf(del)).code).toBe('ORG_NOT_EMPTY');
    const self = await t.call('POST', '/api/v1/org/units/hn-cn01/move', {
      token: admin,
      body: { parentId: 'hn-cn01' },
    });
    expect((await errorOf(self)).code).toBe('ORG_MOVE_CYCLE');
    const underSite = await t.call('POST', '/api/v1/org/units/hn-cn01/move', {
      token: admin,
      body: { parentId: 'hn-p-hoan-kiem' },
    });
    expect((await errorOf(underSite)).code).toBe('ORG_BAD_PARENT');
    const cycle = await t.call('POST', '/api/v1/org/units/hn-ttpvhcc/move', {
      token: admin,
      body: { parentId: 'hn-cn01' },
    });
    expect((await errorOf(cycle)).code).toBe('ORG_MOVE_CYCLE');
  });

  it('rejects unknown and mistyped fields with the path of each problem, and nothing reaches the store', async () => {
    const before = t.services.org.store.count();
    const res = await t.call('POST', '/api/v1/org/units', {
      token: admin,
      body: {
        ...newWard,
        colour: 'red',
        site: { ...newWard.site, areaM2: 'big', openingHours: { mon: [{ open: '13:00', close: '12:00' }] } },
      },
    });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('VALIDATION');
    const paths = err.details?.map((d) => d.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['(body)', 'site.areaM2', 'site.openingHours.mon.0.close']));
    expect(t.services.org.store.count()).toBe(before);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await t.call('POST', '/api/v1/org/units', { token: admin, body: '{"parentId": "hn-cn01",' });
    expect(bad.status).toBe(400);
    const big = await t.call('POST', '/api/v1/org/units', {
      token: admin,
      body: JSON.stringify({ ...newWard, name: 'x'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives 401 without a session, 403 outside role or scope, 404 for a missing unit', async () => {
    expect((await t.call('GET', '/api/v1/org/units')).status).toBe(401);
    const wardAdmin = await t.login('ward.admin', [{ role: 'city-admin', orgId: 'hn-p-ba-dinh' }]);
    const viewer = await t.login('branch.viewer', [{ role: 'viewer', orgId: 'hn-cn01' }]);
    expect(
      (await t.call('PATCH', '/api/v1/org/units/hn-p-ngoc-ha', { token: wardAdmin, body: { tags: ['x'] } })).status,
    ).toBe(403);
    expect(
      (await t.call('PATCH', '/api/v1/org/units/hn-p-ba-dinh', { token: wardAdmin, body: { tags: ['x'] } })).status,
    ).toBe(200);
    expect(
      (await t.call('PATCH', '/api/v1/org/units/hn-p-ba-dinh', { token: viewer, body: { tags: ['y'] } })).status,
    ).toBe(403);
    expect((await t.call('GET', '/api/v1/org/units/hn-p-ba-dinh', { token: viewer })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/org/units/hn-p-hoan-kiem', { token: viewer })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/org/units/khong-co', { token: admin })).status).toBe(404);

    const list = await t.call('GET', '/api/v1/org/units', { token: viewer });
    const { items } = await body(list, z.object({ items: z.array(orgUnitSchema) }));
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((u) => u.path.startsWith('/hn/hn-ttpvhcc/hn-cn01/'))).toBe(true);
  });

  it("shares a unit's parsed site details between reads only as frozen values, and reads an edit back", async () => {
    const a = t.services.org.get('hn-p-dong-da');
    const b = t.services.org.get('hn-p-dong-da');
    expect(a).not.toBe(b);
    expect(a.site).toBe(b.site); // validated once for this text, then shared…
    expect(Object.isFrozen(a.site)).toBe(true); // …so no reader can change it under another
    expect(Object.isFrozen(a.site?.openingHours.mon)).toBe(true);
    expect(Object.isFrozen(a.tags)).toBe(true);
    expect(() => a.site?.openingHours.mon.push({ open: '07:00', close: '08:00' })).toThrow(TypeError);

    const res = await t.call('PATCH', '/api/v1/org/units/hn-p-dong-da', {
      token: admin,
      body: { site: { areaM2: 321 } },
    });
    expect(res.status).toBe(200);
    const after = t.services.org.get('hn-p-dong-da');
    expect(after.site?.areaM2).toBe(321);
    expect(after.site?.openingHours).toEqual(a.site?.openingHours);
    expect(a.site?.areaM2).not.toBe(321); // what an earlier read holds is unchanged
  });

  it('finds units by diacritic-insensitive search', async () => {
    const res = await t.call('GET', '/api/v1/org/units?q=dong%20da', { token: admin });
    const { items } = await body(res, z.object({ items: z.array(orgUnitSchema) }));
    expect(items.map((u) => u.id)).toContain('hn-p-dong-da');
  });
});
