/** Interval arithmetic for reports: overlap of sorted disjoint intervals with episodes. */

export type Interval = readonly [number, number];

/** Total overlap of `spans` (any order, may overlap each other) with sorted disjoint `open` intervals. */
export function overlapMs(open: readonly Interval[], spans: readonly Interval[]): number {
  if (open.length === 0 || spans.length === 0) return 0;
  const merged = mergeSpans(spans);
  let total = 0;
  let i = 0;
  for (const [s, e] of merged) {
    while (i < open.length && (open[i]?.[1] ?? 0) <= s) i++;
    for (let j = i; j < open.length; j++) {
      const o = open[j];
      if (!o || o[0] >= e) break;
      total += Math.min(o[1], e) - Math.max(o[0], s);
    }
  }
  return total;
}

/** Sort and merge overlapping spans. */
export function mergeSpans(spans: readonly Interval[]): Interval[] {
  const sorted = [...spans].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
