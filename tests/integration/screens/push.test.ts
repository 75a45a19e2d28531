import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { http, serveApp, StreamClient, type Served } from './screen-client.js';
import { pairScreen } from './pairing.js';

const SITE = 'hn-p-ba-dinh';
let t: TestApp;
let s: Served;
const streams: StreamClient[] = [];
beforeEach(async () => {
  t = await createTestApp();
  s = await serveApp(t);
});
afterEach(async () => {
  for (const c of streams.splice(0)) c.close();
  await s.close();
  t.close();
});

async function open(token: string, lastEventId?: string): Promise<StreamClient> {
  const c = await StreamClient.open(s.base, token, lastEventId);
  streams.push(c);
  return c;
}

describe('push stream', () => {
  it('delivers what was pushed while the screen was disconnected, in order, after it reconnects with Last-Event-ID', async () => {
    const manager = await t.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    const { screenId, token } = await pairScreen(s.base, manager, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Sảnh',
    });
    const other = await pairScreen(s.base, manager, {
      siteId: SITE,
      zoneId: 'reception',
      profile: 'portrait-1080',
      name: 'Lối vào',
    });

    const first = await open(token);
    const hello = await first.waitFor((m) => m.type === 'hello');
    expect(hello.message).toMatchObject({ screenId, resumed: false });
    // A fresh connection is told to (re)fetch its manifest; that frame carries the resume position.
    await first.waitFor((m) => m.type === 'manifest');
    expect(
      (
        await http(s.base, 'POST', `/api/v1/screens/${screenId}/commands`, {
          token: manager,
          body: { command: 'identify' },
        })
      ).status,
    ).toBe(202);
    await first.waitFor((m) => m.type === 'command' && m.command === 'identify');
    const resumeFrom = first.lastEventId;
    expect(resumeFrom).toBeDefined();
    first.close();
    await first.waitClosed();
    // Wait until the server has noticed the drop, so the pushes below really happen while offline.
    for (let i = 0; i < 50 && t.services.screens.hub.isConnected(screenId); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(t.services.screens.hub.isConnected(screenId)).toBe(false);

    await http(s.base, 'POST', `/api/v1/screens/${screenId}/commands`, { token: manager, body: { command: 'reload' } });
    await http(s.base, 'POST', `/api/v1/screens/${other.screenId}/commands`, {
      token: manager,
      body: { command: 'identify' },
    });
    t.services.screens.hub.publish(
      { kind: 'site', siteId: SITE },
      { type: 'queue-call', counter: 3, ticket: 'A012', service: 'Hộ tịch', at: t.clock.now() },
    );
    await http(s.base, 'POST', `/api/v1/screens/${screenId}/commands`, {
      token: manager,
      body: { command: 'identify' },
    });

    const second = await open(token, resumeFrom);
    const hello2 = await second.waitFor((m) => m.type === 'hello');
    expect(hello2.message).toMatchObject({ resumed: true });
    await second.waitFor((m) => m.type === 'command' && m.command === 'identify');
    const replayed = second.messages.slice(1).map((r) => r.message);
    expect(replayed).toEqual([
      { type: 'command', command: 'reload' },
      { type: 'queue-call', counter: 3, ticket: 'A012', service: 'Hộ tịch', at: t.clock.now() },
      { type: 'command', command: 'identify' },
    ]);
    // Ids keep increasing, so a further drop resumes from here.
    const ids = second.messages.slice(1).map((r) => Number(r.id?.split('.')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(resumeFrom?.split('.')[1]));

    // An id from an earlier server boot cannot be replayed: the screen is told to resync.
    second.close();
    const third = await open(token, 'deadbeef.3');
    expect((await third.waitFor((m) => m.type === 'hello')).message).toMatchObject({ resumed: false });
    expect((await third.waitFor((m) => m.type === 'manifest')).message).toMatchObject({ reason: 'resync' });
  });

  it('refuses a stream without a valid screen token', async () => {
    const res = await http(s.base, 'GET', '/api/v1/display/stream', { token: 'hcpvs_nope' });
    expect(res.status).toBe(401);
    expect((await http(s.base, 'GET', '/api/v1/display/stream')).status).toBe(401);
  });
});
