/**
 * Chart ranges in Hà Nội time (UTC+7, no daylight saving): today from local midnight, the last
 * 7 or 30 days, or a custom pair of dates; each with the rollup bucket that keeps a chart to a
 * few hundred points.
 */
export const RANGES = ['today', '7d', '30d', 'custom'] as const;
export type RangeKind = (typeof RANGES)[number];

export interface TimeRange {
  from: number;
  to: number;
  /** Rollup the API is asked for, and the bucket the chart shows. */
  resolution: 'minute' | 'hour';
  bucketMs: number;
}

const FIVE_MIN = { resolution: 'minute', bucketMs: 5 * 60_000 } as const;
const ONE_HOUR = { resolution: 'hour', bucketMs: 3_600_000 } as const;
const SIX_HOURS = { resolution: 'hour', bucketMs: 6 * 3_600_000 } as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 7 * HOUR;

/** Epoch ms of Hà Nội midnight on the day holding `at`. */
export function localMidnight(at: number): number {
  return Math.floor((at + OFFSET) / DAY) * DAY - OFFSET;
}

/** Epoch ms of Hà Nội midnight on a YYYY-MM-DD date; undefined when it is not a date. */
export function parseLocalDate(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms - OFFSET;
}

export function rangeOf(kind: RangeKind, now: number, custom?: { from: string; to: string }): TimeRange | undefined {
  switch (kind) {
    case 'today':
      return { from: localMidnight(now), to: now, ...FIVE_MIN };
    case '7d':
      return { from: localMidnight(now) - 6 * DAY, to: now, ...ONE_HOUR };
    case '30d':
      return { from: localMidnight(now) - 29 * DAY, to: now, ...SIX_HOURS };
    case 'custom': {
      const from = custom && parseLocalDate(custom.from);
      const toDay = custom && parseLocalDate(custom.to);
      if (from === undefined || toDay === undefined || toDay < from) return undefined;
      const to = Math.min(now, toDay + DAY);
      const span = to - from;
      return { from, to, ...(span <= 2 * DAY ? FIVE_MIN : span <= 14 * DAY ? ONE_HOUR : SIX_HOURS) };
    }
  }
}

/**
 * Rollup points → uPlot's columnar data: x in seconds, one column per series, null where a
 * bucket has no value (uPlot draws a gap).
 */
export function toColumns(
  points: readonly { t: number; values: Readonly<Record<string, number | null | undefined>> }[],
  series: readonly string[],
): [number[], ...(number | null)[][]] {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const xs = sorted.map((p) => Math.floor(p.t / 1000));
  const cols = series.map((s) => sorted.map((p) => p.values[s] ?? null));
  return [xs, ...cols];
}
