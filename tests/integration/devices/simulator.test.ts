import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIngestApp, type IngestApp } from './ingest-app.js';
import { demoCity } from '../../../config/demo-city.js';

let t: IngestApp;
beforeAll(async () => {
  t = await createIngestApp();
});
afterAll(async () => t.shutdown());

describe('npm run simulate', () => {
  it('logs the demo devices in with their own credentials and fills the store, live state and queues', async () => {
    const hq = [...demoCity().sites].sort((a, b) => b.counters.length - a.counters.length)[0];
    if (!hq) throw new Error('no sites');
    const siteId = hq.unit.id;
    const devices = demoCity().devices.filter((d) => d.siteId === siteId);
    const secrets = Object.fromEntries(devices.map((d) => [d.id, t.secretOf(d.id)]));
    const file = join(t.dir, 'secrets.json');
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    const proc = spawn(
      'npx',
      [
        'tsx',
        'devices/simulator/main.ts',
        '--url',
        t.mqttUrl,
        '--secrets',
        file,
        '--sites',
        '1',
        '--speed',
        '900',
        '--start-hour',
        '8.7',
        '--duration',
        '10',
        '--fault-rate',
        '2',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATA_DIR: t.dir },
      },
    );
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    expect(code, out).toBe(0);
    await t.settle();
    const stats = t.ingest.pipeline.getStats();
    expect(stats.accepted).toBeGreaterThan(200);
    expect(
      Object.values(stats.quarantined).reduce((a, b) => a + b, 0),
      JSON.stringify(t.services.devices.store.quarantine({ siteIds: [siteId], includeUnknownSite: true, limit: 5 })),
    ).toBe(0);
    const live = t.ingest.pipeline.live.list(siteId);
    expect(live.length).toBe(devices.length);
    // The simulator said offline on a clean stop.
    expect(live.every((s) => !s.online)).toBe(true);
    expect(live.find((s) => s.type === 'occupancy-sensor')?.values['people']).toBeGreaterThanOrEqual(0);
    expect(live.find((s) => s.type === 'env-sensor')?.values['temperature']).toBeGreaterThan(15);
    const queues = t.ingest.pipeline.queues.all(t.clock.now(), siteId);
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.reduce((n, q) => n + q.throughputPerHour, 0)).toBeGreaterThan(0);
    const rows = await t.ingest.store.query({
      siteId,
      from: 0,
      to: t.clock.now() + 1,
      resolution: 'minute',
      limit: 50_000,
    });
    expect(new Set(rows.map((r) => r.field))).toEqual(expect.objectContaining({}));
    expect(rows.some((r) => r.field === 'issued')).toBe(true);
    expect(rows.some((r) => r.field === 'score')).toBe(true);
    expect(rows.some((r) => r.field === 'fault')).toBe(true);
  }, 60_000);
});
