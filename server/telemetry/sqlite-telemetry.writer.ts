/**
 * Everything the SQLite telemetry store writes, on one connection: raw rows per batch, minute
 * and hour rollups folded in memory and upserted every ROLLUP_FLUSH_MS, the rollup watermark,
 * the last committed batch and pruning. Runs in the writer thread (sqlite-telemetry.worker.ts);
 * synchronous and free of thread concerns, so it reads like the store it was split from.
 */
import type { Db } from '../db/database.js';
import { MEASUREMENTS, TAGS_PER_POINT, type PackedBatch, type PruneCutoffs } from './sqlite-telemetry.batch.js';
import { BUCKET_MS } from './telemetry-store.js';

/**
 * Rollups are folded in memory and written at most this often (or when this many keys are open).
 * At 1,000 devices each flush upserts ~8,000 rows (device × field × minute/hour), as costly as
 * 8,000 raw inserts: once a second that was a fifth of the write work at 40k msg/s. Queries and
 * close() flush first, so nothing reads stale rollups; a crash re-folds at most this much raw.
 */
const ROLLUP_FLUSH_MS = 5_000;
const ROLLUP_MAX_KEYS = 50_000;
const ROLLUPS = ['minute', 'hour'] as const;

/** Running aggregate of one field in one bucket. */
interface Agg {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** One point's tags as the writer sees them (strings, service '' for none). */
interface Tags {
  measurement: string;
  site: string;
  zone: string;
  dtype: string;
  device: string;
  service: string;
}

/** All fields of one device, service and measurement in one bucket (one map key per point, not per field). */
interface BucketAggs extends Tags {
  bucket: number;
  fields: Map<string, Agg>;
}

/** A series (device, service, measurement) within one batch: its tags and the buckets it folds into now. */
interface SeriesCursor {
  tags: Tags;
  minute: BucketAggs;
  hour: BucketAggs;
}

export class TelemetryWriter {
  private readonly insertRaw;
  private readonly upsert;
  private readonly setMeta;
  private readonly getMeta;
  private aggs = { minute: new Map<string, BucketAggs>(), hour: new Map<string, BucketAggs>() };
  /** Field aggregates open in `aggs` (rows the next rollup flush upserts). */
  private openKeys = 0;
  private lastRollupAt = 0;
  private lastRowid = 0;
  /** After a failed transaction the folded state no longer matches the file: re-fold before the next one. */
  private stale = false;

  constructor(private readonly db: Db) {
    this.insertRaw = db.prepare<[number, string, string, string, string, string, string | null, string]>(
      'INSERT INTO telemetry_raw (ts, measurement, site, zone, dtype, device, service, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsert = (r: string) =>
      db.prepare<[number, string, string, string, string, string, string, string, number, number, number, number]>(
        `INSERT INTO telemetry_${r} (bucket, measurement, site, zone, dtype, device, service, field, count, sum, min, max)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device, bucket, field, service, measurement) DO UPDATE SET
           count = count + excluded.count, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max)`,
      );
    this.upsert = { minute: upsert('minute'), hour: upsert('hour') };
    this.setMeta = db.prepare<[number, string]>('UPDATE telemetry_meta SET value = ? WHERE key = ?');
    this.getMeta = db.prepare<[string], { value: number }>('SELECT value FROM telemetry_meta WHERE key = ?');
    this.recover();
  }

  /** The `seq` of the last write committed (a batch lost with a crashed writer is committed iff ≤ this). */
  batchSeq(): number {
    return this.getMeta.get('batch_seq')?.value ?? 0;
  }

  /**
   * Fold raw rows written after the last rollup flush (a crash between the two, or a failed
   * transaction whose folds were rolled back), from nothing: the rollups in memory are rebuilt
   * to match the file.
   */
  private recover(): void {
    this.aggs = { minute: new Map(), hour: new Map() };
    this.openKeys = 0;
    const mark = this.getMeta.get('rollup_rowid')?.value ?? 0;
    this.lastRowid = mark;
    const rows = this.db
      .prepare<[number], Omit<Tags, 'service'> & { rowid: number; ts: number; service: string | null; fields: string }>(
        'SELECT rowid, * FROM telemetry_raw WHERE rowid > ? ORDER BY rowid',
      )
      .iterate(mark);
    let replayed = false;
    for (const r of rows) {
      const fields = parseFields(r.fields);
      const { measurement, site, zone, dtype, device } = r;
      const tags: Tags = { measurement, site, zone, dtype, device, service: r.service ?? '' };
      for (const res of ROLLUPS) {
        const b = this.bucketOf(res, r.ts, tags);
        for (const [field, v] of fields) this.foldValue(b, field, v);
      }
      this.lastRowid = r.rowid;
      replayed = true;
    }
    if (replayed) this.db.transaction(() => this.flushRollups())();
    this.stale = false;
  }

  private bucketOf(res: (typeof ROLLUPS)[number], ts: number, t: Tags): BucketAggs {
    const bucket = ts - (ts % BUCKET_MS[res]);
    const key = `${t.device}\u0000${bucket}\u0000${t.service}\u0000${t.measurement}`;
    let b = this.aggs[res].get(key);
    if (!b) {
      b = { bucket, ...t, fields: new Map() };
      this.aggs[res].set(key, b);
    }
    return b;
  }

  private foldValue(b: BucketAggs, field: string, v: number): void {
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

  /** Upsert the folded aggregates and move the watermark; call inside a transaction. */
  private flushRollups(): void {
    for (const res of ROLLUPS) {
      for (const b of this.aggs[res].values()) {
        for (const [field, a] of b.fields) {
          this.upsert[res].run(
            b.bucket,
            b.measurement,
            b.site,
            b.zone,
            b.dtype,
            b.device,
            b.service,
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
    this.setMeta.run(this.lastRowid, 'rollup_rowid');
    this.lastRollupAt = Date.now();
  }

  /** Run `fn` in a transaction; if it fails, the folds it made are rebuilt from the file before the next one. */
  private transaction(fn: () => void): void {
    if (this.stale) this.recover();
    try {
      this.db.transaction(fn)();
    } catch (err) {
      this.stale = true;
      throw err;
    }
  }

  /**
   * Insert and fold batches in one transaction (several when the writer is behind: each commit
   * rewrites the index pages it touched, so fewer commits cost less per row); commits `seq`, the
   * last batch's number, with them.
   */
  write(batches: readonly PackedBatch[], seq: number): void {
    this.transaction(() => {
      for (const b of batches) this.insert(b);
      this.setMeta.run(seq, 'batch_seq');
      if (Date.now() - this.lastRollupAt >= ROLLUP_FLUSH_MS || this.openKeys > ROLLUP_MAX_KEYS) this.flushRollups();
    });
  }

  /** Insert one batch's raw rows and fold them; inside a transaction. */
  private insert(b: PackedBatch): void {
    const { strings: s, tags, fieldEnd, names, values } = b;
    // Per batch: each string's JSON (field names) and each series' tags and current buckets, by
    // table indexes, so a point builds no map key unless its series moved to another bucket.
    const quoted: (string | undefined)[] = [];
    const series = new Map<number, SeriesCursor>();
    const width = s.length + 1;
    let f = 0;
    for (let i = 0; i < b.n; i++) {
      const t = i * TAGS_PER_POINT;
      const ts = b.ts[i] ?? 0;
      const m = b.measurement[i] ?? 0;
      const deviceId = tags[t + 3] ?? 0;
      const serviceId = tags[t + 4] ?? -1;
      const key = (deviceId * width + serviceId + 1) * MEASUREMENTS.length + m;
      let c = series.get(key);
      if (!c) {
        const tagsOf: Tags = {
          measurement: MEASUREMENTS[m] ?? 'telemetry',
          site: s[tags[t] ?? 0] ?? '',
          zone: s[tags[t + 1] ?? 0] ?? '',
          dtype: s[tags[t + 2] ?? 0] ?? '',
          device: s[deviceId] ?? '',
          service: serviceId < 0 ? '' : (s[serviceId] ?? ''),
        };
        c = { tags: tagsOf, minute: this.bucketOf('minute', ts, tagsOf), hour: this.bucketOf('hour', ts, tagsOf) };
        series.set(key, c);
      }
      if (ts - c.minute.bucket >= BUCKET_MS.minute || ts < c.minute.bucket)
        c.minute = this.bucketOf('minute', ts, c.tags);
      if (ts - c.hour.bucket >= BUCKET_MS.hour || ts < c.hour.bucket) c.hour = this.bucketOf('hour', ts, c.tags);
      const end = fieldEnd[i] ?? f;
      // The same text JSON.stringify(fields) gives: keys in insertion order, numbers as JS prints them.
      let json = '{';
      for (let k = f; k < end; k++) {
        const nameId = names[k] ?? 0;
        const v = values[k] ?? 0;
        const q = (quoted[nameId] ??= JSON.stringify(s[nameId] ?? ''));
        json += k === f ? `${q}:${v}` : `,${q}:${v}`;
        const field = s[nameId] ?? '';
        this.foldValue(c.minute, field, v);
        this.foldValue(c.hour, field, v);
      }
      json += '}';
      const g = c.tags;
      const r = this.insertRaw.run(
        ts,
        g.measurement,
        g.site,
        g.zone,
        g.dtype,
        g.device,
        serviceId < 0 ? null : g.service,
        json,
      );
      this.lastRowid = Number(r.lastInsertRowid);
      f = end;
    }
  }

  /** Write folded rollups now (queries and shutdown). */
  flush(): void {
    if (this.stale || this.openKeys) this.transaction(() => this.flushRollups());
  }

  prune(before: PruneCutoffs): void {
    // Rollups first: an old reading buffered offline may be folded and not yet upserted.
    this.flush();
    this.db.prepare('DELETE FROM telemetry_raw WHERE ts < ?').run(before.raw);
    this.db.prepare('DELETE FROM telemetry_minute WHERE bucket < ?').run(before.minute);
    this.db.prepare('DELETE FROM telemetry_hour WHERE bucket < ?').run(before.hour);
  }

  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }
}

/** A raw row's `fields` column: a JSON object of finite numbers (written by `write`). */
export function parseFields(text: string): [string, number][] {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`fields ${text}: not an object`);
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(json)) {
    if (typeof v !== 'number') throw new Error(`fields ${text}: ${k} is not a number`);
    out.push([k, v]);
  }
  return out;
}
