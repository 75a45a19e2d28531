/**
 * Report figures against a hand-computed fixture at hn-p-ngoc-ha (weekdays 08:00–12:00 and
 * 13:30–17:00 = 7.5 opening hours a day, closed at weekends), week of Mon 2 March 2026.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parse } from 'csv-parse/sync';
import { createTestApp, body, type TestApp } from '../../helpers/test-app.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import {
  availabilityRowSchema,
  backlogRowSchema,
  complianceRowSchema,
  impactRowSchema,
  reliabilityRowSchema,
  slaRowSchema,
} from '../../../server/reports/reports.schemas.js';
import type { Episode } from '../../../server/facility/history.store.js';
import { HOUR, MIN, vn } from './helpers.js';

const SITE = 'hn-p-ngoc-ha';
const KIOSK = `${SITE}-queue-kiosk`;
const COUNTER = `${SITE}-counter-terminal-q1`;
const PRINTER = `${SITE}-printer`;
const FROM = vn('2026-03-02T00:00:00');
const TO = vn('2026-03-09T00:00:00');

let t: TestApp;
let token: string;
const rows = <T>(schema: z.ZodType<T>) => z.object({ rows: z.array(schema) });

beforeAll(async () => {
  t = await createTestApp();
  const ep = (deviceId: string, deviceType: Episode['deviceType'], from: string, to: string): Episode => ({
    deviceId,
    siteId: SITE,
    deviceType,
    cause: 'offline',
    startedAt: vn(from),
    endedAt: vn(to),
  });
  t.services.facility.history.insertEpisodes([
    ep(KIOSK, 'queue-kiosk', '2026-03-03T10:00:00', '2026-03-03T11:30:00'), // 1.5 h open, 1.5 h wall
    ep(KIOSK, 'queue-kiosk', '2026-03-04T16:00:00', '2026-03-05T09:00:00'), // 1 + 1 h open, 17 h wall
    ep(COUNTER, 'counter-terminal', '2026-03-06T11:00:00', '2026-03-06T14:00:00'), // 1 + 0.5 h open, 3 h wall
    ep(PRINTER, 'printer', '2026-03-07T09:00:00', '2026-03-08T09:00:00'), // weekend: 0 open, 24 h wall
  ]);
  // Queue hours: weekdays 10:00 and 11:00 of two weeks. Down hours (Tue 10, Tue 11, Fri 11 of week 1)
  // wait 20 min with 2 no-shows in 10; the same slots in week 2 wait 8 min with 1 no-show; every other
  // hour waits 60 min and must be ignored.
  const down = new Set(['2026-03-03T10', '2026-03-03T11', '2026-03-06T11']);
  const baseline = new Set(['2026-03-10T10', '2026-03-10T11', '2026-03-13T11']);
  const hours = [];
  for (const day of ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13']) {
    for (const h of ['10', '11']) {
      const key = `2026-03-${day}T${h}`;
      const wait = down.has(key) ? 20 : baseline.has(key) ? 8 : 60;
      const noShow = down.has(key) ? 2 : 1;
      hours.push({
        siteId: SITE,
        hour: vn(`${key}:00:00`),
        issued: 10,
        called: 10,
        waitSumMs: 10 * wait * MIN,
        finished: 10 - noShow,
        noShow,
      });
    }
  }
  t.services.facility.history.insertQueueHours(hours);

  // Work orders for SLA and backlog.
  const wo = t.services.facility.workorders;
  const at = (iso: string) => (t.clock.set(vn(iso)), vn(iso));
  const w1 = wo.create(
    SYSTEM_ACTOR,
    { siteId: SITE, title: 'Máy lấy số kẹt giấy', severity: 'critical' },
    at('2026-03-02T09:00:00'),
  );
  const w2 = wo.create(
    SYSTEM_ACTOR,
    { siteId: SITE, title: 'Bàn phím quầy 1 hỏng', severity: 'major' },
    at('2026-03-03T16:00:00'),
  );
  wo.create(SYSTEM_ACTOR, { siteId: SITE, title: 'Ghế chờ gãy', severity: 'minor' }, at('2026-03-05T10:00:00'));
  wo.transition(SYSTEM_ACTOR, w1.id, 'resolved', null, at('2026-03-02T14:00:00'));
  wo.transition(SYSTEM_ACTOR, w2.id, 'resolved', null, at('2026-03-05T09:00:00'));
  wo.create(SYSTEM_ACTOR, { siteId: SITE, title: 'Quạt kêu to', severity: 'warning' }, at('2026-03-09T08:00:00'));
  at('2026-03-09T09:00:00');
  // Signed in after moving the clock, so the session is fresh.
  token = await t.login('viewer.city', [{ role: 'viewer', orgId: 'hn' }]);
});
afterEach(() => undefined);

const q = (path: string, extra = '') => `/api/v1/reports/${path}?orgId=${SITE}&from=${FROM}&to=${TO}${extra}`;

describe('reports against a hand-computed fixture', () => {
  it('availability over opening hours per device, site and contractor', async () => {
    const byDevice = await body(
      await t.call('GET', q('availability', '&groupBy=device'), { token }),
      rows(availabilityRowSchema),
    );
    const row = (k: string) => byDevice.rows.find((r) => r.key === k);
    expect(row(KIOSK)).toEqual({
      key: KIOSK,
      devices: 1,
      openHours: 37.5,
      downOpenHours: 3.5,
      availabilityPct: 90.667,
    });
    expect(row(COUNTER)).toMatchObject({ downOpenHours: 1.5, availabilityPct: 96 });
    expect(row(PRINTER)).toMatchObject({ downOpenHours: 0, availabilityPct: 100 });

    const bySite = await body(
      await t.call('GET', q('availability', '&groupBy=site'), { token }),
      rows(availabilityRowSchema),
    );
    expect(bySite.rows).toEqual([
      { key: SITE, devices: 20, openHours: 750, downOpenHours: 5, availabilityPct: 99.333 },
    ]);

    const byContractor = await body(
      await t.call('GET', q('availability', '&groupBy=contractor'), { token }),
      rows(availabilityRowSchema),
    );
    expect(byContractor.rows.find((r) => r.key === 'Công ty CP Thiết bị Một cửa Hà Nội')).toEqual({
      key: 'Công ty CP Thiết bị Một cửa Hà Nội',
      devices: 5,
      openHours: 187.5,
      downOpenHours: 5,
      availabilityPct: 97.333,
    });
  });

  it('MTBF and MTTR from the downtime episodes', async () => {
    const byDevice = await body(
      await t.call('GET', q('reliability', '&groupBy=device'), { token }),
      rows(reliabilityRowSchema),
    );
    expect(byDevice.rows.find((r) => r.key === KIOSK)).toEqual({
      key: KIOSK,
      devices: 1,
      failures: 2,
      repaired: 2,
      mtbfHours: 74.75,
      mttrHours: 9.25,
    });
    expect(byDevice.rows.find((r) => r.key === PRINTER)).toMatchObject({ failures: 1, mtbfHours: 144, mttrHours: 24 });
    const bySite = await body(await t.call('GET', q('reliability'), { token }), rows(reliabilityRowSchema));
    expect(bySite.rows).toEqual([
      { key: SITE, devices: 20, failures: 4, repaired: 4, mtbfHours: 828.63, mttrHours: 11.38 },
    ]);
  });

  it('SLA compliance and backlog ageing', async () => {
    const sla = await body(await t.call('GET', q('sla'), { token }), rows(slaRowSchema));
    // W1 due 14:30 Mon, resolved 14:00 (met); W2 due Wed 16:30, resolved Thu 09:00 (breached); W3 not yet due.
    expect(sla.rows).toEqual([{ key: SITE, orders: 3, met: 1, breached: 1, pending: 1, compliancePct: 50 }]);
    const backlog = await body(
      await t.call('GET', `/api/v1/reports/backlog?orgId=${SITE}`, { token }),
      rows(backlogRowSchema),
    );
    expect(backlog.rows).toEqual([
      {
        key: SITE,
        open: 2,
        overdue: 0,
        age0to1d: 1,
        age1to3d: 0,
        age3to7d: 1,
        age7to30d: 0,
        age30dPlus: 0,
        oldestDays: 3.96,
      },
    ]);
  });

  it('citizen impact: down hours against the same weekday-hours on normal days', async () => {
    const res = await t.call(
      'GET',
      `/api/v1/reports/citizen-impact?orgId=${SITE}&from=${FROM}&to=${FROM + 14 * 24 * HOUR}`,
      { token },
    );
    const impact = await body(res, rows(impactRowSchema));
    expect(impact.rows).toEqual([
      {
        siteId: SITE,
        downHours: 3,
        down: { hours: 3, called: 30, meanWaitMin: 20, noShowRate: 0.2 },
        normal: { hours: 3, called: 30, meanWaitMin: 8, noShowRate: 0.1 },
        waitDeltaMin: 12,
        noShowDelta: 0.1,
      },
    ]);
  });

  it('CSV output neutralises formulas', async () => {
    const fm = await t.login('fm.ngoc-ha', [{ role: 'facility-manager', orgId: SITE }]);
    const patch = await t.call('PATCH', `/api/v1/assets/asset-${KIOSK}`, {
      token: fm,
      body: { contractor: '=HYPERLINK("http://evil","x")' },
    });
    expect(patch.status).toBe(200);
    const res = await t.call('GET', q('availability', '&groupBy=contractor&format=csv'), { token });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const table = z
      .array(z.record(z.string(), z.string()))
      .parse(parse(await res.text(), { columns: true, bom: true }));
    const evil = table.find((r) => r['key']?.includes('HYPERLINK'));
    expect(evil?.['key']).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(evil?.['availabilityPct']).toBe('90.667');
  });

  it('refuses bad periods and readers outside their scope', async () => {
    expect(
      (await t.call('GET', `/api/v1/reports/availability?orgId=${SITE}&from=${TO}&to=${FROM}`, { token })).status,
    ).toBe(400);
    const other = await t.login('viewer.ba-dinh', [{ role: 'viewer', orgId: 'hn-p-ba-dinh' }]);
    expect((await t.call('GET', q('availability'), { token: other })).status).toBe(403);
  });
});

describe('facility standard compliance', () => {
  it('flags the demo sites under 40 m² or missing equipment, and equipment not working now', async () => {
    t.services.facility.hub.deviceState({
      deviceId: 'hn-p-ba-dinh-lookup-kiosk',
      siteId: 'hn-p-ba-dinh',
      type: 'lookup-kiosk',
      online: false,
      faults: [],
      at: t.clock.now(),
    });
    const res = await t.call('GET', '/api/v1/reports/compliance?orgId=hn', { token });
    const table = (await body(res, rows(complianceRowSchema))).rows;
    expect(table).toHaveLength(39);
    const failing = Object.fromEntries(table.filter((r) => !r.compliant).map((r) => [r.siteId, r.problems]));
    expect(failing).toEqual({
      'hn-p-giang-vo': ['area 38 m² < 40 m²', 'missing lookup-kiosk: 0/1'],
      'hn-p-lang': ['area 36 m² < 40 m²', 'missing rating-terminal: 0/2'],
      'hn-p-dinh-cong': ['area 33 m² < 40 m²', 'missing lookup-kiosk: 0/1', 'missing camera: 0/1'],
      'hn-x-chuong-my': ['area 39 m² < 40 m²', 'missing queue-kiosk: 0/1'],
      'hn-p-ba-dinh': ['lookup-kiosk not working: 0/1'],
    });
    const csv = await t.call('GET', '/api/v1/reports/compliance?orgId=hn&format=csv', { token });
    const parsed = z
      .array(z.record(z.string(), z.string()))
      .parse(parse(await csv.text(), { columns: true, bom: true }));
    expect(
      parsed
        .filter((r) => r['compliant'] === 'false')
        .map((r) => r['siteId'])
        .sort(),
    ).toEqual(['hn-p-ba-dinh', 'hn-p-dinh-cong', 'hn-p-giang-vo', 'hn-p-lang', 'hn-x-chuong-my']);
  });
});
