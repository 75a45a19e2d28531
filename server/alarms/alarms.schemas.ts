/**
 * The alarm shapes the API returns. A leaf module (zod and enums only), so the facility
 * dashboard imports these schemas themselves instead of keeping copies.
 */
import { z } from '@hono/zod-openapi';
import { SEVERITIES } from '../../config/alarm-rules.js';
import { DEVICE_TYPES } from '../../devices/device-types.js';
import { ALARM_EVENTS, ALARM_STATES } from './alarms.store.js';

export const alarmSchema = z
  .object({
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
  })
  .openapi('Alarm');

export const alarmEventSchema = z.object({
  id: z.number(),
  alarmId: z.string(),
  at: z.number(),
  event: z.enum(ALARM_EVENTS),
  actor: z.string().nullable(),
  comment: z.string().nullable(),
});
