/** HTTP face of notices and their review workflow: /api/v1/notices/… */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import type { NoticeService } from './notices.service.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { NOTICE_STATUSES, noticeInputSchema, noticeSchema, noticeZoneSchema, reviewSchema } from './notices.schemas.js';

const tags = ['Notices'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const one = jsonContent(noticeSchema, 'The revision');

const listRoute = createRoute({
  method: 'get',
  path: '/notices',
  tags,
  security,
  summary: 'Latest revision of each notice in your scope',
  request: { query: z.strictObject({ status: z.enum(NOTICE_STATUSES).optional() }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(noticeSchema) }), 'Notices'),
    ...errorResponses(400, 401, 403),
  },
});

const zonesRoute = createRoute({
  method: 'get',
  path: '/notices/zones',
  tags,
  security,
  summary: 'The zones a notice aimed at this unit can target (zones of the sites under it)',
  request: { query: z.strictObject({ orgId: orgIdSchema }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(noticeZoneSchema) }), 'Zones'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const createNoticeRoute = createRoute({
  method: 'post',
  path: '/notices',
  tags,
  security,
  summary: 'Create a draft notice',
  request: { body: jsonBody(noticeInputSchema) },
  responses: { 201: one, ...errorResponses(400, 401, 403, 404, 413) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/notices/{id}',
  tags,
  security,
  summary: 'The latest revision of a notice',
  request: { params: idParam },
  responses: { 200: one, ...errorResponses(400, 401, 403, 404) },
});

const revisionsRoute = createRoute({
  method: 'get',
  path: '/notices/{id}/revisions',
  tags,
  security,
  summary: 'Every revision of a notice, oldest first',
  request: { params: idParam },
  responses: {
    200: jsonContent(z.object({ items: z.array(noticeSchema) }), 'Revisions'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const updateRoute = createRoute({
  method: 'put',
  path: '/notices/{id}',
  tags,
  security,
  summary: 'Replace the content of the open draft',
  request: { params: idParam, body: jsonBody(noticeInputSchema) },
  responses: { 200: one, ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const reviseRoute = createRoute({
  method: 'post',
  path: '/notices/{id}/revisions',
  tags,
  security,
  summary: 'Edit a published notice: opens a new draft revision that is reviewed again',
  request: { params: idParam, body: jsonBody(noticeInputSchema) },
  responses: { 201: one, ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const action = (verb: 'submit' | 'approve' | 'reject' | 'publish' | 'withdraw', summary: string) =>
  createRoute({
    method: 'post',
    path: `/notices/{id}/${verb}`,
    tags,
    security,
    summary,
    request: { params: idParam, body: { ...jsonBody(reviewSchema), required: false } },
    responses: { 200: one, ...errorResponses(400, 401, 403, 404, 409) },
  });

export function noticeRoutes(notices: NoticeService) {
  return createRouter()
    .openapi(listRoute, (c) => {
      const auth = c.get('auth');
      auth.requireAny('notice.read');
      return c.json({ items: notices.list(auth.scope('notice.read'), c.req.valid('query').status) }, 200);
    })
    .openapi(zonesRoute, (c) => {
      const { orgId } = c.req.valid('query');
      c.get('auth').require('notice.read', orgId);
      return c.json({ items: notices.zonesUnder(orgId) }, 200);
    })
    .openapi(createNoticeRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('notice.edit', body.target.orgId);
      return c.json(notices.create(actorOf(c, user), body), 201);
    })
    .openapi(getRoute, (c) => {
      const n = notices.get(c.req.valid('param').id);
      c.get('auth').require('notice.read', n.target.orgId);
      return c.json(n, 200);
    })
    .openapi(revisionsRoute, (c) => {
      const id = c.req.valid('param').id;
      const revs = notices.revisions(id);
      for (const orgId of new Set(revs.map((r) => r.target.orgId))) c.get('auth').require('notice.read', orgId);
      return c.json({ items: revs }, 200);
    })
    .openapi(updateRoute, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const auth = c.get('auth');
      auth.require('notice.edit', notices.get(id).target.orgId);
      const user = auth.require('notice.edit', body.target.orgId);
      return c.json(notices.update(actorOf(c, user), id, body), 200);
    })
    .openapi(reviseRoute, (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const auth = c.get('auth');
      auth.require('notice.edit', notices.get(id).target.orgId);
      const user = auth.require('notice.edit', body.target.orgId);
      return c.json(notices.revise(actorOf(c, user), id, body), 201);
    })
    .openapi(action('submit', 'Send the draft for review'), (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('notice.edit', notices.get(id).target.orgId);
      return c.json(notices.submit(actorOf(c, user), id), 200);
    })
    .openapi(action('approve', 'Approve the revision under review (not its author)'), (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('notice.approve', notices.get(id).target.orgId);
      return c.json(notices.approve(actorOf(c, user), id, c.req.valid('json').comment), 200);
    })
    .openapi(action('reject', 'Send the revision back to draft with a comment'), (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('notice.approve', notices.get(id).target.orgId);
      return c.json(notices.reject(actorOf(c, user), id, c.req.valid('json').comment), 200);
    })
    .openapi(action('publish', 'Publish the approved revision to the screens in its target'), (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('notice.publish', notices.get(id).target.orgId);
      return c.json(notices.publish(actorOf(c, user), id), 200);
    })
    .openapi(action('withdraw', 'Take the published revision off the screens'), (c) => {
      const { id } = c.req.valid('param');
      const live = notices.live(id);
      const user = c.get('auth').require('notice.publish', (live ?? notices.get(id)).target.orgId);
      return c.json(notices.withdraw(actorOf(c, user), id), 200);
    });
}
