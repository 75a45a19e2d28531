import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, createTestApp, type TestApp } from '../../helpers/test-app.js';
import { manifestSchema } from '../../../displays/shared/protocol.js';
import { noticeSchema } from '../../../server/notices/notices.schemas.js';
import { alertSchema } from '../../../server/alerts/alerts.schemas.js';
import { fleetEntrySchema } from '../../../server/screens/screens.schemas.js';
import { http, serveApp, StreamClient, type Served } from './screen-client.js';

const BA_DINH = 'hn-p-ba-dinh'; // branch 1
const HOAN_KIEM = 'hn-p-hoan-kiem'; // branch 2
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

const tokenOf = (screenId: string) => t.services.screens.issueToken(screenId);
async function manifestOf(token: string, etag?: string) {
  const res = await http(s.base, 'GET', '/api/v1/display/manifest', {
    token,
    ...(etag ? { headers: { 'if-none-match': `"${etag}"` } } : {}),
  });
  expect(res.status).toBe(200);
  return manifestSchema.parse(await res.json());
}

async function publishNotice(orgId: string, title: string): Promise<string> {
  const editor = await t.login('editor', [{ role: 'notice-editor', orgId: 'hn' }]);
  const approver = await t.login('approver', [{ role: 'approver', orgId: 'hn' }]);
  const res = await http(s.base, 'POST', '/api/v1/notices', {
    token: editor,
    body: {
      title: { vi: title },
      body: { vi: `Thông báo: ${title}` },
      target: { orgId },
      validFrom: '2026-03-01T00:00:00+07:00',
      priority: 50,
    },
  });
  expect(res.status).toBe(201);
  const n = await body(res, noticeSchema);
  for (const [tok, verb] of [
    [editor, 'submit'],
    [approver, 'approve'],
    [approver, 'publish'],
  ] as const) {
    expect((await http(s.base, 'POST', `/api/v1/notices/${n.id}/${verb}`, { token: tok })).status).toBe(200);
  }
  return n.id;
}

describe('manifest scope', () => {
  it("a screen sees its own unit's notices and never another unit's, and is pushed only its own changes", async () => {
    const baDinh = tokenOf(`${BA_DINH}-scr-lobby`);
    const hoanKiem = tokenOf(`${HOAN_KIEM}-scr-lobby`);
    const stream = await StreamClient.open(s.base, baDinh);
    streams.push(stream);
    await stream.waitFor((m) => m.type === 'hello');

    const mark = stream.messages.length;
    const other = await publishNotice('hn-cn02', 'Chỉ chi nhánh 2');
    await publishNotice('hn-p-ngoc-ha', 'Chỉ phường Ngọc Hà');
    const own = await publishNotice('hn-cn01', 'Chi nhánh 1');
    const city = await publishNotice('hn', 'Toàn thành phố');

    const a = await manifestOf(baDinh);
    expect(a.screen.id).toBe(`${BA_DINH}-scr-lobby`);
    expect(a.site.id).toBe(BA_DINH);
    expect(a.notices.map((n) => n.id).sort()).toEqual([own, city].sort());
    const b = await manifestOf(hoanKiem);
    expect(b.notices.map((n) => n.id).sort()).toEqual([other, city].sort());
    expect(a.hash).not.toBe(b.hash);

    // Ba Đình's stream was told about its branch's and the city's notices, not about the others.
    await stream.waitFor((m) => m.type === 'manifest' && m.reason === 'notices', mark);
    const told = stream.messages.slice(mark).filter((r) => r.message.type === 'manifest').length;
    expect(told).toBe(2);
  });

  it('an alert started while a screen was offline is in its manifest when it returns', async () => {
    const manager = await t.login('approver-cn01', [{ role: 'approver', orgId: 'hn-cn01' }]);
    const screenId = `${BA_DINH}-scr-entry`;
    const token = tokenOf(screenId);
    const first = await manifestOf(token);
    expect(first.alerts).toEqual([]);
    await http(s.base, 'POST', '/api/v1/display/ack', { token, body: { hash: first.hash } });
    const stream = await StreamClient.open(s.base, token);
    await stream.waitFor((m) => m.type === 'hello');
    const lastId = stream.lastEventId;
    stream.close();
    await stream.waitClosed();
    for (let i = 0; i < 50 && t.services.screens.hub.isConnected(screenId); i++)
      await new Promise((r) => setTimeout(r, 20));
    t.clock.advance(10 * 60_000);
    const away = await body(
      await http(s.base, 'GET', `/api/v1/screens/${screenId}`, { token: manager }),
      fleetEntrySchema,
    );
    expect(away).toMatchObject({ status: 'offline', online: false });
    expect(away.offlineSince).not.toBeNull();

    const started = await http(s.base, 'POST', '/api/v1/alerts', {
      token: manager,
      body: { orgId: 'hn-cn01', kind: 'system-outage' },
    });
    expect(started.status).toBe(201);
    const alertId = (await body(started, alertSchema)).id;

    // Back: the stream replays the alert and the manifest change, and the manifest carries the alert.
    const back = await StreamClient.open(s.base, token, lastId);
    streams.push(back);
    await back.waitFor((m) => m.type === 'alert' && m.alertId === alertId && m.state === 'on');
    await back.waitFor((m) => m.type === 'manifest');
    const now = await manifestOf(token, first.hash);
    expect(now.hash).not.toBe(first.hash);
    expect(now.alerts.map((a) => a.id)).toEqual([alertId]);
    expect(now.alerts[0]).toMatchObject({ severity: 'warning' });
    // Even with no stream at all (a screen that only polls), the manifest is the truth.
    const neverConnected = await manifestOf(tokenOf(`${BA_DINH}-scr-lobby`));
    expect(neverConnected.alerts.map((a) => a.id)).toEqual([alertId]);
    // Another branch's screen does not get it.
    expect((await manifestOf(tokenOf(`${HOAN_KIEM}-scr-lobby`))).alerts).toEqual([]);

    // Stopping it is pushed as alert off and leaves the manifest.
    const mark = back.messages.length;
    expect((await http(s.base, 'POST', `/api/v1/alerts/${alertId}/stop`, { token: manager })).status).toBe(200);
    await back.waitFor((m) => m.type === 'alert' && m.state === 'off', mark);
    expect((await manifestOf(token)).alerts).toEqual([]);
  });
});
