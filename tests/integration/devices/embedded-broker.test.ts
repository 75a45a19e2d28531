import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import mqtt from 'mqtt';
import { createIngestApp, publish, type IngestApp } from './ingest-app.js';
import { MAX_PAYLOAD_BYTES, topicOf, type QuarantineReason } from '../../../devices/contract.js';
import { quarantineEntrySchema } from '../../../server/devices/devices.schemas.js';
import { liveStateSchema, queueMetricsSchema } from '../../../server/telemetry/telemetry.routes.js';
import type { QueueCall } from '../../../devices/ingest-types.js';

const SITE = 'hn-p-ba-dinh';
const ENV = `${SITE}-env-sensor`;
const OCC = `${SITE}-occupancy-sensor`;
const KIOSK = `${SITE}-queue-kiosk`;
const Q1 = `${SITE}-counter-terminal-q1`;

let t: IngestApp;
let token: string;
beforeEach(async () => {
  t = await createIngestApp();
  token = await t.login('fm', [{ role: 'facility-manager', orgId: 'hn' }]);
});
afterEach(async () => t.shutdown());

const quarantineSchema = z.object({ items: z.array(quarantineEntrySchema), counts: z.record(z.string(), z.number()) });

async function quarantine(): Promise<z.infer<typeof quarantineSchema>> {
  await t.settle();
  const res = await t.get('/api/v1/devices/quarantine?limit=500', token);
  expect(res.status).toBe(200);
  return quarantineSchema.parse(await res.json());
}

describe('embedded Aedes: device authentication and authorisation', () => {
  it('refuses a wrong secret, an unknown device and a decommissioned one', async () => {
    const secret = t.secretOf(ENV);
    await expect(t.connect(ENV, 'not-the-secret')).rejects.toThrow(/Bad username or password|Not authorized|bad user/i);
    await expect(t.connect('hn-no-such-device', secret)).rejects.toThrow();
    await expect(t.connect(OCC, secret)).rejects.toThrow(); // another device's secret
    const ok = await t.connect(ENV, secret);
    expect(ok.connected).toBe(true);
    // Rotating closes the open session and the old secret stops working.
    const closed = new Promise<void>((resolve) => ok.once('close', () => resolve()));
    const fresh = t.secretOf(ENV);
    await closed;
    await expect(t.connect(ENV, secret)).rejects.toThrow();
    expect((await t.connect(ENV, fresh)).connected).toBe(true);
  });

  it('does not let a device publish as another or subscribe to another command topic', async () => {
    const c = await t.connect(ENV, t.secretOf(ENV));
    await expect(c.subscribeAsync(topicOf(SITE, OCC, 'command'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const own = await c.subscribeAsync(topicOf(SITE, ENV, 'command'), { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(topicOf(SITE, OCC, 'telemetry'), JSON.stringify({ people: 999 }), { qos: 1 });
    await closed; // MQTT 3.1.1: a refused publish closes the connection
    const q = await quarantine();
    expect(q.items.some((e) => e.reason === 'forbidden_topic' && e.deviceId === OCC && e.payload.includes('999'))).toBe(
      true,
    );
    expect(t.ingest.pipeline.live.get(OCC)).toBeUndefined();
    const stored = await t.ingest.store.query({
      deviceId: OCC,
      from: 0,
      to: t.clock.now() + 1,
      resolution: 'raw',
      limit: 10,
    });
    expect(stored).toEqual([]);
  });
});

describe('embedded Aedes: validation and quarantine', () => {
  it('quarantines every malformed case with its reason, keeps serving, stores the good ones', async () => {
    const env = await t.connect(ENV, t.secretOf(ENV));
    const occ = await t.connect(OCC, t.secretOf(OCC));
    // Unknown device: registered broker-side? No: we publish through the server-side pipeline the
    // way an external broker would hand it over, since the embedded broker refuses it at CONNECT.
    t.ingest.pipeline.accept(topicOf(SITE, 'hn-ghost-device', 'telemetry'), Buffer.from('{"people":1}'));
    t.ingest.pipeline.accept('hcpv/v1/not a topic', Buffer.from('{}'));
    t.ingest.pipeline.accept(topicOf('hn-p-ngoc-ha', ENV, 'telemetry'), Buffer.from('{"temperature":20}'));
    const cases: [QuarantineReason, () => Promise<unknown>][] = [
      ['bad_json', () => publish(env, SITE, ENV, 'telemetry', '{"temperature": 2')],
      ['bad_shape', () => publish(env, SITE, ENV, 'telemetry', '[1, 2, 3]')],
      ['wrong_type', () => publish(env, SITE, ENV, 'telemetry', { people: 4 })],
      ['wrong_type', () => publish(occ, SITE, OCC, 'event', { kind: 'issued', ticket: 'A001', service: 'Hộ tịch' })],
      ['out_of_range', () => publish(env, SITE, ENV, 'telemetry', { temperature: 480 })],
      [
        'out_of_range',
        () => publish(occ, SITE, OCC, 'telemetry', { ts: t.clock.now() + 86_400_000, values: { people: 3 } }),
      ],
      [
        'oversize',
        () =>
          publish(env, SITE, ENV, 'telemetry', JSON.stringify({ temperature: 20, pad: 'x'.repeat(MAX_PAYLOAD_BYTES) })),
      ],
    ];
    for (const [, send] of cases) await send();
    await publish(env, SITE, ENV, 'telemetry', { temperature: 27.5, humidity: 71 });
    await publish(occ, SITE, OCC, 'telemetry', [
      { ts: t.clock.now() - 60_000, values: { people: 12 } },
      { people: 14 },
    ]);
    const q = await quarantine();
    const reasons = q.items.map((e) => e.reason);
    for (const r of [
      'bad_json',
      'bad_shape',
      'wrong_type',
      'out_of_range',
      'oversize',
      'unknown_device',
      'bad_topic',
      'wrong_site',
    ] as const) {
      expect(reasons, r).toContain(r);
    }
    expect(q.counts['wrong_type']).toBe(2);
    expect(q.counts['out_of_range']).toBe(2);
    const oversize = q.items.find((e) => e.reason === 'oversize');
    expect(oversize?.payload.length).toBeLessThanOrEqual(1024);
    expect(q.items.find((e) => e.reason === 'wrong_site')?.detail).toContain(SITE);
    // Ingest survived: the good messages are stored and the live state shows them.
    const rows = await t.ingest.store.query({
      siteId: SITE,
      from: 0,
      to: t.clock.now() + 1,
      resolution: 'raw',
      limit: 100,
    });
    expect(rows.filter((r) => r.deviceId === OCC).map((r) => r.mean)).toEqual([12, 14]);
    expect(rows.find((r) => r.deviceId === ENV && r.field === 'temperature')?.mean).toBe(27.5);
    expect(env.connected && occ.connected).toBe(true);
    const stats = await t.get('/api/v1/telemetry/ingest-stats', token);
    expect(
      z.object({ quarantined: z.record(z.string(), z.number()) }).parse(await stats.json()).quarantined['bad_json'],
    ).toBe(1);
  });
});

describe('embedded Aedes: live state, queue metrics and the live stream', () => {
  it('tracks status and last will, ticket flow, queue calls and serves them over the API', async () => {
    const calls: QueueCall[] = [];
    t.ingest.pipeline.events.on('queueCall', (c) => calls.push(c));
    const kiosk = await t.connect(KIOSK, t.secretOf(KIOSK));
    const q1 = await t.connect(Q1, t.secretOf(Q1));
    // Status is retained; the last will says offline when the connection dies.
    const env = await t.connect(ENV, t.secretOf(ENV), {
      will: { topic: topicOf(SITE, ENV, 'status'), payload: Buffer.from('{"state":"offline"}'), qos: 1, retain: true },
    });
    await publish(env, SITE, ENV, 'status', { state: 'online', fw: '1.4.2' }, true);
    await publish(env, SITE, ENV, 'telemetry', { temperature: 26 });
    await t.settle();
    expect(t.ingest.pipeline.live.get(ENV)).toMatchObject({ online: true, fw: '1.4.2', values: { temperature: 26 } });

    const service = 'Hộ tịch';
    await publish(kiosk, SITE, KIOSK, 'event', { kind: 'issued', ticket: 'A001', service });
    await publish(kiosk, SITE, KIOSK, 'event', { kind: 'issued', ticket: 'A002', service });
    await publish(kiosk, SITE, KIOSK, 'event', { kind: 'issued', ticket: 'A003', service });
    t.clock.advance(10 * 60_000);
    await publish(q1, SITE, Q1, 'event', { kind: 'called', ticket: 'A001', service, counter: 1 });
    await publish(q1, SITE, Q1, 'event', { kind: 'serving', ticket: 'A001', service, counter: 1 });
    t.clock.advance(5 * 60_000);
    await publish(q1, SITE, Q1, 'event', { kind: 'finished', ticket: 'A001', service, counter: 1 });
    await publish(q1, SITE, Q1, 'event', { kind: 'called', ticket: 'A002', service, counter: 1 });
    await publish(q1, SITE, Q1, 'event', { kind: 'no_show', ticket: 'A002', service, counter: 1 });
    await t.settle();
    expect(calls.map((c) => [c.siteId, c.counter, c.ticket, c.service])).toEqual([
      [SITE, 1, 'A001', service],
      [SITE, 1, 'A002', service],
    ]);
    const qres = await t.get(`/api/v1/telemetry/queues?siteId=${SITE}`, token);
    const [m] = z.object({ items: z.array(queueMetricsSchema) }).parse(await qres.json()).items;
    expect(m).toMatchObject({ service, waiting: 1, meanServiceMs: 5 * 60_000, throughputPerHour: 1, noShowRate: 0.5 });
    expect(m?.meanWaitMs).toBe(Math.round((10 * 60_000 + 15 * 60_000) / 2));
    // Ticket numbers are never stored: only counts and durations.
    const ev = await t.ingest.store.query({
      siteId: SITE,
      measurement: 'event',
      from: 0,
      to: t.clock.now() + 1,
      resolution: 'raw',
      limit: 100,
    });
    expect(JSON.stringify(ev)).not.toContain('A00');
    expect(ev.find((r) => r.field === 'serviceMs')?.mean).toBe(5 * 60_000);

    // The connection drops without DISCONNECT: the broker publishes the will.
    env.stream.destroy();
    await new Promise((r) => setTimeout(r, 300));
    await t.settle();
    expect(t.ingest.pipeline.live.get(ENV)?.online).toBe(false);
    const live = await t.get(`/api/v1/telemetry/live?siteId=${SITE}`, token);
    const items = z.object({ items: z.array(liveStateSchema) }).parse(await live.json()).items;
    expect(items.find((s) => s.deviceId === ENV)).toMatchObject({ online: false, values: { temperature: 26 } });
    expect(items.find((s) => s.deviceId === KIOSK)?.online).toBe(true);
    // Silence for 3× the heartbeat (queue kiosk: 60 s) marks a device offline.
    t.clock.advance(3 * 60_000 + 1);
    t.ingest.pipeline.live.sweep(t.clock.now());
    expect(t.ingest.pipeline.live.get(KIOSK)?.online).toBe(false);
    // Devices may not read each other's status either.
    const watcher = await mqtt.connectAsync(t.mqttUrl, {
      username: OCC,
      password: t.secretOf(OCC),
      reconnectPeriod: 0,
    });
    await expect(watcher.subscribeAsync(topicOf(SITE, ENV, 'status'))).rejects.toThrow(/Subscribe error/);
    await watcher.endAsync(true);
  });
});

describe('telemetry API', () => {
  it('answers series by site, zone, device and resolution, within the caller scope only', async () => {
    const occ = await t.connect(OCC, t.secretOf(OCC));
    await publish(occ, SITE, OCC, 'telemetry', { people: 10 });
    t.clock.advance(30_000);
    await publish(occ, SITE, OCC, 'telemetry', { people: 20 });
    await t.settle();
    const from = t.clock.now() - 3_600_000;
    const to = t.clock.now() + 1;
    const res = await t.get(
      `/api/v1/telemetry/series?siteId=${SITE}&zoneId=waiting&field=people&from=${from}&to=${to}&resolution=minute`,
      token,
    );
    expect(res.status).toBe(200);
    const rows = z
      .object({
        items: z.array(
          z.object({ deviceId: z.string(), count: z.number(), mean: z.number(), min: z.number(), max: z.number() }),
        ),
      })
      .parse(await res.json()).items;
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(2);
    expect(Math.max(...rows.map((r) => r.max))).toBe(20);
    const hour = await t.get(
      `/api/v1/telemetry/series?siteId=${SITE}&deviceId=${OCC}&from=${from}&to=${to}&resolution=hour`,
      token,
    );
    expect(
      z.object({ items: z.array(z.object({ mean: z.number(), count: z.number() })) }).parse(await hour.json()).items,
    ).toEqual([expect.objectContaining({ mean: 15, count: 2 })]);
    const other = await t.login('viewer-ngoc-ha', [{ role: 'viewer', orgId: 'hn-p-ngoc-ha' }]);
    expect((await t.get(`/api/v1/telemetry/series?siteId=${SITE}&from=${from}&to=${to}`, other)).status).toBe(403);
    expect((await t.get(`/api/v1/telemetry/series?siteId=${SITE}&from=${to}&to=${from}`, token)).status).toBe(400);
  });
});
