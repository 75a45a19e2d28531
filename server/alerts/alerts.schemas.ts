/**
 * Emergency alerts are state, not messages: a persisted row with who started it, when, and when
 * it is planned to end. Whether it is active is a function of the clock, so an alert expires by
 * itself and a screen that was offline when it began still shows it on reconnect.
 * `alertSchema` is the shape a screen's manifest carries.
 */
import { z } from '@hono/zod-openapi';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../../config/alert-templates.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { lineTextSchema } from '../procedures/procedures.schemas.js';
import { richTextInputSchema, richTextSchema } from '../text/rich-text.js';

export const ALERT_STATUSES = ['active', 'stopped', 'expired'] as const;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour), Vietnam time');

export const startAlertSchema = z
  .strictObject({
    /** Root of the subtree whose sites show the alert. */
    orgId: orgIdSchema,
    kind: z.enum(ALERT_KINDS),
    /** Replaces the template's title (required for `custom`). */
    title: lineTextSchema.optional(),
    /** Replaces the template's text, in the tiny markup or structured (required for `custom`). */
    body: z.strictObject({ vi: richTextInputSchema, en: richTextInputSchema.optional() }).optional(),
    /** Planned duration; the template's default when absent. Alerts always end by themselves. */
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    /** For `closing-early`: the closing time shown in the text. */
    closeAt: hhmm.optional(),
  })
  .refine((a) => a.kind !== 'custom' || (a.title !== undefined && a.body !== undefined), {
    message: 'a custom alert needs a title and a body',
    path: ['body'],
  })
  .refine((a) => a.kind !== 'closing-early' || a.body !== undefined || a.closeAt !== undefined, {
    message: 'closing early needs closeAt (or your own body)',
    path: ['closeAt'],
  })
  .openapi('StartAlert');
export type StartAlert = z.infer<typeof startAlertSchema>;

const who = z.object({ id: z.string(), name: z.string().nullable() });

export const alertSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    /** Materialised path of the subtree, e.g. `/hn/hn-ttpvhcc/hn-cn01/`. */
    orgPath: z.string(),
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    title: lineTextSchema,
    body: z.object({ vi: richTextSchema, en: richTextSchema.optional() }),
    startedAt: z.number(),
    plannedEndAt: z.number(),
    startedBy: who,
    stoppedAt: z.number().nullable(),
    stoppedBy: who.nullable(),
    /** Effective at read time. */
    status: z.enum(ALERT_STATUSES),
  })
  .openapi('Alert');
export type Alert = z.infer<typeof alertSchema>;

export const alertTemplateSchema = z
  .object({
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    defaultMinutes: z.number(),
    title: z.object({ vi: z.string(), en: z.string() }),
    body: z.object({ vi: richTextSchema, en: richTextSchema }),
  })
  .openapi('AlertTemplate');
