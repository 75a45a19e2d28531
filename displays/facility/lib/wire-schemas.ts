/**
 * Response shapes the dashboard needs that the server declares inside route files
 * (server/telemetry/telemetry.routes.ts, server/alarms/alarms.routes.ts). Those files import
 * server-only code (better-sqlite3 via server/core/http.ts), so the browser bundle cannot import
 * them; these mirrors are built from the same leaf enums, and tests/unit/facility/wire-schemas
 * checks field by field that they match the server's schemas, so drift fails the build.
 * Delete them once the owners move the schemas into leaf modules.
 */
import { z } from 'zod';
import { DEVICE_TYPES } from '../../../devices/device-types.js';
import { SEVERITIES } from '../../../config/alarm-rules.js';
import { ALARM_EVENTS, ALARM_STATES } from '../../../server/alarms/alarms.store.js';

export const liveStateSchema = z.object({
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
});

export const queueMetricsSchema = z.object({
  siteId: z.string(),
  service: z.string(),
  waiting: z.number(),
  meanWaitMs: z.number().nullable(),
  meanServiceMs: z.number().nullable(),
  throughputPerHour: z.number(),
  noShowRate: z.number().nullable(),
  at: z.number(),
});

export const alarmSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  type: z.string(),
  siteId: z.string(),
  sitePath: z.string(),
  deviceId: z.string().nullable(),
  deviceType: z.enum(DEVICE_TYPES).nullable(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  value: z.number().nullable(),
  state: z.enum(ALARM_STATES),
  occurrences: z.number(),
  raisedAt: z.number(),
  clearedAt: z.number().nullable(),
  ackedAt: z.number().nullable(),
  ackedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  updatedAt: z.number(),
});

export const alarmEventSchema = z.object({
  id: z.number(),
  alarmId: z.string(),
  at: z.number(),
  event: z.enum(ALARM_EVENTS),
  actor: z.string().nullable(),
  comment: z.string().nullable(),
});

/** Rows of GET /telemetry/series (the fields the charts read; extra fields are ignored). */
export const seriesRowSchema = z.object({
  t: z.number(),
  deviceId: z.string(),
  field: z.string(),
  count: z.number(),
  mean: z.number(),
  sum: z.number(),
});
