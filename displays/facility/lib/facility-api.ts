/**
 * Every API call the facility dashboard makes, each parsed with the owning feature's own zod
 * schema (imported, never copied) through the shared client. Functions take an AbortSignal so
 * a Task cancels what a page no longer needs.
 */
import { z } from 'zod';
import { apiGet } from '../../shared/api.js';
import { orgUnitSchema, siteLayoutSchema, type OrgUnit, type SiteLayout } from '../../../server/org/org.schemas.js';
import { deviceSchema, type Device } from '../../../server/devices/devices.schemas.js';
import { liveStateSchema, queueMetricsSchema, seriesRowSchema } from '../../../server/telemetry/telemetry.schemas.js';
import { METRIC_QUERIES, type Metric, type RollupRow } from './series.js';
import { localMidnight, type TimeRange } from './time-range.js';

export type LiveState = z.infer<typeof liveStateSchema>;
export type QueueMetrics = z.infer<typeof queueMetricsSchema>;
export type { Device, OrgUnit, SiteLayout };

const unitsSchema = z.object({ items: z.array(orgUnitSchema) });
const devicesSchema = z.object({ items: z.array(deviceSchema) });
const liveSchema = z.object({ items: z.array(liveStateSchema) });
const queuesSchema = z.object({ items: z.array(queueMetricsSchema) });
const seriesSchema = z.object({ items: z.array(seriesRowSchema) });

type Opts = { signal?: AbortSignal | undefined };

/** All units in scope (tree order): the city, centre, branches and sites. */
export async function listUnits(opts: Opts = {}): Promise<OrgUnit[]> {
  return (await apiGet('/org/units', unitsSchema, opts)).items;
}

export async function getUnit(id: string, opts: Opts = {}): Promise<OrgUnit> {
  return apiGet(`/org/units/${encodeURIComponent(id)}`, orgUnitSchema, opts);
}

export async function getLayout(siteId: string, opts: Opts = {}): Promise<SiteLayout> {
  return apiGet(`/org/units/${encodeURIComponent(siteId)}/layout`, siteLayoutSchema, opts);
}

export async function listDevices(siteId: string, opts: Opts = {}): Promise<Device[]> {
  return (await apiGet('/devices', devicesSchema, { ...opts, query: { siteId, status: 'active' } })).items;
}

export async function liveStates(siteId: string, opts: Opts = {}): Promise<LiveState[]> {
  return (await apiGet('/telemetry/live', liveSchema, { ...opts, query: { siteId } })).items;
}

export async function queueMetrics(siteId: string, opts: Opts = {}): Promise<QueueMetrics[]> {
  return (await apiGet('/telemetry/queues', queuesSchema, { ...opts, query: { siteId } })).items;
}

/** Rollup rows of one metric at a site over a range. */
export async function metricRows(
  siteId: string,
  metric: Metric,
  range: TimeRange,
  opts: Opts & { deviceId?: string } = {},
): Promise<RollupRow[]> {
  const q = METRIC_QUERIES[metric];
  const res = await apiGet('/telemetry/series', seriesSchema, {
    signal: opts.signal,
    query: {
      siteId,
      measurement: q.measurement,
      field: q.field,
      deviceType: q.deviceType,
      deviceId: opts.deviceId,
      from: range.from,
      to: range.to,
      resolution: range.resolution,
      limit: 50_000,
    },
  });
  return res.items;
}

/** Recent values of every field of one device (raw, last `ms`). */
export async function deviceRecent(
  siteId: string,
  deviceId: string,
  now: number,
  ms: number,
  opts: Opts = {},
): Promise<RollupRow[]> {
  const res = await apiGet('/telemetry/series', seriesSchema, {
    signal: opts.signal,
    query: { siteId, deviceId, measurement: 'telemetry', from: now - ms, to: now, resolution: 'minute', limit: 5_000 },
  });
  return res.items;
}

/** Every wait (ms, issued → called) recorded at a site since Hà Nội midnight, for the P90. */
export async function waitsToday(siteId: string, now: number, opts: Opts = {}): Promise<number[]> {
  const res = await apiGet('/telemetry/series', seriesSchema, {
    signal: opts.signal,
    query: {
      siteId,
      measurement: 'event',
      field: 'waitMs',
      from: localMidnight(now),
      to: now,
      resolution: 'raw',
      limit: 50_000,
    },
  });
  return res.items.map((r) => r.mean);
}

/** Run `f` over `items` with at most `n` in flight (the overview asks every site). */
export async function mapLimit<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item !== undefined) out[i] = await f(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
