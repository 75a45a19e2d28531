import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../server/db/database.js';
import { SqliteTelemetryStore } from '../../../server/telemetry/sqlite-telemetry.store.js';
import type { TelemetryPoint } from '../../../server/telemetry/telemetry-store.js';

const dir = mkdtempSync(join(tmpdir(), 'hcpv-tsdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const point = (i: number): TelemetryPoint => ({
  measurement: 'telemetry',
  ts: T0 + i * 1_000,
  siteId: 's',
  zoneId: 'z',
  deviceType: 'env-sensor',
  deviceId: 'd',
  service: null,
  fields: { temperature: 20 + (i % 5) },
});
const retention = { raw: 7, minute: 90, hour: 730 };

describe('SQLite telemetry store', () => {
  it('rebuilds rollups folded in memory but not yet written when the process dies', async () => {
    const file = join(dir, 'telemetry.db');
    const db = openDatabase(file);
    const store = new SqliteTelemetryStore(db, retention);
    await store.write([point(0), point(1)]); // first batch flushes rollups at once
    await store.write(Array.from({ length: 100 }, (_, i) => point(i + 2))); // folded in memory only
    db.close(); // a crash: no flush, no close()
    const again = new SqliteTelemetryStore(openDatabase(file), retention);
    const hour = await again.query({ deviceId: 'd', from: T0, to: T0 + 3_600_000, resolution: 'hour', limit: 10 });
    expect(hour).toHaveLength(1);
    expect(hour[0]).toMatchObject({ count: 102, min: 20, max: 24 });
    const minutes = await again.query({ deviceId: 'd', from: T0, to: T0 + 3_600_000, resolution: 'minute', limit: 10 });
    expect(minutes.map((m) => m.count)).toEqual([60, 42]);
    const raw = await again.query({
      deviceId: 'd',
      field: 'temperature',
      from: T0,
      to: T0 + 3_600_000,
      resolution: 'raw',
      limit: 1_000,
    });
    expect(raw).toHaveLength(102);
  });

  it('folds several devices, fields, services and measurements into exact minute and hour rollups', async () => {
    const db = openDatabase(join(dir, 'fold.db'));
    const store = new SqliteTelemetryStore(db, retention);
    const p = (
      device: string,
      site: string,
      s: number,
      fields: Record<string, number>,
      service: string | null = null,
    ) => ({
      measurement: service ? ('event' as const) : ('telemetry' as const),
      ts: T0 + s * 1_000,
      siteId: site,
      zoneId: 'z',
      deviceType: 'env-sensor' as const,
      deviceId: device,
      service,
      fields,
    });
    await store.write([p('a', 's1', 0, { temperature: 20, humidity: 50 }), p('b', 's2', 0, { temperature: 30 })]);
    await store.write([
      p('a', 's1', 30, { temperature: 24, humidity: 40 }),
      p('a', 's1', 61, { temperature: 10 }),
      p('b', 's2', 59, { temperature: 26 }),
      p('a', 's1', 5, { finished: 1, serviceMs: 400 }, 'Hộ tịch'),
      p('a', 's1', 6, { finished: 1, serviceMs: 200 }, 'Hộ tịch'),
    ]);
    const pick = (rows: Awaited<ReturnType<typeof store.query>>) =>
      rows.map((r) => [r.t - T0, r.deviceId, r.service, r.field, r.count, r.sum, r.min, r.max]);
    expect(
      pick(await store.query({ siteId: 's1', from: T0, to: T0 + 3_600_000, resolution: 'minute', limit: 100 })),
    ).toEqual([
      [0, 'a', 'Hộ tịch', 'finished', 2, 2, 1, 1],
      [0, 'a', null, 'humidity', 2, 90, 40, 50],
      [0, 'a', 'Hộ tịch', 'serviceMs', 2, 600, 200, 400],
      [0, 'a', null, 'temperature', 2, 44, 20, 24],
      [60_000, 'a', null, 'temperature', 1, 10, 10, 10],
    ]);
    expect(
      pick(
        await store.query({
          deviceId: 'b',
          field: 'temperature',
          from: T0,
          to: T0 + 3_600_000,
          resolution: 'hour',
          limit: 10,
        }),
      ),
    ).toEqual([[0, 'b', null, 'temperature', 2, 56, 26, 30]]);
    // Raw rows by site, by site and device, and by device alone (no site: a scan, same rows).
    const raw = (q: { siteId?: string; deviceId?: string }) =>
      store.query({ ...q, field: 'temperature', from: T0, to: T0 + 3_600_000, resolution: 'raw', limit: 100 });
    expect((await raw({ siteId: 's1' })).map((r) => r.mean)).toEqual([20, 24, 10]);
    expect((await raw({ siteId: 's1', deviceId: 'a' })).map((r) => r.mean)).toEqual([20, 24, 10]);
    expect((await raw({ siteId: 's1', deviceId: 'b' })).map((r) => r.mean)).toEqual([]);
    expect((await raw({ deviceId: 'b' })).map((r) => r.mean)).toEqual([30, 26]);
    db.close();
  });

  it('prunes raw data past its retention and keeps the rollups', async () => {
    const store = new SqliteTelemetryStore(openDatabase(join(dir, 'prune.db')), { raw: 1, minute: 90, hour: 730 });
    await store.write([point(0), point(1)]);
    await store.prune(T0 + 2 * 86_400_000);
    expect(await store.query({ deviceId: 'd', from: T0, to: T0 + 60_000, resolution: 'raw', limit: 10 })).toEqual([]);
    expect(
      (await store.query({ deviceId: 'd', from: T0, to: T0 + 60_000, resolution: 'minute', limit: 10 }))[0]?.count,
    ).toBe(2);
  });
});
