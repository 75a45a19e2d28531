/**
 * SQLite telemetry adapter (the default): raw points kept N days as one row per message
 * (fields as JSON), minute and hour rollups (count, sum, min, max per device, field, service)
 * updated in the same transaction as each batch and kept longer. Lives in its own database
 * file so telemetry load never blocks the state store.
 */
import { z } from 'zod';
import { migrate, type Db, type Migration } from '../db/database.js';
import {
  BUCKET_MS,
  sortRows,
  type RetentionDays,
  type SeriesRow,
  type TelemetryPoint,
  type TelemetryQuery,
  type TelemetryStore,
} from './telemetry-store.js';

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
  {
    id: 'telemetry-002-rollup-watermark',
    // The last raw rowid folded into the rollups; rows after it are re-folded at start-up.
    up: `CREATE TABLE telemetry_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
         INSERT INTO telemetry_meta (key, value) SELECT 'rollup_rowid', coalesce(max(rowid), 0) FROM telemetry_raw;`,
  },
  {
    id: 'telemetry-003-raw-dedupe',
    // MQTT QoS 1 is at-least-once: the same message can arrive twice. One row per distinct point.
    up: `DELETE FROM telemetry_raw WHERE rowid NOT IN (
           SELECT min(rowid) FROM telemetry_raw GROUP BY device, measurement, ts, coalesce(service, ''), fields);
         CREATE UNIQUE INDEX telemetry_raw_point ON telemetry_raw(device, ts, measurement, coalesce(service, ''), fields);`,
  },
  {
    id: 'telemetry-004-raw-same-ms',
    // Identical readings in the same millisecond can be distinct events (two tickets issued, the
    // ticket number never stored), so rows are not unique by content: QoS 1 redeliveries are
    // dropped by message in the ingest pipeline instead.
    up: `DROP INDEX IF EXISTS telemetry_raw_point;`,
  },
  {
    id: 'telemetry-005-raw-site-index-only',
    // Rows arrive in time order from every device at once: an index led by the device id gets
    // ~1 dirty page per device per batch (≈ 2 KB of WAL per row at 1,000 devices), which cost
    // more than everything else in ingest. Every API query names its site, so (site, ts) serves
    // them; a device's rows are filtered inside its site's time range.
    up: `DROP INDEX IF EXISTS telemetry_raw_device;`,
  },
];

/**
 * Rollups are folded in memory and written at most this often (or when this many keys are open).
 * At 1,000 devices each flush upserts ~8,000 rows (device × field × minute/hour), as costly as
 * 8,000 raw inserts: once a second that was a fifth of the write work at 40k msg/s. Queries and
 * close() flush first, so nothing reads stale rollups; a crash re-folds at most this much raw.
 */
const ROLLUP_FLUSH_MS = 5_000;
const ROLLUP_MAX_KEYS = 50_000;

const ROLLUPS = ['minute', 'hour'] as const;
const fieldsSchema = z.record(z.string(), z.number());

/** Running aggregate of one field in one bucket. */
interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** All fields of one device, service and measurement in one bucket (one map key per point, not per field). */
interface BucketAggs {
  bucket: number;
  p: TelemetryPoint;
  fields: Map<string, Agg>;
}

/**
 * Raw rows are committed per batch. Their minute/hour aggregates are folded in memory and
 * upserted every ROLLUP_FLUSH_MS, in the same transaction as a raw batch, together with a
 * watermark (the last raw rowid folded). Upserting per batch would cost ~8 upserts per message
 * at 1,000 devices; folding makes it one per device, field and bucket per flush. A crash loses
 * no rollup: rows past the watermark are folded again at start-up. Queries fold first.
 */
export class SqliteTelemetryStore implements TelemetryStore {
  readonly kind = 'sqlite';
  private readonly insertRaw;
  private readonly upsert;
  private readonly setWatermark;
  private aggs = { minute: new Map<string, BucketAggs>(), hour: new Map<string, BucketAggs>() };
  /** Field aggregates open in `aggs` (rows the next rollup flush upserts). */
  private openKeys = 0;
  private lastRollupAt = 0;
  private lastRowid = 0;

  constructor(
    private readonly db: Db,
    private readonly retention: RetentionDays,
  ) {
    migrate(db, sqliteTelemetryMigrations);
    this.insertRaw = db.prepare(
      'INSERT INTO telemetry_raw (ts, measurement, site, zone, dtype, device, service, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsert = (r: string) =>
      db.prepare(
        `INSERT INTO telemetry_${r} (bucket, measurement, site, zone, dtype, device, service, field, count, sum, min, max)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device, bucket, field, service, measurement) DO UPDATE SET
           count = count + excluded.count, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max)`,
      );
    this.upsert = { minute: upsert('minute'), hour: upsert('hour') };
    this.setWatermark = db.prepare(`UPDATE telemetry_meta SET value = ? WHERE key = 'rollup_rowid'`);
    this.recover();
  }

  /** Fold raw rows written after the last rollup flush (a crash between the two). */
  private recover(): void {
    const mark =
      this.db.prepare<[], { value: number }>(`SELECT value FROM telemetry_meta WHERE key = 'rollup_rowid'`).get()
        ?.value ?? 0;
    const rows = this.db
      .prepare<
        [number],
        {
          rowid: number;
          ts: number;
          measurement: TelemetryPoint['measurement'];
          site: string;
          zone: string;
          dtype: TelemetryPoint['deviceType'];
          device: string;
          service: string | null;
          fields: string;
        }
      >('SELECT rowid, * FROM telemetry_raw WHERE rowid > ? ORDER BY rowid')
      .all(mark);
    for (const r of rows) {
      this.fold({
        measurement: r.measurement,
        ts: r.ts,
        siteId: r.site,
        zoneId: r.zone,
        deviceType: r.dtype,
        deviceId: r.device,
        service: r.service,
        fields: fieldsSchema.parse(JSON.parse(r.fields)),
      });
      this.lastRowid = r.rowid;
    }
    if (rows.length) this.db.transaction(() => this.flushRollups())();
  }

  private fold(p: TelemetryPoint): void {
    for (const res of ROLLUPS) {
      const bucket = p.ts - (p.ts % BUCKET_MS[res]);
      const key = `${p.deviceId}\u0000${bucket}\u0000${p.service ?? ''}\u0000${p.measurement}`;
      let b = this.aggs[res].get(key);
      if (!b) {
        b = { bucket, p, fields: new Map() };
        this.aggs[res].set(key, b);
      }
      for (const field in p.fields) {
        const v = p.fields[field] ?? 0;
        const a = b.fields.get(field);
        if (a) {
          a.count++;
          a.sum += v;
          if (v < a.min) a.min = v;
          if (v > a.max) a.max = v;
        } else {
          b.fields.set(field, { count: 1, sum: v, min: v, max: v });
          this.openKeys++;
        }
      }
    }
  }

  /** Upsert the folded aggregates and move the watermark; call inside a transaction. */
  private flushRollups(): void {
    for (const res of ROLLUPS) {
      for (const { bucket, p, fields } of this.aggs[res].values()) {
        for (const [field, a] of fields) {
          this.upsert[res].run(
            bucket,
            p.measurement,
            p.siteId,
            p.zoneId,
            p.deviceType,
            p.deviceId,
            p.service ?? '',
            field,
            a.count,
            a.sum,
            a.min,
            a.max,
          );
        }
      }
    }
    this.aggs = { minute: new Map(), hour: new Map() };
    this.openKeys = 0;
    this.setWatermark.run(this.lastRowid);
    this.lastRollupAt = Date.now();
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    this.db.transaction(() => {
      for (const p of points) {
        const inserted = this.insertRaw.run(
          p.ts,
          p.measurement,
          p.siteId,
          p.zoneId,
          p.deviceType,
          p.deviceId,
          p.service,
          JSON.stringify(p.fields),
        );
        this.lastRowid = Number(inserted.lastInsertRowid);
        this.fold(p);
      }
      if (Date.now() - this.lastRollupAt >= ROLLUP_FLUSH_MS || this.openKeys > ROLLUP_MAX_KEYS) this.flushRollups();
    })();
    return Promise.resolve();
  }

  /** Write folded rollups now (queries and shutdown). */
  flush(): void {
    if (this.openKeys) this.db.transaction(() => this.flushRollups())();
  }

  query(q: TelemetryQuery): Promise<SeriesRow[]> {
    if (q.resolution !== 'raw') this.flush();
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
        .prepare<
          (string | number)[],
          {
            ts: number;
            measurement: SeriesRow['measurement'];
            site: string;
            zone: string;
            dtype: string;
            device: string;
            service: string | null;
            fields: string;
          }
        >(`SELECT * FROM telemetry_raw WHERE ${where.join(' AND ')} ORDER BY ts LIMIT ?`)
        .all(...params, q.limit);
      const out: SeriesRow[] = [];
      for (const r of rows) {
        for (const [field, v] of Object.entries(fieldsSchema.parse(JSON.parse(r.fields)))) {
          if (q.field !== undefined && field !== q.field) continue;
          out.push({
            t: r.ts,
            measurement: r.measurement,
            siteId: r.site,
            zoneId: r.zone,
            deviceType: r.dtype,
            deviceId: r.device,
            service: r.service,
            field,
            count: 1,
            mean: v,
            min: v,
            max: v,
            sum: v,
          });
        }
      }
      return Promise.resolve(sortRows(out));
    }
    add('field = ?', q.field);
    const size = BUCKET_MS[q.resolution];
    add('bucket >= ?', q.from - (q.from % size));
    add('bucket < ?', q.to);
    const rows = this.db
      .prepare<
        (string | number)[],
        {
          bucket: number;
          measurement: SeriesRow['measurement'];
          site: string;
          zone: string;
          dtype: string;
          device: string;
          service: string;
          field: string;
          count: number;
          sum: number;
          min: number;
          max: number;
        }
      >(`SELECT * FROM telemetry_${q.resolution} WHERE ${where.join(' AND ')} ORDER BY bucket LIMIT ?`)
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
    if (this.db.open) this.flush();
    return Promise.resolve();
  }
}
