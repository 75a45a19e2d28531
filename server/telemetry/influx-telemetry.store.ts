/**
 * InfluxDB 1.x telemetry adapter (INFLUX_URL, e.g. http://127.0.0.1:8086/hcpv). Retention
 * policies `raw` (default, N days), `minute` and `hour` filled by continuous queries. Tags are
 * only site, zone, device type, device id and service; never a ticket number or a person.
 * Every write goes through the durable outbox first.
 */
import { InfluxDB, type IPoint } from 'influx';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { InfluxOutbox, RejectedBatchError } from './influx-outbox.js';
import {
  BUCKET_MS,
  sortRows,
  type RetentionDays,
  type SeriesRow,
  type TelemetryPoint,
  type TelemetryQuery,
  type TelemetryStore,
} from './telemetry-store.js';

const TAGS = ['site', 'zone', 'device_type', 'device', 'service'] as const;

const resultSchema = z.object({
  results: z.array(
    z.object({
      error: z.string().optional(),
      series: z
        .array(
          z.object({
            name: z.string(),
            tags: z.record(z.string(), z.string()).optional(),
            columns: z.array(z.string()),
            values: z.array(z.array(z.union([z.number(), z.string(), z.null(), z.boolean()]))),
          }),
        )
        .optional(),
    }),
  ),
});

/** The influx client's RequestError carries the HTTP response. */
const httpErrorSchema = z.object({ res: z.object({ statusCode: z.number() }) });

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * InfluxDB keeps one point per series and timestamp: two readings of a device in the same
 * millisecond (a buffered array without `ts`, two tickets issued at once) would overwrite each
 * other. Points are written in nanoseconds with a per-series counter below the millisecond, so
 * each is kept; queries read milliseconds, which drops the counter again.
 */
export class InfluxPointWriter {
  private readonly seq = new Map<string, { ts: number; n: number }>();

  toPoint(p: TelemetryPoint): IPoint {
    const tags: Record<string, string> = {
      site: p.siteId,
      zone: p.zoneId,
      device_type: p.deviceType,
      device: p.deviceId,
    };
    if (p.service !== null) tags['service'] = p.service;
    const key = `${p.measurement}\u0000${p.deviceId}\u0000${p.service ?? ''}`;
    const last = this.seq.get(key);
    const n = last && last.ts === p.ts ? last.n + 1 : 0;
    this.seq.set(key, { ts: p.ts, n });
    if (this.seq.size > 200_000) this.seq.clear();
    return {
      measurement: p.measurement,
      tags,
      fields: p.fields,
      timestamp: `${p.ts}${String(n % 1_000_000).padStart(6, '0')}`,
    };
  }
}

export interface InfluxStoreOptions {
  url: string;
  retention: RetentionDays;
  /** SQLite file for the durable outbox. */
  outboxDb: Db;
  now: () => number;
  onError?(err: unknown, retryInMs: number): void;
}

export class InfluxTelemetryStore implements TelemetryStore {
  readonly kind = 'influx';
  readonly influx: InfluxDB;
  readonly database: string;
  readonly outbox: InfluxOutbox;
  private initialised = false;
  private readonly points = new InfluxPointWriter();

  constructor(private readonly o: InfluxStoreOptions) {
    const url = new URL(o.url);
    this.database = url.pathname.replace(/^\//, '') || 'hcpv';
    this.influx = new InfluxDB({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 8086)),
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      database: this.database,
      ...(url.username
        ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
        : {}),
    });
    this.outbox = new InfluxOutbox(o.outboxDb, {
      send: (points) => this.send(points),
      onError: (err, retryInMs) => o.onError?.(err, retryInMs),
    });
  }

  /** Create the database, retention policies and continuous queries if missing. Safe to repeat. */
  async init(): Promise<void> {
    const db = this.database;
    const names = await this.influx.getDatabaseNames();
    if (!names.includes(db)) await this.influx.createDatabase(db);
    const rps = (await this.influx.showRetentionPolicies(db)).map((r) => r.name);
    const { raw, minute, hour } = this.o.retention;
    const policies = [
      { name: 'raw', duration: `${raw}d`, isDefault: true },
      { name: 'minute', duration: `${minute}d`, isDefault: false },
      { name: 'hour', duration: `${hour}d`, isDefault: false },
    ];
    for (const p of policies) {
      const opts = { database: db, duration: p.duration, replication: 1, isDefault: p.isDefault };
      if (rps.includes(p.name)) await this.influx.alterRetentionPolicy(p.name, opts);
      else await this.influx.createRetentionPolicy(p.name, opts);
    }
    const cqs = (await this.influx.showContinousQueries(db)).map((c) => c.name);
    for (const [name, rp, every] of [
      ['hcpv_minute', 'minute', '1m'],
      ['hcpv_hour', 'hour', '1h'],
    ] as const) {
      if (cqs.includes(name)) continue;
      await this.influx.createContinuousQuery(
        name,
        `SELECT count(*), sum(*), min(*), max(*) INTO "${db}"."${rp}".:MEASUREMENT FROM "${db}"."raw"./.*/ GROUP BY time(${every}), *`,
        db,
      );
    }
    this.initialised = true;
    this.outbox.kick();
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    this.outbox.append(points);
    return Promise.resolve();
  }

  private async send(points: TelemetryPoint[]): Promise<void> {
    if (!this.initialised) await this.init();
    try {
      await this.influx.writePoints(
        points.map((p) => this.points.toPoint(p)),
        { database: this.database, retentionPolicy: 'raw', precision: 'n' },
      );
    } catch (err) {
      const status = httpErrorSchema.safeParse(err).data?.res.statusCode ?? 0;
      // "partial write: points beyond retention policy dropped": the rest were written.
      if (status === 400 && /partial write/.test(err instanceof Error ? err.message : '')) return;
      if (status >= 400 && status < 500) throw new RejectedBatchError(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  async query(q: TelemetryQuery): Promise<SeriesRow[]> {
    const conds = [`time >= ${q.from}ms`, `time < ${q.to}ms`];
    const tag = (name: string, v: string | undefined) => v !== undefined && conds.push(`"${name}" = ${quote(v)}`);
    tag('site', q.siteId);
    tag('zone', q.zoneId);
    tag('device', q.deviceId);
    tag('device_type', q.deviceType);
    const measurements = q.measurement ? [q.measurement] : ['telemetry', 'event'];
    const day = 86_400_000;
    // Aggregates come from raw while it still holds the range (exact, and CQs lag a bucket);
    // older ranges read the rollup policies.
    const fromRollup = q.resolution !== 'raw' && q.from < this.o.now() - this.o.retention.raw * day + 60_000;
    const rp = fromRollup ? q.resolution : 'raw';
    const from = measurements.map((m) => `"${this.database}"."${rp}"."${m}"`).join(', ');
    let sql: string;
    if (q.resolution === 'raw') sql = `SELECT * FROM ${from} WHERE ${conds.join(' AND ')} LIMIT ${q.limit}`;
    else if (!fromRollup)
      sql = `SELECT count(*), sum(*), min(*), max(*) FROM ${from} WHERE ${conds.join(' AND ')} GROUP BY time(${q.resolution === 'minute' ? '1m' : '1h'}), * fill(none) LIMIT ${q.limit}`;
    else sql = `SELECT * FROM ${from} WHERE ${conds.join(' AND ')} LIMIT ${q.limit}`;
    const parsed = resultSchema.parse(await this.influx.queryRaw(sql, { precision: 'ms' }));
    const out: SeriesRow[] = [];
    for (const result of parsed.results) {
      if (result.error) throw new Error(`InfluxDB: ${result.error}`);
      for (const s of result.series ?? []) {
        const measurement = s.name === 'event' ? 'event' : 'telemetry';
        for (const values of s.values) {
          const col = (name: string) => {
            const i = s.columns.indexOf(name);
            return i < 0 ? undefined : values[i];
          };
          const tagOf = (name: string): string | null => {
            const v = s.tags?.[name] ?? col(name);
            return typeof v === 'string' && v !== '' ? v : null;
          };
          const t = Number(col('time'));
          const base = {
            t,
            measurement,
            siteId: tagOf('site') ?? '',
            zoneId: tagOf('zone') ?? '',
            deviceType: tagOf('device_type') ?? '',
            deviceId: tagOf('device') ?? '',
            service: tagOf('service'),
          } as const;
          if (q.resolution === 'raw') {
            for (const [i, c] of s.columns.entries()) {
              const v = values[i];
              if (c === 'time' || (TAGS as readonly string[]).includes(c) || typeof v !== 'number') continue;
              if (q.field !== undefined && c !== q.field) continue;
              out.push({ ...base, field: c, count: 1, mean: v, min: v, max: v, sum: v });
            }
            continue;
          }
          const fields = new Set(s.columns.filter((c) => c.startsWith('count_')).map((c) => c.slice(6)));
          for (const f of fields) {
            if (q.field !== undefined && f !== q.field) continue;
            const num = (c: string) => {
              const v = col(c);
              return typeof v === 'number' ? v : null;
            };
            const count = num(`count_${f}`);
            const sum = num(`sum_${f}`);
            const min = num(`min_${f}`);
            const max = num(`max_${f}`);
            if (!count || sum === null || min === null || max === null) continue;
            out.push({
              ...base,
              t: t - (t % BUCKET_MS[q.resolution]),
              field: f,
              count,
              sum,
              min,
              max,
              mean: sum / count,
            });
          }
        }
      }
    }
    return sortRows(out);
  }

  prune(): Promise<void> {
    return Promise.resolve();
  }

  async ready(): Promise<boolean> {
    const hosts = await this.influx.ping(1_500);
    return hosts.some((h) => h.online);
  }

  close(): Promise<void> {
    this.outbox.close();
    return Promise.resolve();
  }
}
