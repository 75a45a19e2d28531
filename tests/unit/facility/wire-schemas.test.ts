/**
 * The dashboard's mirrors of schemas declared in server route files must match the server's
 * own, field by field (JSON Schema of each field), so a change on either side fails here.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as mine from '../../../displays/facility/lib/wire-schemas.js';
import { liveStateSchema, queueMetricsSchema } from '../../../server/telemetry/telemetry.routes.js';
import { alarmSchema } from '../../../server/alarms/alarms.routes.js';

type Shaped = { shape: Record<string, z.ZodType> };

function fields(s: Shaped): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s.shape).map(([k, v]) => [k, z.toJSONSchema(v, { unrepresentable: 'any', io: 'output' })]),
  );
}

describe('wire schemas mirror the server', () => {
  it.each([
    ['live state', mine.liveStateSchema, liveStateSchema],
    ['queue metrics', mine.queueMetricsSchema, queueMetricsSchema],
    ['alarm', mine.alarmSchema, alarmSchema],
  ] as const)('%s', (_name, a, b) => {
    expect(fields(a)).toEqual(fields(b));
  });

  it('reads the fields the charts need from a series row', () => {
    const row = {
      t: 1,
      measurement: 'telemetry',
      siteId: 's',
      zoneId: 'z',
      deviceType: 'printer',
      deviceId: 'd',
      service: null,
      field: 'f',
      count: 1,
      mean: 2,
      min: 2,
      max: 2,
      sum: 2,
    };
    expect(mine.seriesRowSchema.parse(row)).toEqual({ t: 1, deviceId: 'd', field: 'f', count: 1, mean: 2, sum: 2 });
  });
});
