import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestApp, publish, type IngestApp } from './ingest-app.js';
import { startInfluxd, type Influxd } from './servers.js';
import { InfluxTelemetryStore } from '../../../server/telemetry/influx-telemetry.store.js';
import type { SeriesRow, TelemetryQuery } from '../../../server/telemetry/telemetry-store.js';

const SITE = 'hn-p-ba-dinh';
const OCC = `${SITE}-occupancy-sensor`;
const ENV = `${SITE}-env-sensor`;
const KIOSK = `${SITE}-queue-kiosk`;
const Q2 = `${SITE}-counter-terminal-q2`;
const RATE = `${SITE}-rating-terminal-q2`;

let influxd: Influxd;
beforeAll(async () => {
  influxd = await startInfluxd();
}, 60_000);
afterAll(async () => influxd.destroy());

function influxOf(t: IngestApp): InfluxTelemetryStore {
  const s = t.ingest.store;
  if (!(s instanceof InfluxTelemetryStore)) throw new Error('not the InfluxDB store');
  return s;
}

/** The same scripted day-part, published over MQTT with explicit timestamps. */
async function scenario(t: IngestApp): Promise<void> {
  const base = t.clock.now() - 2 * 3_600_000;
  const occ = await t.connect(OCC, t.secretOf(OCC));
  const env = await t.connect(ENV, t.secretOf(ENV));
  const kiosk = await t.connect(KIOSK, t.secretOf(KIOSK));
  const q2 = await t.connect(Q2, t.secretOf(Q2));
  const rate = await t.connect(RATE, t.secretOf(RATE));
  for (let i = 0; i < 90; i++) {
    const ts = base + i * 60_000 + 7_000;
    await publish(occ, SITE, OCC, 'telemetry', { ts, values: { people: (i * 7) % 40 } });
    if (i % 3 === 0)
      await publish(env, SITE, ENV, 'telemetry', [
        { ts, values: { temperature: 24 + (i % 10) / 4, humidity: 60 + (i % 7), co2: 500 + i * 3 } },
      ]);
    if (i % 5 === 0) {
      const ticket = `B${String(i).padStart(3, '0')}`;
      await publish(kiosk, SITE, KIOSK, 'event', { ts, values: { kind: 'issued', ticket, service: 'Đất đai' } });
      // Two tickets in the same millisecond must both count (InfluxDB would merge equal timestamps).
      await publish(kiosk, SITE, KIOSK, 'event', [
        { ts, values: { kind: 'issued', ticket: `C${ticket.slice(1)}`, service: 'Đất đai' } },
      ]);
      await publish(q2, SITE, Q2, 'event', {
        ts: ts + 240_000,
        values: { kind: 'called', ticket, service: 'Đất đai', counter: 2 },
      });
      await publish(q2, SITE, Q2, 'event', {
        ts: ts + 250_000,
        values: { kind: 'serving', ticket, service: 'Đất đai', counter: 2 },
      });
      await publish(q2, SITE, Q2, 'event', {
        ts: ts + 700_000,
        values: { kind: 'finished', ticket, service: 'Đất đai', counter: 2 },
      });
      await publish(rate, SITE, RATE, 'event', {
        ts: ts + 710_000,
        values: { kind: 'rating', score: 1 + (i % 5), counter: 2, service: 'Đất đai' },
      });
    }
  }
}

const strip = (rows: SeriesRow[]) => rows.map((r) => ({ ...r, mean: Math.round(r.mean * 1e9) / 1e9 }));

describe('InfluxDB 1.x adapter (real influxd)', () => {
  it('stores the same values as SQLite for the same scenario, at every resolution', async () => {
    const sqlite = await createIngestApp();
    const influx = await createIngestApp({ INFLUX_URL: `${influxd.url.replace(/\/hcpv$/, '')}/hcpv_same` });
    // InfluxDB drops points older than the raw retention policy, so the scenario runs at today's time.
    const now = Date.now();
    sqlite.clock.set(now);
    influx.clock.set(now);
    try {
      await Promise.all([scenario(sqlite), scenario(influx)]);
      await sqlite.settle();
      await influx.settle();
      await influxOf(influx).outbox.idle();
      const queries: TelemetryQuery[] = [
        { siteId: SITE, from: now - 3 * 3_600_000, to: now + 3_600_000, resolution: 'raw', limit: 10_000 },
        { siteId: SITE, from: now - 3 * 3_600_000, to: now + 3_600_000, resolution: 'minute', limit: 10_000 },
        {
          siteId: SITE,
          deviceId: ENV,
          field: 'temperature',
          from: now - 3 * 3_600_000,
          to: now + 3_600_000,
          resolution: 'hour',
          limit: 10_000,
        },
        {
          siteId: SITE,
          zoneId: 'counters',
          measurement: 'event',
          from: now - 3 * 3_600_000,
          to: now + 3_600_000,
          resolution: 'hour',
          limit: 10_000,
        },
      ];
      for (const q of queries) {
        const a = strip(await sqlite.ingest.store.query(q));
        const b = strip(await influx.ingest.store.query(q));
        expect(a.length, `${q.resolution} rows`).toBeGreaterThan(0);
        expect(b, `${q.resolution} ${q.deviceId ?? q.zoneId ?? ''}`).toEqual(a);
      }
      const issued = (
        await influx.ingest.store.query({
          siteId: SITE,
          field: 'issued',
          from: now - 3 * 3_600_000,
          to: now + 3_600_000,
          resolution: 'raw',
          limit: 1000,
        })
      ).length;
      expect(issued).toBe(36);
      // Tags are only site, zone, device type, device and service: never a ticket number.
      const tagKeys: unknown = await influxOf(influx).influx.queryRaw('SHOW TAG KEYS', { precision: 'ms' });
      expect(JSON.stringify(tagKeys)).not.toMatch(/ticket/);
      expect(
        JSON.stringify(await influxOf(influx).influx.queryRaw('SELECT * FROM "event"', { precision: 'ms' })),
      ).not.toContain('B00');
      const cqs = await influxOf(influx).influx.showContinousQueries('hcpv_same');
      expect(cqs.map((c) => c.name).sort()).toEqual(['hcpv_hour', 'hcpv_minute']);
    } finally {
      await sqlite.shutdown();
      await influx.shutdown();
    }
  }, 120_000);

  it('keeps writes in the durable outbox through a 30-second outage and replays them, nothing lost', async () => {
    const t = await createIngestApp({ INFLUX_URL: `${influxd.url.replace(/\/hcpv$/, '')}/hcpv_outage` });
    t.clock.set(Date.now());
    try {
      const store = influxOf(t);
      const occ = await t.connect(OCC, t.secretOf(OCC));
      const base = t.clock.now() - 3_600_000;
      let n = 0;
      const send = async (count: number) => {
        for (let i = 0; i < count; i++, n++)
          await publish(occ, SITE, OCC, 'telemetry', { ts: base + n * 100, values: { people: n % 1000 } });
        await t.settle();
      };
      await send(100);
      await store.outbox.idle();
      await influxd.stop();
      const outageEnd = Date.now() + 30_000;
      while (Date.now() < outageEnd) {
        await send(50);
        await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(store.outbox.pending()).toBeGreaterThan(1_000);
      expect(store.outbox.lastError).not.toBeNull();
      await influxd.start();
      await send(100);
      await store.outbox.idle();
      expect(store.outbox.pending()).toBe(0);
      const rows = await store.query({
        deviceId: OCC,
        field: 'people',
        from: base,
        to: base + n * 100 + 1,
        resolution: 'raw',
        limit: 100_000,
      });
      expect(rows.length).toBe(n);
      expect(rows.map((r) => r.t)).toEqual(Array.from({ length: n }, (_, i) => base + i * 100));
      expect(rows.map((r) => r.mean)).toEqual(Array.from({ length: n }, (_, i) => i % 1000));
    } finally {
      await t.shutdown();
    }
  }, 120_000);
});
