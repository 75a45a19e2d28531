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
