/** The audit log's API shapes, imported by the route and by the admin console. */
import { z } from '@hono/zod-openapi';

export const auditEntrySchema = z
  .object({
    id: z.number(),
    at: z.number(),
    actor: z.object({
      kind: z.enum(['user', 'system', 'screen', 'device']),
      id: z.string(),
      name: z.string().nullable(),
    }),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    orgId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({ items: z.array(auditEntrySchema), nextBefore: z.number().nullable() });
