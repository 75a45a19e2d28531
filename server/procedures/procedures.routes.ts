/** HTTP face of procedure records and their import: /api/v1/procedures/… */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { invalid } from '../core/errors.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { ProcedureService } from './procedures.service.js';
import {
  importJobSchema,
  importRequestSchema,
  procedureCodeSchema,
  procedureInputSchema,
  procedureSchema,
} from './procedures.schemas.js';

const tags = ['Procedures'];
const security = [{ bearer: [] }, { cookie: [] }];
const codeParam = z.object({ code: procedureCodeSchema.openapi({ param: { name: 'code', in: 'path' } }) });

const listRoute = createRoute({
  method: 'get',
  path: '/procedures',
  tags,
  security,
  summary: 'List procedure records',
  request: {
    query: z.strictObject({
      field: z.string().max(200).optional(),
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(procedureSchema), total: z.number() }), 'Procedures by field and code'),
    ...errorResponses(400, 401, 403),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/procedures/{code}',
  tags,
  security,
  summary: 'One procedure record',
  request: { params: codeParam },
  responses: { 200: jsonContent(procedureSchema, 'The record'), ...errorResponses(400, 401, 403, 404) },
});

const putRoute = createRoute({
  method: 'put',
  path: '/procedures/{code}',
  tags,
  security,
  summary: "Create or replace a record in a unit's catalogue",
  request: { params: codeParam, body: jsonBody(z.strictObject({ orgId: orgIdSchema, record: procedureInputSchema })) },
  responses: { 200: jsonContent(procedureSchema, 'Saved'), ...errorResponses(400, 401, 403, 404, 413) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/procedures/{code}',
  tags,
  security,
  summary: 'Delete a record',
  request: { params: codeParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404) },
});

const importRoute = createRoute({
  method: 'post',
  path: '/procedures/imports',
  tags,
  security,
  summary: 'Start importing a portal export (CSV or JSON); poll the job for progress and the row report',
  request: { body: jsonBody(importRequestSchema) },
  responses: { 202: jsonContent(importJobSchema, 'Job started'), ...errorResponses(400, 401, 403, 404, 413) },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/procedures/imports/{id}',
  tags,
  security,
  summary: 'Progress and report of an import job',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: jsonContent(importJobSchema, 'The job'), ...errorResponses(400, 401, 403, 404) },
});

export function procedureRoutes(procedures: ProcedureService) {
  return createRouter()
    .openapi(listRoute, (c) => {
      c.get('auth').requireAny('procedure.read');
      const q = c.req.valid('query');
      return c.json(procedures.list({ field: q.field, q: q.q, limit: q.limit, offset: q.offset }), 200);
    })
    .openapi(importRoute, (c) => {
      const body = c.req.valid('json');
      const auth = c.get('auth');
      const user = auth.require('procedure.edit', body.orgId);
      const job = procedures.startImport(actorOf(c, user), body, (path) => auth.canAtPath('procedure.edit', path));
      return c.json(job, 202);
    })
    .openapi(jobRoute, (c) => {
      const job = procedures.importJob(c.req.valid('param').id);
      c.get('auth').require('procedure.edit', job.orgId);
      return c.json(job, 200);
    })
    .openapi(getRoute, (c) => {
      c.get('auth').requireAny('procedure.read');
      return c.json(procedures.get(c.req.valid('param').code), 200);
    })
    .openapi(putRoute, (c) => {
      const { code } = c.req.valid('param');
      const { orgId, record } = c.req.valid('json');
      const auth = c.get('auth');
      const user = auth.require('procedure.edit', orgId);
      const existing = procedures.store.get(code);
      if (existing) auth.require('procedure.edit', existing.orgId);
      if (record.code !== code) {
        throw invalid('PROCEDURE_CODE_MISMATCH', `The record's code ${record.code} is not ${code}`, [
          { path: 'record.code', message: `must be ${code}` },
        ]);
      }
      return c.json(procedures.save(actorOf(c, user), orgId, record), 200);
    })
    .openapi(deleteRoute, (c) => {
      const { code } = c.req.valid('param');
      const auth = c.get('auth');
      const user = auth.require('procedure.edit', procedures.get(code).orgId);
      procedures.delete(actorOf(c, user), code);
      return c.body(null, 204);
    });
}
