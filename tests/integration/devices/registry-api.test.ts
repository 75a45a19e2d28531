import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIngestApp, type IngestApp } from './ingest-app.js';
import { body, errorOf } from '../../helpers/test-app.js';
import { deviceSchema, deviceWithSecretSchema } from '../../../server/devices/devices.schemas.js';

const SITE = 'hn-p-ba-dinh';
const provision = {
  type: 'env-sensor',
  siteId: SITE,
  zoneId: 'waiting',
  position: { x: 0.25, y: 0.75 },
  model: 'ENV-5',
  serial: 'SN-00042',
  installedOn: '2026-02-01',
  vendor: 'Công ty TNHH Cảm biến Thăng Long',
  warrantyEnd: '2029-02-01',
};

let t: IngestApp;
beforeEach(async () => {
  t = await createIngestApp();
});
afterEach(async () => t.shutdown());

describe('device registry API', () => {
  it('lists the seeded demo devices within scope', async () => {
    const viewer = await t.login('v', [{ role: 'viewer', orgId: SITE }]);
    const res = await t.call('GET', '/api/v1/devices', { token: viewer });
    const { items } = await body(res, z.object({ items: z.array(deviceSchema) }));
    expect(items.length).toBeGreaterThan(20);
    expect(new Set(items.map((d) => d.siteId))).toEqual(new Set([SITE]));
    expect(JSON.stringify(items)).not.toMatch(/secret_hash|hmac-sha256/);
    expect((await t.call('GET', '/api/v1/devices?siteId=hn-p-ngoc-ha', { token: viewer })).status).toBe(403);
  });

  it('provisions with the secret shown once, rotates and decommissions, each audited', async () => {
    const fm = await t.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    const res = await t.call('POST', '/api/v1/devices', {
      token: fm,
      body: { ...provision, id: 'hn-p-ba-dinh-env-2' },
    });
    expect(res.status).toBe(201);
    const created = await body(res, deviceWithSecretSchema);
    expect(created.secret.length).toBeGreaterThanOrEqual(40);
    expect(created.mqtt.topicPrefix).toBe(`hcpv/v1/${SITE}/hn-p-ba-dinh-env-2/#`);
    const got = await t.call('GET', '/api/v1/devices/hn-p-ba-dinh-env-2', { token: fm });
    expect(await got.text()).not.toContain(created.secret);
    const c = await t.connect('hn-p-ba-dinh-env-2', created.secret);
    expect(c.connected).toBe(true);

    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    const rotated = await body(
      await t.call('POST', '/api/v1/devices/hn-p-ba-dinh-env-2/rotate-secret', { token: fm }),
      deviceWithSecretSchema,
    );
    expect(rotated.secret).not.toBe(created.secret);
    await closed;
    await expect(t.connect('hn-p-ba-dinh-env-2', created.secret)).rejects.toThrow();
    const c2 = await t.connect('hn-p-ba-dinh-env-2', rotated.secret);
    const closed2 = new Promise<void>((resolve) => c2.once('close', () => resolve()));
    const dec = await t.call('POST', '/api/v1/devices/hn-p-ba-dinh-env-2/decommission', { token: fm });
    expect((await body(dec, deviceSchema)).status).toBe('decommissioned');
    await closed2;
    await expect(t.connect('hn-p-ba-dinh-env-2', rotated.secret)).rejects.toThrow();
    expect((await t.call('POST', '/api/v1/devices/hn-p-ba-dinh-env-2/rotate-secret', { token: fm })).status).toBe(409);

    const audit = t.services.audit.query({
      scopePaths: ['/'],
      entity: 'device',
      entityId: 'hn-p-ba-dinh-env-2',
      limit: 10,
    });
    expect(audit.map((a) => a.action).reverse()).toEqual([
      'device.provision',
      'device.rotate-secret',
      'device.decommission',
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it('refuses without the role or outside the scope, and rejects bad input with paths', async () => {
    const viewer = await t.login('v2', [{ role: 'viewer', orgId: 'hn' }]);
    expect((await t.call('POST', '/api/v1/devices', { token: viewer, body: provision })).status).toBe(403);
    const other = await t.login('fm-other', [{ role: 'facility-manager', orgId: 'hn-p-ngoc-ha' }]);
    expect((await t.call('POST', '/api/v1/devices', { token: other, body: provision })).status).toBe(403);
    expect((await t.call('POST', `/api/v1/devices/${SITE}-env-sensor/decommission`, { token: other })).status).toBe(
      403,
    );
    expect((await t.call('POST', '/api/v1/devices', { body: provision })).status).toBe(401);
    const fm = await t.login('fm2', [{ role: 'facility-manager', orgId: SITE }]);
    const bad = await t.call('POST', '/api/v1/devices', {
      token: fm,
      body: { ...provision, type: 'toaster', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.map((d) => d.path)).toEqual(expect.arrayContaining(['type']));
    const zone = await t.call('POST', '/api/v1/devices', { token: fm, body: { ...provision, zoneId: 'roof' } });
    expect(await errorOf(zone)).toMatchObject({ code: 'DEVICE_UNKNOWN_ZONE' });
    const dup = await t.call('POST', '/api/v1/devices', {
      token: fm,
      body: { ...provision, id: `${SITE}-env-sensor` },
    });
    expect(dup.status).toBe(409);
    const warranty = await t.call('POST', '/api/v1/devices', {
      token: fm,
      body: { ...provision, warrantyEnd: '2020-01-01' },
    });
    expect((await errorOf(warranty)).details?.[0]?.path).toBe('warrantyEnd');
  });

  it('keeps a site with devices from being deleted', async () => {
    const admin = await t.login('ca', [{ role: 'city-admin', orgId: 'hn' }]);
    const res = await t.call('DELETE', `/api/v1/org/units/${SITE}`, { token: admin });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toMatch(/\d+ devices/);
  });
});
