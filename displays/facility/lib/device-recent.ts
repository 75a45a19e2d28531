/** Which measurement of a device to chart in its panel, and that measurement as points. */
import type { Point, RollupRow } from './series.js';

const PREFERRED: Readonly<Record<string, readonly string[]>> = {
  'occupancy-sensor': ['people'],
  'env-sensor': ['temperature', 'co2', 'humidity'],
  'queue-kiosk': ['waiting', 'paperPct'],
  printer: ['paperPct', 'tonerPct'],
  'air-conditioner': ['powerW', 'setpointC'],
  'lobby-screen': ['fps'],
  camera: ['bitrateKbps'],
  computer: ['cpuPct', 'diskPct'],
  'lookup-kiosk': ['sessions'],
};

/** The type's preferred field that has data, else any field with data. */
export function mainField(type: string, rows: readonly RollupRow[]): string | undefined {
  const have = new Set(rows.map((r) => r.field));
  return (PREFERRED[type] ?? []).find((f) => have.has(f)) ?? [...have].sort()[0];
}

export function recentSeries(rows: readonly RollupRow[], field: string): Point[] {
  return rows
    .filter((r) => r.field === field)
    .map((r) => ({ t: r.t, v: r.mean }))
    .sort((a, b) => a.t - b.t);
}
