import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, errorOf, type TestApp } from '../../helpers/test-app.js';
import { alarmSchema } from '../../../server/alarms/alarms.routes.js';
import { alarmsOf, MIN, ordersOf, run, state, vn } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const SITE = 'hn-p-ba-dinh';
const KIOSK = 'hn-p-ba-dinh-queue-kiosk';

describe('alarm lifecycle', () => {
  it('gives no duplicates under a flapping fault: nothing for 20 s blips, one alarm and one work order for 90 s on / 40 s off', () => {
    state(t, KIOSK, SITE, 'queue-kiosk', true);
    for (let i = 0; i < 90; i++) {
      state(t, KIOSK, SITE, 'queue-kiosk', true, i % 2 === 0 ? ['PRINTER_JAM'] : []);
      run(t, 20_000, 20_000);
    }
    expect(alarmsOf(t, KIOSK)).toHaveLength(0);

    for (let i = 0; i < 15; i++) {
      state(t, KIOSK, SITE, 'queue-kiosk', true, ['PRINTER_JAM']);
      run(t, 90_000, 10_000);
      state(t, KIOSK, SITE, 'queue-kiosk', true);
      run(t, 40_000, 10_000);
    }
    const alarms = alarmsOf(t, KIOSK);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.type).toBe('fault:PRINTER_JAM');
    expect(alarms[0]?.severity).toBe('critical');
    expect(alarms[0]?.occurrences).toBe(1);
    expect(alarms[0]?.state).toBe('active-unacked');
    const history = t.services.facility.alarms.history(alarms[0]?.id ?? '');
    expect(history.map((h) => h.event)).toEqual(['raised']);
    expect(ordersOf(t, KIOSK)).toHaveLength(1);
  });

  it('suppresses a short blip (raise needs 60 s) and keeps one alarm across clear/return cycles', () => {
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PAPER_OUT']);
    run(t, 30_000, 10_000);
    state(t, KIOSK, SITE, 'queue-kiosk', true);
    run(t, 10 * MIN);
    expect(alarmsOf(t, KIOSK)).toHaveLength(0);

    for (let cycle = 0; cycle < 5; cycle++) {
      state(t, KIOSK, SITE, 'queue-kiosk', true, ['PAPER_OUT']);
      run(t, 5 * MIN);
      state(t, KIOSK, SITE, 'queue-kiosk', true);
      run(t, 6 * MIN); // longer than clearAfterS: the alarm clears, unacknowledged
    }
    const alarms = alarmsOf(t, KIOSK);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.occurrences).toBe(5);
    expect(alarms[0]?.state).toBe('cleared-unacked');
  });

  it('uses hysteresis on environment values: no re-raise while hovering around the limit', () => {
    const env = 'hn-p-ba-dinh-env-sensor';
    const send = (temperature: number) =>
      t.services.facility.hub.deviceValues({
        deviceId: env,
        siteId: SITE,
        zoneId: 'waiting',
        type: 'env-sensor',
        values: { temperature },
        at: t.clock.now(),
      });
    send(31);
    run(t, 2 * MIN);
    expect(alarmsOf(t, env).map((a) => a.state)).toEqual(['active-unacked']);
    // Hovering between 29.5 and 30.5 stays inside the 1 °C hysteresis band: still active, no new alarm.
    for (let i = 0; i < 30; i++) {
      send(i % 2 ? 29.5 : 30.5);
      run(t, MIN);
    }
    expect(alarmsOf(t, env)).toHaveLength(1);
    expect(alarmsOf(t, env)[0]?.state).toBe('active-unacked');
    send(28.5);
    run(t, 6 * MIN);
    expect(alarmsOf(t, env)[0]?.state).toBe('cleared-unacked');

    const co2 = (v: number) =>
      t.services.facility.hub.deviceValues({
        deviceId: env,
        siteId: SITE,
        zoneId: 'waiting',
        type: 'env-sensor',
        values: { co2: v },
        at: t.clock.now(),
      });
    co2(1_250);
    run(t, 2 * MIN);
    expect(alarmsOf(t, env).find((a) => a.type === 'env:co2')?.value).toBe(1_250);
  });

  it('raises nothing for a device offline outside opening hours, and raises once the site is open long enough', () => {
    // hn-p-ngoc-ha is closed on Saturdays. Go offline Friday 17:30 and stay offline all weekend.
    const site = 'hn-p-ngoc-ha';
    const kiosk = 'hn-p-ngoc-ha-queue-kiosk';
    t.clock.set(vn('2026-03-06T17:30:00'));
    state(t, kiosk, site, 'queue-kiosk', true);
    state(t, kiosk, site, 'queue-kiosk', false);
    run(t, vn('2026-03-09T08:05:00') - t.clock.now(), 5 * MIN);
    expect(alarmsOf(t, kiosk)).toHaveLength(0);
    // queue-kiosk offlineAfterMin = 10 (opening hours), then 60 s of suppression.
    run(t, 7 * MIN);
    const alarms = alarmsOf(t, kiosk);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.type).toBe('offline');
    expect(alarms[0]?.raisedAt).toBeGreaterThanOrEqual(vn('2026-03-09T08:10:00'));
    expect(alarms[0]?.raisedAt).toBeLessThanOrEqual(vn('2026-03-09T08:12:00'));
  });

  it('counts only opening hours: offline over lunch raises nothing until 13:30 + the limit', () => {
    const cam = 'hn-p-ba-dinh-camera';
    t.clock.set(vn('2026-03-03T11:55:00'));
    state(t, cam, SITE, 'camera', true);
    state(t, cam, SITE, 'camera', false);
    run(t, vn('2026-03-03T13:35:00') - t.clock.now());
    expect(alarmsOf(t, cam)).toHaveLength(0); // 5 + 5 open minutes < 15
    run(t, 10 * MIN);
    expect(alarmsOf(t, cam)).toHaveLength(1);
  });

  it('acknowledges with a comment over the API, keeps the history, and closes a cleared acknowledged alarm', async () => {
    const tech = await t.login('tech.ba-dinh', [{ role: 'technician', orgId: SITE }]);
    const viewer = await t.login('viewer.ba-dinh', [{ role: 'viewer', orgId: SITE }]);
    const other = await t.login('tech.ngoc-ha', [{ role: 'technician', orgId: 'hn-p-ngoc-ha' }]);
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PAPER_OUT']);
    run(t, 2 * MIN);
    const list = await t.call('GET', `/api/v1/alarms?orgId=${SITE}&state=active-unacked`, { token: viewer });
    expect(list.status).toBe(200);
    const [alarm] = (await body(list, z.object({ items: z.array(alarmSchema) }))).items;
    expect(alarm?.type).toBe('fault:PAPER_OUT');
    const id = alarm?.id ?? '';

    expect((await t.call('POST', `/api/v1/alarms/${id}/ack`, { token: viewer, body: { comment: 'x' } })).status).toBe(
      403,
    );
    expect((await t.call('POST', `/api/v1/alarms/${id}/ack`, { token: other, body: { comment: 'x' } })).status).toBe(
      403,
    );
    const noComment = await t.call('POST', `/api/v1/alarms/${id}/ack`, { token: tech, body: {} });
    expect(noComment.status).toBe(400);
    expect((await errorOf(noComment)).details?.[0]?.path).toBe('comment');

    const acked = await t.call('POST', `/api/v1/alarms/${id}/ack`, { token: tech, body: { comment: 'Đã thay giấy' } });
    expect((await body(acked, alarmSchema)).state).toBe('active-acked');
    expect((await t.call('POST', `/api/v1/alarms/${id}/ack`, { token: tech, body: { comment: 'again' } })).status).toBe(
      409,
    );

    state(t, KIOSK, SITE, 'queue-kiosk', true);
    run(t, 6 * MIN);
    const got = await t.call('GET', `/api/v1/alarms/${id}`, { token: viewer });
    const detail = await body(
      got,
      z.object({
        alarm: alarmSchema,
        history: z.array(z.object({ event: z.string(), comment: z.string().nullable() })),
      }),
    );
    expect(detail.alarm.state).toBe('cleared-acked');
    expect(detail.history.map((h) => h.event)).toEqual(['raised', 'acked', 'cleared']);
    expect(detail.history[1]?.comment).toBe('Đã thay giấy');

    // Closed: the same fault later opens a new alarm.
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PAPER_OUT']);
    run(t, 2 * MIN);
    expect(alarmsOf(t, KIOSK)).toHaveLength(2);
    expect(t.services.audit.query({ scopePaths: ['/'], action: 'alarm.ack', limit: 10 })).toHaveLength(1);
  });

  it('raises queue, occupancy and lobby-screen alarms', () => {
    const hub = t.services.facility.hub;
    hub.queue({ siteId: SITE, waiting: 80, p90WaitMs: 50 * MIN, at: t.clock.now() });
    // Waiting capacity of hn-p-ba-dinh: floor(96 × 0.3 / 1.2) = 24.
    hub.deviceValues({
      deviceId: 'hn-p-ba-dinh-occupancy-sensor',
      siteId: SITE,
      zoneId: 'waiting',
      type: 'occupancy-sensor',
      values: { people: 30 },
      at: t.clock.now(),
    });
    hub.screen({
      screenId: 'hn-p-ba-dinh-scr-lobby',
      siteId: SITE,
      online: false,
      manifestLagMs: 0,
      at: t.clock.now(),
    });
    hub.screen({
      screenId: 'hn-p-ba-dinh-scr-entry',
      siteId: SITE,
      online: true,
      manifestLagMs: 5 * MIN,
      at: t.clock.now(),
    });
    run(t, 30 * MIN);
    const types = t.services.facility.alarms
      .list({ scopePaths: ['/'], limit: 100 })
      .map((a) => `${a.sourceId}:${a.type}`)
      .sort();
    expect(types).toEqual([
      'hn-p-ba-dinh-scr-entry:screen-behind',
      'hn-p-ba-dinh-scr-lobby:screen-offline',
      'hn-p-ba-dinh/waiting:occupancy',
      'hn-p-ba-dinh:queue-p90-wait',
      'hn-p-ba-dinh:queue-waiting',
    ]);
  });

  it('applies new rules from the API at once and refuses invalid ones, keeping the old', async () => {
    const admin = await t.login('city.admin', [{ role: 'city-admin', orgId: 'hn' }]);
    const fm = await t.login('fm.ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const rules = {
      environment: { co2: { max: 800, hysteresis: 50, severity: 'major' } },
      flapping: { raiseAfterS: 0, clearAfterS: 0 },
    };
    expect((await t.call('PUT', '/api/v1/alarm-rules', { token: fm, body: rules })).status).toBe(403);
    const bad = await t.call('PUT', '/api/v1/alarm-rules', {
      token: admin,
      body: { environment: { co2: { max: 'high' } } },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.[0]?.path).toBe('environment.co2.max');
    expect(t.services.facility.alarms.rules.get().environment['co2']?.max).toBe(1_000);

    const ok = await t.call('PUT', '/api/v1/alarm-rules', { token: admin, body: rules });
    expect(ok.status).toBe(200);
    t.services.facility.hub.deviceValues({
      deviceId: 'hn-p-ba-dinh-env-sensor',
      siteId: SITE,
      zoneId: 'waiting',
      type: 'env-sensor',
      values: { co2: 900 },
      at: t.clock.now(),
    });
    const [a] = alarmsOf(t, 'hn-p-ba-dinh-env-sensor');
    expect(a?.severity).toBe('major');
    const reload = await t.call('POST', '/api/v1/alarm-rules/reload', { token: admin });
    expect(reload.status).toBe(200);
    expect(t.services.facility.alarms.rules.info().source).toBe('api');
    expect(t.services.facility.alarms.rules.get().environment['co2']?.max).toBe(800);
  });
});
