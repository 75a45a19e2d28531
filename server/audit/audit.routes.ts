/** Reading the audit log, by scope. There is deliberately no route that changes it. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonContent } from '../core/http.js';
import type { OrgService } from '../org/org.service.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { AuditStore } from './audit.store.js';
import { auditListSchema } from './audit.schemas.js';

const listRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['Audit'],
  security: [{ bearer: [] }, { cookie: [] }],
  summary: 'Audit entries in your scope, newest first',
  request: {
    query: z.strictObject({
      orgId: orgIdSchema.optional(),
      entity: z.string().max(60).optional(),
      entityId: z.string().max(120).optional(),
      action: z.string().max(60).optional(),
      actorId: z.string().max(120).optional(),
      from: z.coerce.number().int().nonnegative().optional(),
      to: z.coerce.number().int().nonnegative().optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonContent(auditListSchema, 'Entries'),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function auditRoutes(audit: AuditStore, org: OrgService) {
  return createRouter().openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const auth = c.get('auth');
    if (q.orgId) auth.require('audit.read', q.orgId);
    else auth.requireAny('audit.read');
    const items = audit.query({
      scopePaths: auth.scope('audit.read'),
      orgPath: q.orgId === undefined ? undefined : org.get(q.orgId).path,
      entity: q.entity,
      entityId: q.entityId,
      action: q.action,
      actorId: q.actorId,
      from: q.from,
      to: q.to,
      beforeId: q.before,
      limit: q.limit,
    });
    const last = items[items.length - 1];
    return c.json({ items, nextBefore: items.length === q.limit && last ? last.id : null }, 200);
  });
}
