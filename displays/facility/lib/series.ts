/**
 * The dashboard's five charted metrics and how each is computed from the telemetry API's rollup
 * rows (one row per device, field and bucket): occupancy and queue length add up across
 * devices, waiting time and rating are count-weighted means, temperature is the mean of sensors.
 */
export const METRICS = ['occupancy', 'queue', 'wait', 'rating', 'temperature'] as const;
export type Metric = (typeof METRICS)[number];

export interface MetricQuery {
  measurement: 'telemetry' | 'event';
  field: string;
  deviceType?: 'occupancy-sensor' | 'queue-kiosk' | 'env-sensor';
  combine: 'sum' | 'weighted' | 'mean';
  /** Multiplier from the stored unit to the shown one (ms → min). */
  scale: number;
}

export const METRIC_QUERIES: Readonly<Record<Metric, MetricQuery>> = {
  occupancy: { measurement: 'telemetry', field: 'people', deviceType: 'occupancy-sensor', combine: 'sum', scale: 1 },
  queue: { measurement: 'telemetry', field: 'waiting', deviceType: 'queue-kiosk', combine: 'sum', scale: 1 },
  wait: { measurement: 'event', field: 'waitMs', combine: 'weighted', scale: 1 / 60_000 },
  rating: { measurement: 'event', field: 'score', combine: 'weighted', scale: 1 },
  temperature: { measurement: 'telemetry', field: 'temperature', deviceType: 'env-sensor', combine: 'mean', scale: 1 },
};

export interface RollupRow {
  t: number;
  deviceId: string;
  field: string;
  count: number;
  mean: number;
  sum: number;
}

export interface Point {
  t: number;
  v: number;
}

/** Combine rows of one metric into one point per bucket of `bucketMs`, in time order. */
export function aggregate(rows: readonly RollupRow[], metric: Metric, bucketMs: number): Point[] {
  const q = METRIC_QUERIES[metric];
  // bucket → device → running sums
  const buckets = new Map<number, Map<string, { sum: number; count: number; means: number; n: number }>>();
  for (const r of rows) {
    if (r.field !== q.field || r.count <= 0) continue;
    const b = Math.floor(r.t / bucketMs) * bucketMs;
    let devs = buckets.get(b);
    if (!devs) buckets.set(b, (devs = new Map<string, { sum: number; count: number; means: number; n: number }>()));
    const acc = devs.get(r.deviceId) ?? { sum: 0, count: 0, means: 0, n: 0 };
    acc.sum += r.sum;
    acc.count += r.count;
    acc.means += r.mean;
    acc.n += 1;
    devs.set(r.deviceId, acc);
  }
  const out: Point[] = [];
  for (const [t, devs] of [...buckets].sort((a, b) => a[0] - b[0])) {
    const accs = [...devs.values()];
    let v: number;
    if (q.combine === 'weighted') {
      const count = accs.reduce((s, a) => s + a.count, 0);
      v = accs.reduce((s, a) => s + a.sum, 0) / count;
    } else {
      const deviceMeans = accs.map((a) => a.means / a.n);
      const total = deviceMeans.reduce((s, m) => s + m, 0);
      v = q.combine === 'sum' ? total : total / deviceMeans.length;
    }
    out.push({ t, v: v * q.scale });
  }
  return out;
}

/** Summary figures for a chart's header: latest, peak and mean. */
export function summarise(points: readonly Point[]): { last: number | null; max: number | null; mean: number | null } {
  if (points.length === 0) return { last: null, max: null, mean: null };
  const vs = points.map((p) => p.v);
  return {
    last: vs[vs.length - 1] ?? null,
    max: Math.max(...vs),
    mean: vs.reduce((a, b) => a + b, 0) / vs.length,
  };
}
