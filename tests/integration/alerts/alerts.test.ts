import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { alertSchema } from '../../../server/alerts/alerts.schemas.js';
import { toPlain } from '../../../server/text/rich-text.js';

const XSS = '<script>alert(1)</script>';
let t: TestApp;
let manager: string;
beforeEach(async () => {
  t = await createTestApp();
  manager = await t.login('approver-cn01', [{ role: 'approver', orgId: 'hn-cn01' }]);
});
afterEach(() => t.close());

const allSites = () => t.services.org.list({ scopePaths: ['/hn/'], kind: 'site' }).map((s) => s.id);
const activeSites = (at = t.clock.now()) =>
  allSites().filter((id) => t.services.alerts.activeForSite(id, at).length > 0);

describe('emergency alerts', () => {
  it('are active for exactly the sites under the branch until stopped', async () => {
    const events: string[] = [];
    t.services.alerts.events.on('started', ({ orgPath }) => events.push(`started ${orgPath}`));
    t.services.alerts.events.on('stopped', ({ orgPath }) => events.push(`stopped ${orgPath}`));
    const res = await t.call('POST', '/api/v1/alerts', {
      token: manager,
      body: { orgId: 'hn-cn01', kind: 'system-outage' },
    });
    expect(res.status).toBe(201);
    const a = await body(res, alertSchema);
    expect(a).toMatchObject({
      status: 'active',
      severity: 'warning',
      title: { vi: 'Hệ thống tạm dừng tiếp nhận' },
      startedBy: { name: 'approver-cn01' },
    });
    expect(a.plannedEndAt - a.startedAt).toBe(120 * 60_000);

    const branch = t.services.org
      .sitesUnder('hn-cn01')
      .map((s) => s.id)
      .sort();
    expect(branch.length).toBeGreaterThanOrEqual(3);
    expect(activeSites().sort()).toEqual(branch);
    expect(allSites().length).toBeGreaterThan(branch.length);

    const dup = await t.call('POST', '/api/v1/alerts', {
      token: manager,
      body: { orgId: 'hn-cn01', kind: 'system-outage' },
    });
    expect((await errorOf(dup)).code).toBe('ALERT_ALREADY_ACTIVE');

    t.clock.advance(30 * 60_000);
    const stop = await t.call('POST', `/api/v1/alerts/${a.id}/stop`, { token: manager });
    expect(stop.status).toBe(200);
    expect(await body(stop, alertSchema)).toMatchObject({
      status: 'stopped',
      stoppedAt: t.clock.now(),
      stoppedBy: { name: 'approver-cn01' },
    });
    expect(activeSites()).toEqual([]);
    // State, not a message: at a past instant the alert was active.
    expect(activeSites(t.clock.now() - 1).sort()).toEqual(branch);
    expect(events).toEqual(['started /hn/hn-ttpvhcc/hn-cn01/', 'stopped /hn/hn-ttpvhcc/hn-cn01/']);
    expect((await t.call('POST', `/api/v1/alerts/${a.id}/stop`, { token: manager })).status).toBe(409);

    const audit = t.services.audit.query({ scopePaths: ['/hn/'], entity: 'alert', entityId: a.id, limit: 10 });
    expect(audit.map((e) => e.action).reverse()).toEqual(['alert.start', 'alert.stop']);
  });

  it('expire by themselves at the planned end, computed from the clock', async () => {
    const a = await body(
      await t.call('POST', '/api/v1/alerts', {
        token: manager,
        body: { orgId: 'hn-p-ba-dinh', kind: 'closing-early', closeAt: '15:30', durationMinutes: 90 },
      }),
      alertSchema,
    );
    expect(toPlain(a.body.vi)).toContain('lúc 15:30');
    t.clock.advance(90 * 60_000 - 1);
    expect(activeSites()).toEqual(['hn-p-ba-dinh']);
    t.clock.advance(1);
    expect(activeSites()).toEqual([]);
    const token = await t.login('approver-cn01', []);
    const got = await body(await t.call('GET', `/api/v1/alerts/${a.id}`, { token }), alertSchema);
    expect(got.status).toBe('expired');
    const active = await body(
      await t.call('GET', '/api/v1/alerts?active=true', { token }),
      z.object({ items: z.array(alertSchema) }),
    );
    expect(active.items).toEqual([]);
  });

  it('refuse starting or stopping outside the grant, and without the role', async () => {
    const outside = await t.call('POST', '/api/v1/alerts', {
      token: manager,
      body: { orgId: 'hn-cn02', kind: 'power-cut' },
    });
    expect((await errorOf(outside)).code).toBe('FORBIDDEN_SCOPE');
    const city = await t.login('admin', [{ role: 'city-admin', orgId: 'hn' }]);
    const a = await body(
      await t.call('POST', '/api/v1/alerts', { token: city, body: { orgId: 'hn', kind: 'evacuation' } }),
      alertSchema,
    );
    expect(activeSites().length).toBe(allSites().length);
    expect((await t.call('POST', `/api/v1/alerts/${a.id}/stop`, { token: manager })).status).toBe(403);
    const editor = await t.login('editor', [{ role: 'notice-editor', orgId: 'hn' }]);
    expect(
      (await t.call('POST', '/api/v1/alerts', { token: editor, body: { orgId: 'hn-p-ba-dinh', kind: 'power-cut' } }))
        .status,
    ).toBe(403);
    const forSite = await body(
      await t.call('GET', '/api/v1/alerts?siteId=hn-p-ba-dinh', { token: editor }),
      z.object({ items: z.array(alertSchema) }),
    );
    expect(forSite.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('keep custom text with XSS payloads as text', async () => {
    const bad = await t.call('POST', '/api/v1/alerts', { token: manager, body: { orgId: 'hn-cn01', kind: 'custom' } });
    expect(bad.status).toBe(400);
    const res = await t.call('POST', '/api/v1/alerts', {
      token: manager,
      body: {
        orgId: 'hn-cn01',
        kind: 'custom',
        title: { vi: `Cảnh báo ${XSS}` },
        body: { vi: `**Lưu ý** ${XSS}` },
        durationMinutes: 5,
      },
    });
    const a = await body(res, alertSchema);
    expect(a.title.vi).toBe(`Cảnh báo ${XSS}`);
    expect(a.body.vi).toEqual([{ type: 'p', spans: [{ text: 'Lưu ý', bold: true }, { text: ` ${XSS}` }] }]);
  });
});
