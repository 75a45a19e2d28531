/** Report query and row shapes (API contract; CSV columns follow the row keys). */
import { z } from '@hono/zod-openapi';
import { orgIdSchema } from '../org/org.schemas.js';

const ts = z.coerce.number().int().nonnegative();

export const reportQuerySchema = z.strictObject({
  orgId: orgIdSchema.openapi({ description: 'Subtree to report on (city, branch or one site)' }),
  from: ts.openapi({ description: 'Start, epoch ms' }),
  to: ts.openapi({ description: 'End (exclusive), epoch ms' }),
  groupBy: z.enum(['device', 'site', 'model', 'contractor']).default('site'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const nowQuerySchema = z.strictObject({ orgId: orgIdSchema, format: z.enum(['json', 'csv']).default('json') });

export const availabilityRowSchema = z
  .object({
    key: z.string(),
    devices: z.number(),
    openHours: z.number(),
    downOpenHours: z.number(),
    availabilityPct: z.number().nullable(),
  })
  .openapi('AvailabilityRow');
export type AvailabilityRow = z.infer<typeof availabilityRowSchema>;

export const reliabilityRowSchema = z
  .object({
    key: z.string(),
    devices: z.number(),
    failures: z.number(),
    repaired: z.number(),
    mtbfHours: z.number().nullable(),
    mttrHours: z.number().nullable(),
  })
  .openapi('ReliabilityRow');
export type ReliabilityRow = z.infer<typeof reliabilityRowSchema>;

export const slaRowSchema = z
  .object({
    key: z.string(),
    orders: z.number(),
    met: z.number(),
    breached: z.number(),
    pending: z.number(),
    compliancePct: z.number().nullable(),
  })
  .openapi('SlaRow');
export type SlaRow = z.infer<typeof slaRowSchema>;

export const backlogRowSchema = z
  .object({
    key: z.string(),
    open: z.number(),
    overdue: z.number(),
    age0to1d: z.number(),
    age1to3d: z.number(),
    age3to7d: z.number(),
    age7to30d: z.number(),
    age30dPlus: z.number(),
    oldestDays: z.number().nullable(),
  })
  .openapi('BacklogRow');
export type BacklogRow = z.infer<typeof backlogRowSchema>;

const queueFigures = z.object({
  hours: z.number(),
  called: z.number(),
  meanWaitMin: z.number().nullable(),
  noShowRate: z.number().nullable(),
});
export const impactRowSchema = z
  .object({
    siteId: z.string(),
    downHours: z.number(),
    down: queueFigures,
    normal: queueFigures,
    waitDeltaMin: z.number().nullable(),
    noShowDelta: z.number().nullable(),
  })
  .openapi('CitizenImpactRow');
export type ImpactRow = z.infer<typeof impactRowSchema>;

export const complianceRowSchema = z
  .object({
    siteId: z.string(),
    name: z.string(),
    areaM2: z.number(),
    areaOk: z.boolean(),
    missingZones: z.array(z.string()),
    equipment: z.array(
      z.object({
        type: z.string(),
        label: z.string(),
        needed: z.number(),
        present: z.number(),
        working: z.number(),
        ok: z.boolean(),
      }),
    ),
    problems: z.array(z.string()),
    compliant: z.boolean(),
  })
  .openapi('ComplianceRow');
export type ComplianceRow = z.infer<typeof complianceRowSchema>;
