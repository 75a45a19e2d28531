/** HTTP face of work orders: /api/v1/work-orders… */
import { createRoute, z } from '@hono/zod-openapi';
import { SEVERITIES } from '../../config/alarm-rules.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { OrgService } from '../org/org.service.js';
import { PHOTO_MAX_BYTES } from './photos.js';
import type { WorkOrdersService } from './workorders.service.js';
import { ASSIGNEE_KINDS, WO_STATUSES, workOrderSchema } from './workorders.store.js';

const tags = ['Work orders'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const apiWorkOrder = workOrderSchema.openapi('WorkOrder');
const photoSchema = z.object({ id: z.string(), width: z.number(), height: z.number(), sha256: z.string() });

const listRoute = createRoute({
  method: 'get',
  path: '/work-orders',
  tags,
  security,
  summary: 'Work orders in your scope, newest first',
  request: {
    query: z.strictObject({
      orgId: orgIdSchema.optional(),
      status: z
        .string()
        .optional()
        .transform((s) => (s ? s.split(',') : undefined))
        .pipe(z.array(z.enum(WO_STATUSES)).optional()),
      deviceId: z.string().max(63).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(apiWorkOrder) }), 'Work orders'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/work-orders/{id}',
  tags,
  security,
  summary: 'One work order with history and photos',
  request: { params: idParam },
  responses: {
    200: jsonContent(
      z.object({
        order: apiWorkOrder,
        history: z.array(
          z.object({ at: z.number(), event: z.string(), actor: z.string(), comment: z.string().nullable() }),
        ),
        photos: z.array(photoSchema.extend({ at: z.number(), actor: z.string() })),
      }),
      'The work order',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const createOrderRoute = createRoute({
  method: 'post',
  path: '/work-orders',
  tags,
  security,
  summary: 'Open a work order by hand',
  request: {
    body: jsonBody(
      z.strictObject({
        siteId: orgIdSchema,
        title: z.string().trim().min(3).max(200),
        description: z.string().max(4000).optional(),
        severity: z.enum(SEVERITIES),
        deviceId: z.string().max(63).optional(),
        assetId: z.string().max(80).optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(apiWorkOrder, 'Created'), ...errorResponses(400, 401, 403, 404, 413) },
});

const statusRoute = createRoute({
  method: 'post',
  path: '/work-orders/{id}/status',
  tags,
  security,
  summary: 'Move a work order (open → assigned → in_progress → on_hold → resolved → verified, or reopened)',
  request: {
    params: idParam,
    body: jsonBody(z.strictObject({ status: z.enum(WO_STATUSES), comment: z.string().trim().max(2000).optional() })),
  },
  responses: { 200: jsonContent(apiWorkOrder, 'Moved'), ...errorResponses(400, 401, 403, 404, 409) },
});

const assignRoute = createRoute({
  method: 'post',
  path: '/work-orders/{id}/assign',
  tags,
  security,
  summary: 'Assign to a technician or a contractor',
  request: {
    params: idParam,
    body: jsonBody(z.strictObject({ kind: z.enum(ASSIGNEE_KINDS), name: z.string().trim().min(2).max(200) })),
  },
  responses: { 200: jsonContent(apiWorkOrder, 'Assigned'), ...errorResponses(400, 401, 403, 404, 409) },
});

const commentRoute = createRoute({
  method: 'post',
  path: '/work-orders/{id}/comments',
  tags,
  security,
  summary: 'Add a comment',
  request: { params: idParam, body: jsonBody(z.strictObject({ text: z.string().trim().min(1).max(4000) })) },
  responses: { 204: { description: 'Added' }, ...errorResponses(400, 401, 403, 404) },
});

const photoRoute = createRoute({
  method: 'post',
  path: '/work-orders/{id}/photos',
  tags,
  security,
  summary: 'Upload a photo (JPEG, PNG or WebP body; re-encoded to JPEG, metadata stripped)',
  request: {
    params: idParam,
    body: {
      content: {
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
      },
      required: true,
    },
  },
  responses: { 201: jsonContent(photoSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 413) },
});

const photoGetRoute = createRoute({
  method: 'get',
  path: '/work-orders/{id}/photos/{photoId}',
  tags,
  security,
  summary: 'A stored photo (JPEG)',
  request: {
    params: idParam.extend({
      photoId: z
        .string()
        .uuid()
        .openapi({ param: { name: 'photoId', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'JPEG', content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function workordersRoutes(orders: WorkOrdersService, org: OrgService, clock: Clock) {
  return createRouter()
    .openapi(listRoute, (c) => {
      const q = c.req.valid('query');
      const auth = c.get('auth');
      if (q.orgId) auth.require('workorder.read', q.orgId);
      else auth.requireAny('workorder.read');
      const items = orders.list({
        scopePaths: auth.scope('workorder.read'),
        sitePath: q.orgId ? org.pathOf(q.orgId) : undefined,
        statuses: q.status,
        deviceId: q.deviceId,
        limit: q.limit,
      });
      return c.json({ items }, 200);
    })
    .openapi(getRoute, (c) => {
      const { id } = c.req.valid('param');
      const order = orders.get(id);
      c.get('auth').require('workorder.read', order.siteId);
      return c.json({ order, history: orders.store.events(id), photos: orders.store.photos(id) }, 200);
    })
    .openapi(createOrderRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('workorder.manage', body.siteId);
      return c.json(orders.create(actorOf(c, user), body, clock.now()), 201);
    })
    .openapi(statusRoute, (c) => {
      const { id } = c.req.valid('param');
      const { status, comment } = c.req.valid('json');
      const order = orders.get(id);
      // Verifying and reopening are the manager's call; technicians move the work along.
      const perm = status === 'verified' || status === 'reopened' ? 'workorder.manage' : 'workorder.work';
      const user = c.get('auth').require(perm, order.siteId);
      return c.json(orders.transition(actorOf(c, user), id, status, comment ?? null, clock.now()), 200);
    })
    .openapi(assignRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('workorder.manage', orders.get(id).siteId);
      return c.json(orders.assign(actorOf(c, user), id, c.req.valid('json'), clock.now()), 200);
    })
    .openapi(commentRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('workorder.work', orders.get(id).siteId);
      orders.comment(actorOf(c, user), id, c.req.valid('json').text, clock.now());
      return c.body(null, 204);
    })
    .openapi(photoRoute, async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('workorder.work', orders.get(id).siteId);
      const type = c.req.header('content-type') ?? '';
      if (!/^image\/(jpeg|png|webp)\b/.test(type)) {
        throw new AppError('invalid', 'PHOTO_FORMAT', 'Send the photo as image/jpeg, image/png or image/webp', [
          { path: 'content-type', message: type || 'missing' },
        ]);
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > PHOTO_MAX_BYTES)
        throw new AppError('too_large', 'PHOTO_TOO_LARGE', `Photos are limited to ${PHOTO_MAX_BYTES} bytes`);
      return c.json(await orders.addPhoto(actorOf(c, user), id, bytes, clock.now()), 201);
    })
    .openapi(photoGetRoute, (c) => {
      const { id, photoId } = c.req.valid('param');
      c.get('auth').require('workorder.read', orders.get(id).siteId);
      const bytes = orders.store.photoBytes(id, photoId);
      if (!bytes) throw new AppError('not_found', 'NOT_FOUND', `Photo "${photoId}" was not found`);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': 'image/jpeg',
        'cache-control': 'private, max-age=3600',
      });
    });
}
