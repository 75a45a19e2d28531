/** HTTP face of assets and preventive maintenance: /api/v1/assets…, /api/v1/pm-schedules… */
import { createRoute, z } from '@hono/zod-openapi';
import { SEVERITIES } from '../../config/alarm-rules.js';
import type { Clock } from '../core/clock.js';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { OrgService } from '../org/org.service.js';
import type { MaintenanceService } from './maintenance.service.js';
import { ASSET_STATUSES, PM_UNITS, assetSchema, pmScheduleSchema } from './maintenance.store.js';

const tags = ['Assets and maintenance'];
const security = [{ bearer: [] }, { cookie: [] }];
const assetId = z.string().regex(/^asset-[a-z0-9-]{1,80}$/, 'an asset id');
const isoDate = z.iso.date({ error: 'a date as YYYY-MM-DD' });
const apiAsset = assetSchema.extend({ usage: z.object({ tickets: z.number(), hoursOn: z.number() }) }).openapi('Asset');
const apiSchedule = pmScheduleSchema.extend({ active: z.boolean() }).openapi('PmSchedule');

const listRoute = createRoute({
  method: 'get',
  path: '/assets',
  tags,
  security,
  summary: 'Assets (connected devices and other equipment) under an org unit',
  request: { query: z.strictObject({ orgId: orgIdSchema }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(apiAsset) }), 'Assets'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const createAssetRoute = createRoute({
  method: 'post',
  path: '/assets',
  tags,
  security,
  summary: 'Register equipment without a connection (chairs, fans…)',
  request: {
    body: jsonBody(
      z
        .strictObject({
          siteId: orgIdSchema,
          zoneId: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,40}$/)
            .optional(),
          kind: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'a kind such as chair, fan, water-dispenser'),
          name: z.string().trim().min(2).max(200),
          model: z.string().trim().min(1).max(120),
          vendor: z.string().trim().min(1).max(200),
          contractor: z.string().trim().min(1).max(200).optional(),
          installedOn: isoDate,
          warrantyEnd: isoDate.optional(),
        })
        .refine((a) => a.warrantyEnd === undefined || a.warrantyEnd >= a.installedOn, {
          message: 'warranty must end after installation',
          path: ['warrantyEnd'],
        }),
    ),
  },
  responses: { 201: jsonContent(apiAsset, 'Created'), ...errorResponses(400, 401, 403, 404, 413) },
});

const patchAssetRoute = createRoute({
  method: 'patch',
  path: '/assets/{id}',
  tags,
  security,
  summary: 'Change an asset (name, contractor, warranty, retire)',
  request: {
    params: z.object({ id: assetId.openapi({ param: { name: 'id', in: 'path' } }) }),
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(2).max(200).optional(),
          model: z.string().trim().min(1).max(120).optional(),
          vendor: z.string().trim().min(1).max(200).optional(),
          contractor: z.string().trim().min(1).max(200).nullable().optional(),
          warrantyEnd: isoDate.nullable().optional(),
          status: z.enum(ASSET_STATUSES).optional(),
        })
        .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' }),
    ),
  },
  responses: { 200: jsonContent(apiAsset, 'Updated'), ...errorResponses(400, 401, 403, 404, 413) },
});

const listPmRoute = createRoute({
  method: 'get',
  path: '/assets/{id}/pm-schedules',
  tags,
  security,
  summary: 'Preventive maintenance schedules of an asset',
  request: { params: z.object({ id: assetId.openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(apiSchedule) }), 'Schedules'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const createPmRoute = createRoute({
  method: 'post',
  path: '/pm-schedules',
  tags,
  security,
  summary: 'Schedule preventive maintenance by calendar (day/week/month) or usage (tickets, hours_on)',
  request: {
    body: jsonBody(
      z.strictObject({
        assetId,
        title: z.string().trim().min(3).max(200),
        unit: z.enum(PM_UNITS),
        every: z.number().int().min(1).max(1_000_000),
        lead: z.number().int().min(0).max(100_000).optional(),
        severity: z.enum(SEVERITIES).default('minor'),
        firstDueAt: z.number().int().nonnegative().optional(),
      }),
    ),
  },
  responses: { 201: jsonContent(apiSchedule, 'Created'), ...errorResponses(400, 401, 403, 404, 413) },
});

export function maintenanceRoutes(maintenance: MaintenanceService, org: OrgService, clock: Clock) {
  const withUsage = <T extends { id: string }>(a: T) => ({ ...a, usage: maintenance.usageOf(a.id, clock.now()) });
  return createRouter()
    .openapi(listRoute, (c) => {
      const { orgId } = c.req.valid('query');
      const auth = c.get('auth');
      auth.require('device.read', orgId);
      const items = maintenance.store
        .assets({ scopePaths: auth.scope('device.read'), sitePath: org.pathOf(orgId) })
        .map(withUsage);
      return c.json({ items }, 200);
    })
    .openapi(createAssetRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('asset.manage', body.siteId);
      return c.json(withUsage(maintenance.createAsset(actorOf(c, user), body, clock.now())), 201);
    })
    .openapi(patchAssetRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('asset.manage', maintenance.getAsset(id).siteId);
      const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, v]) => v !== undefined));
      return c.json(withUsage(maintenance.updateAsset(actorOf(c, user), id, patch, clock.now())), 200);
    })
    .openapi(listPmRoute, (c) => {
      const { id } = c.req.valid('param');
      c.get('auth').require('device.read', maintenance.getAsset(id).siteId);
      return c.json({ items: maintenance.store.schedules(id) }, 200);
    })
    .openapi(createPmRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('asset.manage', maintenance.getAsset(body.assetId).siteId);
      return c.json(maintenance.createSchedule(actorOf(c, user), body, clock.now()), 201);
    });
}
