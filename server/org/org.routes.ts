/** HTTP face of the org tree: /api/v1/org/… */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import type { OrgService } from './org.service.js';
import {
  ORG_KINDS,
  createOrgUnitSchema,
  moveOrgUnitSchema,
  orgIdSchema,
  orgUnitSchema,
  setCountersSchema,
  setZonesSchema,
  siteLayoutSchema,
  updateOrgUnitSchema,
} from './org.schemas.js';

const idParam = z.object({ id: orgIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });
const tags = ['Org'];
const security = [{ bearer: [] }, { cookie: [] }];

const listRoute = createRoute({
  method: 'get',
  path: '/org/units',
  tags,
  security,
  summary: 'List org units in your scope',
  request: {
    query: z.strictObject({
      under: orgIdSchema.optional(),
      kind: z.enum(ORG_KINDS).optional(),
      tag: z.string().max(40).optional(),
      q: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(orgUnitSchema) }), 'Org units, in tree order'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/org/units/{id}',
  tags,
  security,
  summary: 'One org unit',
  request: { params: idParam },
  responses: { 200: jsonContent(orgUnitSchema, 'The org unit'), ...errorResponses(401, 403, 404) },
});

const createUnitRoute = createRoute({
  method: 'post',
  path: '/org/units',
  tags,
  security,
  summary: 'Create a centre, branch or site under a parent',
  request: { body: jsonBody(createOrgUnitSchema) },
  responses: { 201: jsonContent(orgUnitSchema, 'Created'), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/org/units/{id}',
  tags,
  security,
  summary: 'Change name, tags or site details',
  request: { params: idParam, body: jsonBody(updateOrgUnitSchema) },
  responses: { 200: jsonContent(orgUnitSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 413) },
});

const moveRoute = createRoute({
  method: 'post',
  path: '/org/units/{id}/move',
  tags,
  security,
  summary: 'Move a unit (and its subtree) under another parent',
  request: { params: idParam, body: jsonBody(moveOrgUnitSchema) },
  responses: { 200: jsonContent(orgUnitSchema, 'Moved'), ...errorResponses(400, 401, 403, 404) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/org/units/{id}',
  tags,
  security,
  summary: 'Delete a unit that holds nothing',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
});

const layoutRoute = createRoute({
  method: 'get',
  path: '/org/units/{id}/layout',
  tags,
  security,
  summary: "A site's zones and counters",
  request: { params: idParam },
  responses: { 200: jsonContent(siteLayoutSchema, 'Zones and counters'), ...errorResponses(400, 401, 403, 404) },
});

const zonesRoute = createRoute({
  method: 'put',
  path: '/org/units/{id}/zones',
  tags,
  security,
  summary: "Replace a site's zones",
  request: { params: idParam, body: jsonBody(setZonesSchema) },
  responses: { 200: jsonContent(siteLayoutSchema, 'Updated layout'), ...errorResponses(400, 401, 403, 404, 409) },
});

const countersRoute = createRoute({
  method: 'put',
  path: '/org/units/{id}/counters',
  tags,
  security,
  summary: "Replace a site's counters",
  request: { params: idParam, body: jsonBody(setCountersSchema) },
  responses: { 200: jsonContent(siteLayoutSchema, 'Updated layout'), ...errorResponses(400, 401, 403, 404) },
});

export function orgRoutes(org: OrgService) {
  return createRouter()
    .openapi(listRoute, (c) => {
      const auth = c.get('auth');
      auth.requireAny('org.read');
      const q = c.req.valid('query');
      const under = q.under === undefined ? undefined : org.get(q.under).path;
      const items = org.list({ scopePaths: auth.scope('org.read'), under, kind: q.kind, tag: q.tag, q: q.q });
      return c.json({ items }, 200);
    })
    .openapi(getRoute, (c) => {
      const { id } = c.req.valid('param');
      c.get('auth').require('org.read', id);
      return c.json(org.get(id), 200);
    })
    .openapi(createUnitRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('org.write', body.parentId);
      return c.json(org.create(actorOf(c, user), body), 201);
    })
    .openapi(updateRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('org.write', id);
      return c.json(org.update(actorOf(c, user), id, c.req.valid('json')), 200);
    })
    .openapi(moveRoute, (c) => {
      const { id } = c.req.valid('param');
      const { parentId } = c.req.valid('json');
      const auth = c.get('auth');
      const user = auth.require('org.write', id);
      auth.require('org.write', parentId);
      return c.json(org.move(actorOf(c, user), id, parentId), 200);
    })
    .openapi(deleteRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('org.write', id);
      org.delete(actorOf(c, user), id);
      return c.body(null, 204);
    })
    .openapi(layoutRoute, (c) => {
      const { id } = c.req.valid('param');
      c.get('auth').require('org.read', id);
      return c.json(org.layout(id), 200);
    })
    .openapi(zonesRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('org.write', id);
      return c.json(org.setZones(actorOf(c, user), id, c.req.valid('json').zones), 200);
    })
    .openapi(countersRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('org.write', id);
      return c.json(org.setCounters(actorOf(c, user), id, c.req.valid('json').counters), 200);
    });
}
