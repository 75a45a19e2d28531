/**
 * SQLite telemetry adapter (the default): raw points kept N days as one row per message
 * (fields as JSON), minute and hour rollups (count, sum, min, max per device, field, service)
 * updated in the same transaction as each batch and kept longer. Lives in its own database
 * file so telemetry load never blocks the state store.
 */
import { z } from 'zod';
import { migrate, type Db, type Migration } from '../db/database.js';
import { BUCKET_MS, sortRows, type RetentionDays, type SeriesRow, type TelemetryPoint, type TelemetryQuery, type TelemetryStore } from './telemetry-store.js';

export const sqliteTelemetryMigrations: Migration[] = [
  {
    id: 'telemetry-001-raw-rollups',
    up: `
      CREATE TABLE telemetry_raw (
        ts INTEGER NOT NULL, measurement TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL,
        dtype TEXT NOT NULL, device TEXT NOT NULL, service TEXT, fields TEXT NOT NULL
      );
      CREATE INDEX telemetry_raw_device ON telemetry_raw(device, ts);
      CREATE INDEX telemetry_raw_site ON telemetry_raw(site, ts);
      ${['minute', 'hour']
        .map(
          (r) => `CREATE TABLE telemetry_${r} (
        bucket INTEGER NOT NULL, measurement TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL, dtype TEXT NOT NULL,
        device TEXT NOT NULL, service TEXT NOT NULL, field TEXT NOT NULL,
        count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
        PRIMARY KEY (device, bucket, field, service, measurement)
      ) WITHOUT ROWID;
      CREATE INDEX telemetry_${r}_site ON telemetry_${r}(site, bucket);`,
        )
        .join('\n')}
    `,
  },
];

const fieldsSchema = z.record(z.string(), z.number());

interface Agg {
  bucket: number;
  p: TelemetryPoint;
  field: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export class SqliteTelemetryStore implements TelemetryStore {
  readonly kind = 'sqlite';
  private readonly insertRaw;
  private readonly upsert;

  constructor(
    private readonly db: Db,
    private readonly retention: RetentionDays,
  ) {
    migrate(db, sqliteTelemetryMigrations);
    this.insertRaw = db.prepare('INSERT INTO telemetry_raw (ts, measurement, site, zone, dtype, device, service, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const upsert = (r: string) =>
      db.prepare(
        `INSERT INTO telemetry_${r} (bucket, measurement, site, zone, dtype, device, service, field, count, sum, min, max)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device, bucket, field, service, measurement) DO UPDATE SET
           count = count + excluded.count, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max)`,
      );
    this.upsert = { minute: upsert('minute'), hour: upsert('hour') };
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    const aggs = { minute: new Map<string, Agg>(), hour: new Map<string, Agg>() };
    this.db.transaction(() => {
      for (const p of points) {
        this.insertRaw.run(p.ts, p.measurement, p.siteId, p.zoneId, p.deviceType, p.deviceId, p.service, JSON.stringify(p.fields));
        for (const res of ['minute', 'hour'] as const) {
          const bucket = p.ts - (p.ts % BUCKET_MS[res]);
          for (const [field, v] of Object.entries(p.fields)) {
            const key = `${p.deviceId}\u0000${bucket}\u0000${field}\u0000${p.service ?? ''}\u0000${p.measurement}`;
            const a = aggs[res].get(key);
            if (a) {
              a.count++;
              a.sum += v;
              a.min = Math.min(a.min, v);
              a.max = Math.max(a.max, v);
            } else aggs[res].set(key, { bucket, p, field, count: 1, sum: v, min: v, max: v });
          }
        }
      }
      for (const res of ['minute', 'hour'] as const) {
        for (const a of aggs[res].values()) {
          this.upsert[res].run(a.bucket, a.p.measurement, a.p.siteId, a.p.zoneId, a.p.deviceType, a.p.deviceId, a.p.service ?? '', a.field, a.count, a.sum, a.min, a.max);
        }
      }
    })();
    return Promise.resolve();
  }

  query(q: TelemetryQuery): Promise<SeriesRow[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (cond: string, v: string | number | undefined) => {
      if (v === undefined) return;
      where.push(cond);
      params.push(v);
    };
    add('site = ?', q.siteId);
    add('zone = ?', q.zoneId);
    add('device = ?', q.deviceId);
    add('dtype = ?', q.deviceType);
    add('measurement = ?', q.measurement);
    if (q.resolution === 'raw') {
      add('ts >= ?', q.from);
      add('ts < ?', q.to);
      const rows = this.db
        .prepare<(string | number)[], { ts: number; measurement: SeriesRow['measurement']; site: string; zone: string; dtype: string; device: string; service: string | null; fields: string }>(
          `SELECT * FROM telemetry_raw WHERE ${where.join(' AND ')} ORDER BY ts LIMIT ?`,
        )
        .all(...params, q.limit);
      const out: SeriesRow[] = [];
      for (const r of rows) {
        for (const [field, v] of Object.entries(fieldsSchema.parse(JSON.parse(r.fields)))) {
          if (q.field !== undefined && field !== q.field) continue;
          out.push({ t: r.ts, measurement: r.measurement, siteId: r.site, zoneId: r.zone, deviceType: r.dtype, deviceId: r.device, service: r.service, field, count: 1, mean: v, min: v, max: v, sum: v });
        }
      }
      return Promise.resolve(sortRows(out));
    }
    add('field = ?', q.field);
    const size = BUCKET_MS[q.resolution];
    add('bucket >= ?', q.from - (q.from % size));
    add('bucket < ?', q.to);
    const rows = this.db
      .prepare<(string | number)[], { bucket: number; measurement: SeriesRow['measurement']; site: string; zone: string; dtype: string; device: string; service: string; field: string; count: number; sum: number; min: number; max: number }>(
        `SELECT * FROM telemetry_${q.resolution} WHERE ${where.join(' AND ')} ORDER BY bucket LIMIT ?`,
      )
      .all(...params, q.limit);
    return Promise.resolve(
      sortRows(
        rows.map((r) => ({
          t: r.bucket,
          measurement: r.measurement,
          siteId: r.site,
          zoneId: r.zone,
          deviceType: r.dtype,
          deviceId: r.device,
          service: r.service === '' ? null : r.service,
          field: r.field,
          count: r.count,
          mean: r.sum / r.count,
          min: r.min,
          max: r.max,
          sum: r.sum,
        })),
      ),
    );
  }

  prune(now: number): Promise<void> {
    const day = 86_400_000;
    this.db.prepare('DELETE FROM telemetry_raw WHERE ts < ?').run(now - this.retention.raw * day);
    this.db.prepare('DELETE FROM telemetry_minute WHERE bucket < ?').run(now - this.retention.minute * day);
    this.db.prepare('DELETE FROM telemetry_hour WHERE bucket < ?').run(now - this.retention.hour * day);
    return Promise.resolve();
  }

  ready(): Promise<boolean> {
    return Promise.resolve(this.db.open && this.db.prepare('SELECT 1').get() !== undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
