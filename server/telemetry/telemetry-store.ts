/**
 * The telemetry store behind one interface, with two adapters: SQLite (embedded default) and
 * InfluxDB 1.x (INFLUX_URL). Ingest writes batches; the API queries by site / zone / device /
 * time range / resolution.
 */
import type { DeviceType } from '../../devices/contract.js';
import type { TelemetryPoint, TelemetrySink } from '../../devices/ingest-types.js';

export type { TelemetryPoint };

export const RESOLUTIONS = ['raw', 'minute', 'hour'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const BUCKET_MS: Readonly<Record<Exclude<Resolution, 'raw'>, number>> = { minute: 60_000, hour: 3_600_000 };

export interface TelemetryQuery {
  siteId?: string | undefined;
  zoneId?: string | undefined;
  deviceId?: string | undefined;
  deviceType?: DeviceType | undefined;
  measurement?: TelemetryPoint['measurement'] | undefined;
  field?: string | undefined;
  from: number;
  to: number;
  resolution: Resolution;
  limit: number;
}

/** One value (raw) or one bucket (minute/hour) of one field of one device. */
export interface SeriesRow {
  t: number;
  measurement: TelemetryPoint['measurement'];
  siteId: string;
  zoneId: string;
  deviceType: string;
  deviceId: string;
  service: string | null;
  field: string;
  count: number;
  mean: number;
  min: number;
  max: number;
  sum: number;
}

export interface RetentionDays {
  raw: number;
  minute: number;
  hour: number;
}

export interface TelemetryStore extends TelemetrySink {
  readonly kind: 'sqlite' | 'influx';
  query(q: TelemetryQuery): Promise<SeriesRow[]>;
  /** Drop data past its retention (SQLite; InfluxDB does it with retention policies). */
  prune(now: number): Promise<void>;
  /** For /readyz. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Deterministic order for comparing adapters: time, device, field, service. */
export function sortRows(rows: SeriesRow[]): SeriesRow[] {
  return rows.sort(
    (a, b) =>
      a.t - b.t ||
      a.deviceId.localeCompare(b.deviceId) ||
      a.field.localeCompare(b.field) ||
      (a.service ?? '').localeCompare(b.service ?? '') ||
      a.measurement.localeCompare(b.measurement),
  );
}
