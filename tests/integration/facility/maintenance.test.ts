import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, type TestApp } from '../../helpers/test-app.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { DAY, HOUR, run, state, vn } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const SITE = 'hn-p-ba-dinh';
const assetList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      deviceId: z.string().nullable(),
      model: z.string(),
      vendor: z.string(),
      installedOn: z.string(),
      warrantyEnd: z.string().nullable(),
      usage: z.object({ tickets: z.number(), hoursOn: z.number() }),
    }),
  ),
});

describe('assets', () => {
  it('lists every registry device as an asset and registers equipment without a connection', async () => {
    const fm = await t.login('fm.ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const viewer = await t.login('viewer.ba-dinh', [{ role: 'viewer', orgId: SITE }]);
    const devices = t.services.devices.list({ siteIds: [SITE], status: 'active' });
    const before = await body(await t.call('GET', `/api/v1/assets?orgId=${SITE}`, { token: viewer }), assetList);
    expect(before.items.map((a) => a.deviceId).sort()).toEqual(devices.map((d) => d.id).sort());
    const kiosk = before.items.find((a) => a.kind === 'queue-kiosk');
    expect(kiosk?.model).toBe('QK-22 (máy lấy số)');
    expect(kiosk?.warrantyEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const chair = {
      siteId: SITE,
      zoneId: 'waiting',
      kind: 'chair',
      name: 'Dãy ghế chờ 5 chỗ số 1',
      model: 'GC-05',
      vendor: 'Nội thất Hòa Phát',
      installedOn: '2024-06-01',
      warrantyEnd: '2026-06-01',
    };
    expect((await t.call('POST', '/api/v1/assets', { token: viewer, body: chair })).status).toBe(403);
    expect(
      (await t.call('POST', '/api/v1/assets', { token: fm, body: { ...chair, warrantyEnd: '2020-01-01' } })).status,
    ).toBe(400);
    expect((await t.call('POST', '/api/v1/assets', { token: fm, body: chair })).status).toBe(201);
    expect(
      (await t.call('POST', '/api/v1/assets', { token: fm, body: { ...chair, kind: 'fan', name: 'Quạt treo tường' } }))
        .status,
    ).toBe(201);
    const after = await body(await t.call('GET', `/api/v1/assets?orgId=${SITE}`, { token: viewer }), assetList);
    expect(
      after.items
        .filter((a) => a.deviceId === null)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['chair', 'fan']);
  });

  it('follows the registry: a newly provisioned device becomes an asset', () => {
    t.services.devices.provision(SYSTEM_ACTOR, {
      type: 'printer',
      siteId: SITE,
      zoneId: 'support',
      position: { x: 0.2, y: 0.2 },
      model: 'HP M404',
      installedOn: '2026-01-10',
      vendor: 'Văn phòng Thủ đô',
      id: 'hn-p-ba-dinh-printer-2',
    });
    expect(t.services.facility.maintenance.store.assetByDevice('hn-p-ba-dinh-printer-2')?.model).toBe('HP M404');
  });
});

describe('preventive maintenance', () => {
  const resolveAll = () => {
    for (const w of t.services.facility.workorders.list({ scopePaths: ['/'], statuses: ['open'], limit: 100 })) {
      t.services.facility.workorders.transition(SYSTEM_ACTOR, w.id, 'resolved', 'done', t.clock.now());
    }
  };

  it('creates monthly orders 7 days ahead of each due date, one at a time, for four months', async () => {
    const fm = await t.login('fm.ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const res = await t.call('POST', '/api/v1/pm-schedules', {
      token: fm,
      body: {
        assetId: 'asset-hn-p-ba-dinh-air-conditioner',
        title: 'Vệ sinh lưới lọc điều hòa',
        unit: 'month',
        every: 1,
        lead: 7,
        firstDueAt: vn('2026-04-01T09:00:00'),
      },
    });
    expect(res.status).toBe(201);
    const created: { createdAt: number; dueAt: number }[] = [];
    const end = vn('2026-07-02T09:00:00');
    while (t.clock.now() < end) {
      run(t, HOUR, HOUR);
      const open = t.services.facility.workorders.list({ scopePaths: ['/'], statuses: ['open'], limit: 10 });
      for (const w of open)
        if (!created.some((c) => c.createdAt === w.createdAt)) created.push({ createdAt: w.createdAt, dueAt: w.dueAt });
      // The technician does the job three days after the order appears.
      for (const w of open)
        if (t.clock.now() - w.createdAt >= 3 * DAY)
          t.services.facility.workorders.transition(SYSTEM_ACTOR, w.id, 'resolved', 'done', t.clock.now());
    }
    expect(created).toEqual([
      { createdAt: vn('2026-03-25T09:00:00'), dueAt: vn('2026-04-01T09:00:00') },
      { createdAt: vn('2026-04-24T09:00:00'), dueAt: vn('2026-05-01T09:00:00') },
      { createdAt: vn('2026-05-25T09:00:00'), dueAt: vn('2026-06-01T09:00:00') },
      { createdAt: vn('2026-06-24T09:00:00'), dueAt: vn('2026-07-01T09:00:00') },
    ]);
  });

  it('does not open a second order while the previous one is still open', () => {
    t.services.facility.maintenance.createSchedule(
      SYSTEM_ACTOR,
      {
        assetId: 'asset-hn-p-ba-dinh-printer',
        title: 'Bảo dưỡng máy in',
        unit: 'week',
        every: 1,
        lead: 1,
        severity: 'minor',
      },
      t.clock.now(),
    );
    run(t, 30 * DAY, 6 * HOUR);
    expect(t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(1);
    resolveAll();
    run(t, 7 * DAY, 6 * HOUR);
    expect(t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(2);
  });

  it('creates usage orders by tickets printed and by hours on', () => {
    const m = t.services.facility.maintenance;
    const kiosk = 'hn-p-ba-dinh-queue-kiosk';
    m.createSchedule(
      SYSTEM_ACTOR,
      {
        assetId: `asset-${kiosk}`,
        title: 'Thay đầu in nhiệt',
        unit: 'tickets',
        every: 1_000,
        lead: 50,
        severity: 'minor',
      },
      t.clock.now(),
    );
    const ticket = () =>
      t.services.facility.hub.ticket({ siteId: SITE, deviceId: kiosk, kind: 'issued', at: t.clock.now() });
    for (let i = 0; i < 949; i++) ticket();
    m.tick(t.clock.now());
    expect(t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(0);
    ticket();
    m.tick(t.clock.now());
    const [wo] = t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 });
    expect(wo?.origin).toBe('pm');
    expect(wo?.title).toContain('950 tickets');
    expect(m.store.schedules(`asset-${kiosk}`)[0]?.nextDueUsage).toBe(2_000);

    const cam = 'hn-p-ba-dinh-camera';
    m.createSchedule(
      SYSTEM_ACTOR,
      {
        assetId: `asset-${cam}`,
        title: 'Lau ống kính camera',
        unit: 'hours_on',
        every: 100,
        lead: 0,
        severity: 'warning',
      },
      t.clock.now(),
    );
    state(t, cam, SITE, 'camera', true);
    run(t, 99 * HOUR, HOUR);
    expect(t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(1);
    run(t, 2 * HOUR, HOUR);
    expect(
      t.services.facility.workorders
        .list({ scopePaths: ['/'], limit: 10 })
        .map((w) => w.title)
        .some((x) => x.startsWith('Lau ống kính')),
    ).toBe(true);
  });
});
