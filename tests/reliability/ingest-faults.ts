/**
 * Ingest under broker and store faults, with real processes:
 * - a real Mosquitto (persistence on) restarted in the middle of QoS 1 traffic, the server
 *   subscribed with a persistent session: stored = sent;
 * - a real influxd stopped for a while under load: the durable outbox holds the writes and
 *   replays them in order, nothing lost, nothing duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import mqtt from 'mqtt';
import { createIngestApp, publish, type IngestApp } from '../integration/devices/ingest-app.js';
import { freePort, startInfluxd } from '../integration/devices/servers.js';
import { InfluxTelemetryStore } from '../../server/telemetry/influx-telemetry.store.js';
import { topicOf } from '../../devices/contract.js';
import { recordFigure } from './figures.js';

const SITE = 'hn-p-ba-dinh';
const OCC = `${SITE}-occupancy-sensor`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mosquitto with on-disk persistence, restartable on the same port and store. */
async function persistentMosquitto() {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-rel-mosq-'));
  // Run as root, mosquitto drops to its own user, which must be able to write the store.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      'log_dest none',
      'max_queued_messages 0',
      'max_inflight_messages 100',
      '',
    ].join('\n'),
  );
  let proc: ChildProcess | undefined;
  const up = async () => {
    proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
    const until = Date.now() + 15_000;
    for (;;) {
      const ok = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 500 }).then(
        (c) => c.endAsync().then(() => true),
        () => false,
      );
      if (ok) return;
      if (Date.now() > until) throw new Error('mosquitto did not start');
      await sleep(100);
    }
  };
  const down = () =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  await up();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    up,
    down,
    destroy: async () => (await down(), rmSync(dir, { recursive: true, force: true })),
  };
}

async function storedRows(t: IngestApp, from: number, to: number) {
  return t.ingest.store.query({ deviceId: OCC, field: 'people', from, to, resolution: 'raw', limit: 1_000_000 });
}

export async function runMosquittoRestart(n: number, scenario: string): Promise<void> {
  const broker = await persistentMosquitto();
  const t = await createIngestApp({ MQTT_URL: broker.url });
  const dev = await mqtt.connectAsync(broker.url, {
    clientId: `${OCC}-rel`,
    clean: false,
    reconnectPeriod: 300,
    queueQoSZero: false,
  });
  try {
    const base = t.clock.now() - 3_600_000;
    const topic = topicOf(SITE, OCC, 'telemetry');
    let restarted = false;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      // QoS 1 from the device; mqtt.js keeps unacknowledged messages and resends after reconnect.
      sends.push(
        dev.publishAsync(topic, JSON.stringify({ ts: base + i * 100, values: { people: i % 1000 } }), { qos: 1 }),
      );
      if (i % 50 === 49) await sleep(20);
      if (!restarted && i === Math.floor(n / 2)) {
        restarted = true;
        await broker.down();
        await sleep(1_500);
        await broker.up();
      }
    }
    await Promise.all(sends);
    const until = Date.now() + 60_000;
    while (t.ingest.pipeline.getStats().accepted < n && Date.now() < until) await sleep(100);
    await sleep(1_000); // late redeliveries would show up as duplicates
    await t.settle();
    const rows = await storedRows(t, base, base + n * 100 + 1);
    const unique = new Set(rows.map((r) => r.t)).size;
    const stats = t.ingest.pipeline.getStats();
    recordFigure({
      scenario,
      cases: n,
      crashes: 0,
      fiveXx: 0,
      lost: n - unique,
      duplicated: rows.length - unique,
      note: `Mosquitto SIGTERM + restart at ${Math.floor(n / 2)}; received ${stats.received}, stored ${rows.length}`,
    });
    expect(unique).toBe(n);
    expect(rows.length).toBe(n);
    expect(rows.map((r) => r.mean)).toEqual(Array.from({ length: n }, (_, i) => i % 1000));
  } finally {
    await dev.endAsync(true).catch(() => undefined);
    await t.shutdown();
    await broker.destroy();
  }
}

export async function runInfluxOutage(outageMs: number, scenario: string): Promise<void> {
  const influxd = await startInfluxd();
  const t = await createIngestApp({ INFLUX_URL: `${influxd.url.replace(/\/hcpv$/, '')}/hcpv_rel` });
  // InfluxDB drops points older than the raw retention policy: run at today's time.
  t.clock.set(Date.now());
  try {
    const store = t.ingest.store;
    if (!(store instanceof InfluxTelemetryStore)) throw new Error('not the InfluxDB store');
    const occ = await t.connect(OCC, t.secretOf(OCC));
    const base = t.clock.now() - 3_600_000;
    let n = 0;
    const send = async (count: number) => {
      for (let i = 0; i < count; i++, n++)
        await publish(occ, SITE, OCC, 'telemetry', { ts: base + n * 50, values: { people: n % 1000 } });
      await t.settle();
    };
    await send(200);
    await store.outbox.idle();
    await influxd.stop();
    const outageEnd = Date.now() + outageMs;
    let maxPending = 0;
    while (Date.now() < outageEnd) {
      await send(100);
      maxPending = Math.max(maxPending, store.outbox.pending());
      await sleep(500);
    }
    const heldDuringOutage = store.outbox.pending();
    await influxd.start();
    await send(200);
    await store.outbox.idle();
    const rows = await store.query({
      deviceId: OCC,
      field: 'people',
      from: base,
      to: base + n * 50 + 1,
      resolution: 'raw',
      limit: 1_000_000,
    });
    const unique = new Set(rows.map((r) => r.t)).size;
    recordFigure({
      scenario,
      cases: n,
      crashes: 0,
      fiveXx: 0,
      lost: n - unique,
      duplicated: rows.length - unique,
      note: `influxd down ${Math.round(outageMs / 1000)} s; outbox held ${heldDuringOutage} (max ${maxPending}), replayed to 0`,
    });
    expect(heldDuringOutage).toBeGreaterThan(0);
    expect(store.outbox.pending()).toBe(0);
    expect(rows.length).toBe(n);
    // In order: every point where it was sent, with its value.
    expect(rows.map((r) => r.t)).toEqual(Array.from({ length: n }, (_, i) => base + i * 50));
    expect(rows.map((r) => r.mean)).toEqual(Array.from({ length: n }, (_, i) => i % 1000));
  } finally {
    await t.shutdown();
    await influxd.destroy();
  }
}
