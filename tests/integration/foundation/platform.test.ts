import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { demoCity } from '../../../config/demo-city.js';
import { seedDemoCity } from '../../../server/seed/seed.js';
import { createApp } from '../../../server/app.js';
import { silentLogger } from '../../../server/core/logger.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const countRows = (t: TestApp, table: string): number =>
  z.object({ n: z.number() }).parse(t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).n;

describe('platform', () => {
  it('serves /healthz and /readyz, and /readyz names a failing dependency', async () => {
    t = await createTestApp();
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect((await t.app.request('/readyz')).status).toBe(200);
    const broken = createApp({
      config: t.config,
      services: t.services,
      logger: silentLogger(),
      probes: [
        { name: 'state-store', check: () => true },
        { name: 'mqtt-broker', check: () => false },
        { name: 'influxdb', check: () => Promise.reject(new Error('ECONNREFUSED')) },
      ],
    });
    const res = await broken.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not-ready', failed: ['mqtt-broker', 'influxdb'] });
  });

  it('documents the org, user and audit routes in the generated OpenAPI 3.1 document', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/openapi.json');
    const doc = z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).parse(await res.json());
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/org/units',
        '/api/v1/org/units/{id}',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/auth/login',
        '/api/v1/audit',
      ]),
    );
    expect((await t.app.request('/api/docs')).status).toBe(200);
  });

  it('answers unknown routes with the error body (401 first for anonymous callers)', async () => {
    t = await createTestApp();
    expect((await t.app.request('/api/v1/nothing-here')).status).toBe(401);
    const token = await t.login('someone', [{ role: 'viewer', orgId: 'hn' }]);
    const res = await t.call('GET', '/api/v1/nothing-here', { token });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('seeds the demo city idempotently: a second run adds nothing', async () => {
    t = await createTestApp();
    const units = countRows(t, 'org_units');
    const zones = countRows(t, 'org_zones');
    const audit = countRows(t, 'audit_log');
    const again = seedDemoCity(t.services, demoCity());
    expect(again).toEqual({ unitsAdded: 0, sitesLaidOut: 0, screensAdded: 0, devicesAdded: 0 });
    expect(countRows(t, 'org_units')).toBe(units);
    expect(countRows(t, 'org_zones')).toBe(zones);
    expect(countRows(t, 'audit_log')).toBe(audit);
  });

  it('seeds a Hà Nội demo city with 12 branches, ≥24 commune/ward points, five zones each and some sites under 40 m²', async () => {
    t = await createTestApp();
    const org = t.services.org;
    expect(org.get('hn').name).toBe('Thành phố Hà Nội');
    expect(org.list({ kind: 'branch' })).toHaveLength(12);
    const points = org.list({ kind: 'site', tag: 'commune-point' });
    expect(points.length).toBeGreaterThanOrEqual(24);
    expect(points.some((s) => (s.site?.areaM2 ?? 0) < 40)).toBe(true);
    expect(points.some((s) => (s.site?.openingHours.sat.length ?? 0) > 0)).toBe(true);
    for (const s of points) {
      const kinds = org
        .layout(s.id)
        .zones.map((z) => z.kind)
        .sort();
      expect(kinds).toEqual(['counters', 'lookup', 'reception', 'support', 'waiting']);
      expect(org.layout(s.id).counters.length).toBeGreaterThan(0);
      expect(s.site?.openingHours.mon).toEqual([
        { open: '08:00', close: '12:00' },
        { open: '13:30', close: '17:00' },
      ]);
    }
    const city = demoCity();
    expect(city.devices.length).toBeGreaterThan(200);
    expect(city.screens.length).toBeGreaterThan(80);
  });

  it('creates a first admin with a generated password only when none is configured, and only once', async () => {
    t = await createTestApp({ seed: true });
    const fresh = await createTestApp();
    try {
      // createTestApp users are created through login(); a fresh app has none yet.
      const generated = await fresh.services.auth.ensureFirstAdmin('hn', 'admin', undefined);
      expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await fresh.services.auth.ensureFirstAdmin('hn', 'admin', undefined)).toBeUndefined();
      const res = await fresh.call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: generated } });
      expect(res.status).toBe(200);
      expect(await t.services.auth.ensureFirstAdmin('hn', 'admin', 'configured password 123')).toBeUndefined();
      const login = await t.call('POST', '/api/v1/auth/login', {
        body: { username: 'admin', password: 'configured password 123' },
      });
      expect(login.status).toBe(200);
    } finally {
      fresh.close();
    }
  });
});
