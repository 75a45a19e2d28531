/** Targeting notices by zone: the zones a unit's sites have, and refusing zones none of them has. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { noticeSchema, noticeZoneSchema } from '../../../server/notices/notices.schemas.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';

const zonesSchema = z.object({ items: z.array(noticeZoneSchema) });

let t: TestApp;
let editor: string;
beforeEach(async () => {
  t = await createTestApp();
  editor = await t.login('editor', [{ role: 'notice-editor', orgId: 'hn' }]);
});
afterEach(() => t.close());

const draft = (orgId: string, zones: string[]) => ({
  title: { vi: 'Hướng dẫn khu vực chờ' },
  body: { vi: 'Mời công dân ngồi chờ đến lượt.' },
  target: { orgId, zones },
  validFrom: '2026-03-02T08:00:00+07:00',
});

describe('notice zones', () => {
  it('lists the zones of the sites under a unit, by id, with their name and how many sites have them', async () => {
    const sites = t.services.org.sitesUnder('hn-cn01');
    expect(sites.length).toBeGreaterThan(1);
    // One site of the branch gets a zone of its own.
    const [first] = sites;
    if (!first) throw new Error('no site');
    const own = [...t.services.org.store.zones(first.id)];
    t.services.org.setZones(SYSTEM_ACTOR, first.id, [
      ...own,
      { id: 'goc-tre-em', kind: 'other', name: 'Góc trẻ em', areaM2: 6, capacity: 4 },
    ]);

    const res = await t.call('GET', '/api/v1/notices/zones?orgId=hn-cn01', { token: editor });
    expect(res.status).toBe(200);
    const { items } = await body(res, zonesSchema);
    const waiting = items.find((x) => x.id === 'waiting');
    expect(waiting).toEqual({ id: 'waiting', kind: 'waiting', name: 'Khu vực chờ', sites: sites.length });
    expect(items.find((x) => x.id === 'goc-tre-em')).toEqual({
      id: 'goc-tre-em',
      kind: 'other',
      name: 'Góc trẻ em',
      sites: 1,
    });
    // The standard's zones (every site) come before a zone of one site.
    expect(items.at(-1)?.id).toBe('goc-tre-em');

    // Another branch has no such zone.
    const other = await body(
      await t.call('GET', '/api/v1/notices/zones?orgId=hn-cn02', { token: editor }),
      zonesSchema,
    );
    expect(other.items.map((x) => x.id)).not.toContain('goc-tre-em');
    expect(other.items.map((x) => x.id)).toContain('waiting');

    // A notice aimed at that zone is accepted in the branch that has it, refused in the other.
    const ok = await t.call('POST', '/api/v1/notices', { token: editor, body: draft('hn-cn01', ['goc-tre-em']) });
    expect(ok.status).toBe(201);
    expect((await body(ok, noticeSchema)).target.zones).toEqual(['goc-tre-em']);
    const refused = await t.call('POST', '/api/v1/notices', {
      token: editor,
      body: draft('hn-cn02', ['waiting', 'goc-tre-em']),
    });
    expect(refused.status).toBe(400);
    const err = await errorOf(refused);
    expect(err.code).toBe('NOTICE_UNKNOWN_ZONE');
    expect(err.details).toEqual([{ path: 'target.zones.1', message: 'no site under hn-cn02 has a zone "goc-tre-em"' }]);
  });

  it('checks zones on every save, and needs notice.read on the unit to list them', async () => {
    const created = await body(
      await t.call('POST', '/api/v1/notices', { token: editor, body: draft('hn', ['waiting']) }),
      noticeSchema,
    );
    const put = await t.call('PUT', `/api/v1/notices/${created.id}`, {
      token: editor,
      body: draft('hn', ['khong-co']),
    });
    expect(put.status).toBe(400);
    expect((await errorOf(put)).code).toBe('NOTICE_UNKNOWN_ZONE');
    expect(t.services.notices.get(created.id).target.zones).toEqual(['waiting']);

    const outsider = await t.login('ward-editor', [{ role: 'notice-editor', orgId: 'hn-p-ba-dinh' }]);
    expect((await t.call('GET', '/api/v1/notices/zones?orgId=hn-cn02', { token: outsider })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/notices/zones?orgId=hn-p-ba-dinh', { token: outsider })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/notices/zones?orgId=khong-co', { token: editor })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/notices/zones', { token: editor })).status).toBe(400);
  });
});
