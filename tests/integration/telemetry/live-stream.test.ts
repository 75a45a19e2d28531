/**
 * GET /api/v1/telemetry/stream over real HTTP, fed by real devices on the embedded Aedes: what a
 * device publishes reaches the dashboards allowed to see its site and no others; changes are
 * coalesced per device; a dropped dashboard resumes with Last-Event-ID; heartbeats move the
 * resume point; the stream ends with the session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publish } from '../devices/ingest-app.js';
import { createLiveApp, LiveStreamClient, type LiveApp } from './live-app.js';
import { streamBatchSchema, streamHelloSchema, type StreamBatch } from '../../../server/telemetry/telemetry.schemas.js';

const BA = 'hn-p-ba-dinh'; // branch hn-cn01
const HK = 'hn-p-hoan-kiem'; // branch hn-cn02
const BA_OCC = `${BA}-occupancy-sensor`;
const BA_KIOSK = `${BA}-queue-kiosk`;
const HK_OCC = `${HK}-occupancy-sensor`;

let t: LiveApp;
const streams: LiveStreamClient[] = [];
beforeEach(async () => {
  t = await createLiveApp({}, { heartbeatMs: 400 });
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t.shutdown();
});

async function open(token: string, query = '', lastEventId?: string): Promise<LiveStreamClient> {
  const s = await LiveStreamClient.open(t.base, token, query, lastEventId);
  streams.push(s);
  return s;
}

const batches = (s: LiveStreamClient): StreamBatch[] =>
  s.named('changes').map((e) => streamBatchSchema.parse(JSON.parse(e.data)));
const deviceStates = (s: LiveStreamClient, id: string) =>
  batches(s).flatMap((b) => b.devices.filter((d) => d.deviceId === id));

async function opened(s: LiveStreamClient): Promise<void> {
  expect(s.status).toBe(200);
  await s.until(() => s.named('hello').length > 0 && s.named('resync').length > 0, 'hello and resync');
  expect(streamHelloSchema.parse(JSON.parse(s.named('hello')[0]?.data ?? ''))).toMatchObject({ resumed: false });
}

describe('live stream for dashboards', () => {
  it('delivers a device’s MQTT publish to its branch’s dashboard and not to another branch’s', async () => {
    const b1 = await t.login('v-cn01', [{ role: 'viewer', orgId: 'hn-cn01' }]);
    const b2 = await t.login('v-cn02', [{ role: 'viewer', orgId: 'hn-cn02' }]);
    const s1 = await open(b1);
    const s2 = await open(b2);
    await opened(s1);
    await opened(s2);

    const occ = await t.connect(BA_OCC, t.secretOf(BA_OCC));
    await publish(occ, BA, BA_OCC, 'status', { state: 'online', fw: '2.1.0' });
    await publish(occ, BA, BA_OCC, 'telemetry', { people: 12 });
    await s1.until(() => deviceStates(s1, BA_OCC).some((d) => d.values['people'] === 12), 'Ba Đình occupancy');
    expect(deviceStates(s1, BA_OCC).at(-1)).toMatchObject({ siteId: BA, online: true, fw: '2.1.0' });

    // Branch 2 sees its own site's change, and never Ba Đình's.
    const hk = await t.connect(HK_OCC, t.secretOf(HK_OCC));
    await publish(hk, HK, HK_OCC, 'telemetry', { people: 3 });
    await s2.until(() => deviceStates(s2, HK_OCC).length > 0, 'Hoàn Kiếm occupancy');
    await new Promise((r) => setTimeout(r, 300));
    expect(batches(s2).flatMap((b) => b.devices.map((d) => d.siteId))).not.toContain(BA);
    expect(deviceStates(s1, HK_OCC)).toEqual([]);

    // Queue metrics, a fault, the alarm it raises and the work order that follows, all scoped.
    const kiosk = await t.connect(BA_KIOSK, t.secretOf(BA_KIOSK));
    await publish(kiosk, BA, BA_KIOSK, 'event', { kind: 'issued', ticket: 'A001', service: 'Hộ tịch' });
    await publish(kiosk, BA, BA_KIOSK, 'event', { kind: 'fault', code: 'PAPER_OUT' });
    await s1.until(
      () =>
        batches(s1).some((b) => b.queues.some((q) => q.siteId === BA && q.service === 'Hộ tịch' && q.waiting === 1)),
      'queue metrics',
    );
    await s1.until(() => deviceStates(s1, BA_KIOSK).some((d) => d.faults.includes('PAPER_OUT')), 'kiosk fault');
    t.clock.advance(61_000);
    t.services.facility.hub.tick(t.clock.now());
    await s1.until(
      () =>
        batches(s1).some(
          (b) =>
            b.alarms.some((a) => a.type === 'fault:PAPER_OUT') && b.workOrders.some((w) => w.deviceId === BA_KIOSK),
        ),
      'alarm and work order',
    );
    await new Promise((r) => setTimeout(r, 300));
    const seenBy2 = batches(s2);
    expect(seenBy2.flatMap((b) => [...b.queues, ...b.alarms, ...b.workOrders])).toEqual([]);

    // Acknowledging the alarm over HTTP is a change too.
    const fm = await t.login('fm-cn01', [{ role: 'facility-manager', orgId: 'hn-cn01' }]);
    const alarm = batches(s1)
      .flatMap((b) => b.alarms)
      .find((a) => a.type === 'fault:PAPER_OUT');
    const ack = await t.fetch(`/api/v1/alarms/${alarm?.id ?? ''}/ack`, fm, {
      method: 'POST',
      body: { comment: 'Đã thay giấy' },
    });
    expect(ack.status).toBe(200);
    await s1.until(
      () => batches(s1).some((b) => b.alarms.some((a) => a.id === alarm?.id && a.state === 'active-acked')),
      'acked alarm',
    );
  });

  it('coalesces a burst into few batches, each device at most once per batch and per interval', async () => {
    const token = await t.login('fm', [{ role: 'facility-manager', orgId: BA }]);
    const s = await open(token);
    await opened(s);
    const occ = await t.connect(BA_OCC, t.secretOf(BA_OCC));
    for (let i = 1; i <= 40; i++) await publish(occ, BA, BA_OCC, 'telemetry', { people: i });
    await s.until(() => deviceStates(s, BA_OCC).some((d) => d.values['people'] === 40), 'the last value');
    const frames = s.events.map((e, i) => ({ e, at: s.arrivals[i] ?? 0 })).filter(({ e }) => e.event === 'changes');
    for (const { e } of frames) {
      const ids = streamBatchSchema.parse(JSON.parse(e.data)).devices.map((d) => d.deviceId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(frames.length).toBeLessThan(20);
    // The feed is configured at 100 ms; frames arrive at least about that far apart.
    for (let i = 1; i < frames.length; i++)
      expect((frames[i]?.at ?? 0) - (frames[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(80);
  });

  it('resumes with Last-Event-ID after a drop; an unknown position gets resync; heartbeats advance the position', async () => {
    const token = await t.login('fm', [{ role: 'facility-manager', orgId: 'hn-cn01' }]);
    const occ = await t.connect(BA_OCC, t.secretOf(BA_OCC));
    const first = await open(token);
    await opened(first);
    await publish(occ, BA, BA_OCC, 'telemetry', { people: 5 });
    await first.until(() => deviceStates(first, BA_OCC).length > 0, 'first change');
    // A heartbeat comment with an id, and no event for it.
    const before = first.events.length;
    await first.until(() => first.chunks.some((c) => c.includes(': hb\nid: ')), 'a heartbeat');
    expect(first.events.slice(before).every((e) => e.event !== 'message')).toBe(true);
    const resumeFrom = first.lastEventId;
    expect(resumeFrom).toMatch(/^[0-9a-f]{8}\.\d+$/);
    first.close();
    for (let i = 0; i < 50 && t.feed.readerCount() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(t.feed.readerCount()).toBe(0);

    // Missed while away.
    await publish(occ, BA, BA_OCC, 'telemetry', { people: 6 });
    await publish(occ, BA, BA_OCC, 'telemetry', { people: 7 });
    await t.settle();
    await new Promise((r) => setTimeout(r, 250));

    const second = await open(token, '', resumeFrom);
    await second.until(() => deviceStates(second, BA_OCC).some((d) => d.values['people'] === 7), 'replayed change');
    expect(streamHelloSchema.parse(JSON.parse(second.named('hello')[0]?.data ?? ''))).toMatchObject({ resumed: true });
    expect(second.named('resync')).toEqual([]);
    expect(deviceStates(second, BA_OCC).some((d) => d.values['people'] === 5)).toBe(false);

    // ?lastEventId= works too (a fresh EventSource cannot set the header); another boot's id cannot be replayed.
    const third = await open(token, `?lastEventId=${second.lastEventId ?? ''}`);
    await third.until(() => third.named('hello').length > 0, 'hello');
    expect(streamHelloSchema.parse(JSON.parse(third.named('hello')[0]?.data ?? '')).resumed).toBe(true);
    const stale = await open(token, '', 'deadbeef.3');
    await opened(stale);
  });

  it('checks the session, the role and the scope, narrows to ?orgId, and ends with the session', async () => {
    expect((await open('')).status).toBe(401);
    const nobody = await t.login('nobody', []);
    expect((await open(nobody)).status).toBe(403);
    const b1 = await t.login('v-cn01', [{ role: 'viewer', orgId: 'hn-cn01' }]);
    expect((await open(b1, '?orgId=hn-cn02')).status).toBe(403);
    expect((await open(b1, '?orgId=nowhere')).status).toBe(404);
    expect((await open(b1, '?bogus=1')).status).toBe(400);

    // A city-wide reader narrowed to branch 2 does not get branch 1.
    const city = await t.login('city', [{ role: 'viewer', orgId: 'hn' }]);
    const narrow = await open(city, '?orgId=hn-cn02');
    const wide = await open(city);
    await opened(narrow);
    await opened(wide);
    const occ = await t.connect(BA_OCC, t.secretOf(BA_OCC));
    await publish(occ, BA, BA_OCC, 'telemetry', { people: 9 });
    await wide.until(() => deviceStates(wide, BA_OCC).length > 0, 'city-wide change');
    await new Promise((r) => setTimeout(r, 300));
    expect(deviceStates(narrow, BA_OCC)).toEqual([]);

    // Documented in the OpenAPI document as far as it goes: an event stream of TelemetryStreamBatch.
    const doc = (await (await fetch(`${t.base}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const stream = doc.paths['/api/v1/telemetry/stream']?.['get'];
    expect(stream?.responses['200']?.content?.['text/event-stream']).toEqual({
      schema: { $ref: '#/components/schemas/TelemetryStreamBatch' },
    });
    expect(Object.keys(stream?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403', '503']));

    // Signing out ends the stream at the next heartbeat.
    const out = await t.fetch('/api/v1/auth/logout', city, { method: 'POST' });
    expect(out.status).toBeLessThan(300);
    await wide.untilClosed();
    await narrow.untilClosed();
  });
});
