/**
 * The telemetry API's shapes: stored series rows, live device state, queue metrics, ingest
 * counters and the dashboards' live stream. A leaf module (zod and enums only), so the
 * facility dashboard imports these schemas themselves instead of keeping copies.
 */
import { z } from '@hono/zod-openapi';
import { DEVICE_TYPES, QUARANTINE_REASONS } from '../../devices/contract.js';
import { alarmSchema } from '../alarms/alarms.schemas.js';
import { workOrderSchema } from '../workorders/workorders.store.js';

export const seriesRowSchema = z
  .object({
    t: z.number(),
    measurement: z.enum(['telemetry', 'event']),
    siteId: z.string(),
    zoneId: z.string(),
    deviceType: z.string(),
    deviceId: z.string(),
    service: z.string().nullable(),
    field: z.string(),
    count: z.number(),
    mean: z.number(),
    min: z.number(),
    max: z.number(),
    sum: z.number(),
  })
  .openapi('SeriesRow');

export const liveStateSchema = z
  .object({
    deviceId: z.string(),
    siteId: z.string(),
    zoneId: z.string(),
    type: z.enum(DEVICE_TYPES),
    online: z.boolean(),
    since: z.number().nullable(),
    lastSeen: z.number().nullable(),
    values: z.record(z.string(), z.number()),
    fw: z.string().nullable(),
    faults: z.array(z.string()),
  })
  .openapi('DeviceLiveState');
export type LiveStateBody = z.infer<typeof liveStateSchema>;

export const queueMetricsSchema = z
  .object({
    siteId: z.string(),
    service: z.string(),
    waiting: z.number(),
    meanWaitMs: z.number().nullable(),
    meanServiceMs: z.number().nullable(),
    throughputPerHour: z.number(),
    noShowRate: z.number().nullable(),
    at: z.number(),
  })
  .openapi('QueueMetrics');

/**
 * Ingest counters of one server process since it started. `accepted` and `quarantined` count
 * the messages of devices registered at the reader's sites (city-wide readers: also those naming
 * no registered device); the process-wide figures are for city-wide readers only (null otherwise).
 */
export const ingestStatsSchema = z
  .object({
    scope: z.enum(['city', 'sites']),
    accepted: z.number(),
    quarantined: z.record(z.enum(QUARANTINE_REASONS), z.number()),
    received: z.number().nullable(),
    stored: z.number().nullable(),
    pending: z.number().nullable(),
    storeErrors: z.number().nullable(),
  })
  .openapi('IngestStats');

/** `data` of a `changes` event on GET /telemetry/stream: what changed in the reader's scope since the last one. */
export const streamBatchSchema = z
  .object({
    /** Server time of the batch (epoch ms). */
    at: z.number(),
    /** Live state of each device whose values, connectivity or faults changed. */
    devices: z.array(liveStateSchema),
    /** Queue metrics of each (site, service) that changed. */
    queues: z.array(queueMetricsSchema),
    /** Alarms raised, cleared or acknowledged, in their new state. */
    alarms: z.array(alarmSchema),
    /** Work orders created or changed, in their new state. */
    workOrders: z.array(workOrderSchema),
  })
  .openapi('TelemetryStreamBatch');
export type StreamBatch = z.infer<typeof streamBatchSchema>;

/** `data` of the `hello` event that opens every stream. */
export const streamHelloSchema = z.object({
  /** True when the missed changes follow; false when a `resync` follows instead. */
  resumed: z.boolean(),
  heartbeatMs: z.number(),
  coalesceMs: z.number(),
});
