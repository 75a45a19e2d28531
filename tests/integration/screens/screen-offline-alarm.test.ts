/**
 * Lobby screens in the facility hub: a paired screen is not an MQTT device; the fleet watcher
 * (server/facility/screens-adapter.ts, polled on the facility tick in main.ts) turns its
 * heartbeats and silences into the same alarm rules as devices (`screen-offline` counted in the
 * site's opening hours, severity from config/alarm-rules.ts). Real HTTP, real services.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { ScreenWatcher } from '../../../server/facility/screens-adapter.js';
import { alarmsOf, MIN, vn } from '../facility/helpers.js';
import { http, serveApp, type Served } from './screen-client.js';
import { pairScreen } from './pairing.js';

const SITE = 'hn-p-ba-dinh';
let t: TestApp;
let s: Served;
let watcher: ScreenWatcher;
beforeEach(async () => {
  t = await createTestApp();
  s = await serveApp(t);
  // The real fleet, read for this site only (the whole demo city per fake minute is slow and
  // adds nothing: main.ts polls `under: ['/']` with the same code).
  const path = t.services.org.pathOf(SITE);
  if (!path) throw new Error(`no site ${SITE}`);
  watcher = new ScreenWatcher({ fleet: () => t.services.screens.fleet({ under: [path] }) }, t.services.facility.hub);
});
afterEach(async () => {
  await s.close();
  t.close();
});

/** What main.ts does every facility tick, once a minute of fake time. */
function minutes(n: number, each: () => Promise<void> | void = () => undefined): Promise<void> {
  return (async () => {
    for (let i = 0; i < n; i++) {
      t.clock.advance(MIN);
      await each();
      watcher.poll(t.clock.now());
      t.services.facility.hub.tick(t.clock.now());
    }
  })();
}

describe('lobby screen offline → facility alarm', () => {
  it('raises screen-offline when a paired screen stops heartbeating in opening hours, clears when it is back, ignores closed hours', async () => {
    expect(t.clock.now()).toBe(vn('2026-03-02T09:00:00'));
    const manager = await t.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    const lobby = await pairScreen(s.base, manager, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Sảnh',
    });
    const beat = async (token: string) => {
      const res = await http(s.base, 'POST', '/api/v1/display/heartbeat', { token, body: { uptimeS: 60, hash: null } });
      expect(res.status).toBe(200);
    };
    const offline = (id: string) => alarmsOf(t, id).filter((a) => a.type === 'screen-offline');

    // Heartbeating every minute: online, no alarm.
    await minutes(20, () => beat(lobby.token));
    expect(offline(lobby.screenId)).toEqual([]);

    // Silent from 09:20: offline after 90 s without a request, alarm after 10 open minutes (+ the 60 s raise delay).
    await minutes(9);
    expect(offline(lobby.screenId)).toEqual([]);
    await minutes(6);
    const raised = offline(lobby.screenId);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      siteId: SITE,
      deviceType: 'lobby-screen',
      severity: 'major',
      state: 'active-unacked',
    });

    // Back: heartbeats again; the alarm clears after the clear delay.
    await minutes(10, () => beat(lobby.token));
    expect(offline(lobby.screenId)[0]?.state).toBe('cleared-unacked');

    // A screen going silent just before the lunch break: closed hours do not count.
    const entry = await pairScreen(s.base, manager, {
      siteId: SITE,
      zoneId: 'reception',
      profile: 'portrait-1080',
      name: 'Lối vào',
    });
    const untilNoon = (vn('2026-03-02T11:55:00') - t.clock.now()) / MIN;
    await minutes(untilNoon, () => beat(entry.token));
    // 11:55 → 13:25: 90 minutes silent, about 5 of them open.
    await minutes(90);
    expect(offline(entry.screenId)).toEqual([]);
    // 13:30 the office opens again: past 10 open minutes the alarm is raised.
    await minutes(15);
    expect(offline(entry.screenId)).toHaveLength(1);
  });
});
