/** HTTP face of the device registry and the ingest quarantine: /api/v1/devices/… */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, errorSchema, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { isWithin, type AuthContext } from '../auth/authorize.js';
import type { OrgService } from '../org/org.service.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { DEVICE_TYPES, QUARANTINE_REASONS } from '../../devices/contract.js';
import type { DeviceService } from './devices.service.js';
import type { CommandPublisher } from '../../devices/commands.js';
import {
  deviceIdSchema,
  deviceSchema,
  deviceWithSecretSchema,
  provisionDeviceSchema,
  quarantineEntrySchema,
  sendCommandSchema,
  sentCommandSchema,
} from './devices.schemas.js';

const tags = ['Devices'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({ id: deviceIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });

const listRoute = createRoute({
  method: 'get',
  path: '/devices',
  tags,
  security,
  summary: 'Devices at the sites in your scope',
  request: {
    query: z.strictObject({
      siteId: orgIdSchema.optional(),
      type: z.enum(DEVICE_TYPES).optional(),
      status: z.enum(['active', 'decommissioned']).optional(),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(deviceSchema) }), 'Devices'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const quarantineRoute = createRoute({
  method: 'get',
  path: '/devices/quarantine',
  tags,
  security,
  summary:
    'Messages ingest refused from devices at the sites in your scope (city-wide: also unknown devices), newest first, with counts per reason',
  request: {
    query: z.strictObject({
      siteId: orgIdSchema.optional(),
      reason: z.enum(QUARANTINE_REASONS).optional(),
      beforeId: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(quarantineEntrySchema), counts: z.record(z.string(), z.number()) }),
      'Quarantined messages',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/devices/{id}',
  tags,
  security,
  summary: 'One device',
  request: { params: idParam },
  responses: { 200: jsonContent(deviceSchema, 'The device'), ...errorResponses(401, 403, 404) },
});

const provisionRoute = createRoute({
  method: 'post',
  path: '/devices',
  tags,
  security,
  summary: 'Provision a device; its secret is shown only in this response',
  request: { body: jsonBody(provisionDeviceSchema) },
  responses: {
    201: jsonContent(deviceWithSecretSchema, 'Provisioned'),
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});

const rotateRoute = createRoute({
  method: 'post',
  path: '/devices/{id}/rotate-secret',
  tags,
  security,
  summary: 'Issue a new secret (the old one stops working and open sessions are closed)',
  request: { params: idParam },
  responses: {
    200: jsonContent(deviceWithSecretSchema, 'New secret, shown once'),
    ...errorResponses(401, 403, 404, 409),
  },
});

const decommissionRoute = createRoute({
  method: 'post',
  path: '/devices/{id}/decommission',
  tags,
  security,
  summary: 'Retire a device: it can no longer connect and its messages are quarantined',
  request: { params: idParam },
  responses: { 200: jsonContent(deviceSchema, 'Decommissioned'), ...errorResponses(401, 403, 404) },
});

const commandRoute = createRoute({
  method: 'post',
  path: '/devices/{id}/commands',
  tags,
  security,
  summary: 'Send a command to a device on its MQTT command topic (QoS 1); answered once the broker has taken it',
  request: { params: idParam, body: jsonBody(sendCommandSchema) },
  responses: {
    202: jsonContent(sentCommandSchema, 'Handed to the broker; the device runs it when it receives it'),
    ...errorResponses(400, 401, 403, 404, 409, 413),
    503: jsonContent(errorSchema, 'No MQTT broker connected, or it did not take the command (Retry-After)'),
  },
});

/** Site ids the user may read `perm` on, optionally narrowed to one site (checked). */
export function sitesInScope(
  auth: AuthContext,
  org: OrgService,
  perm: 'device.read' | 'telemetry.read',
  siteId?: string,
): string[] {
  if (siteId !== undefined) {
    auth.require(perm, siteId);
    return [siteId];
  }
  auth.requireAny(perm);
  const scope = auth.scope(perm);
  return org
    .list({ kind: 'site' })
    .filter((s) => scope.some((p) => isWithin(s.path, p)))
    .map((s) => s.id);
}

/**
 * True when the user holds `perm` on a whole city (a top-level unit): such readers also see
 * what belongs to no unit, such as messages naming a device the registry does not know.
 */
export function isCityWide(auth: AuthContext, perm: 'device.read' | 'telemetry.read'): boolean {
  return auth.scope(perm).some((p) => p.split('/').filter(Boolean).length === 1);
}

/** `commands` publishes to the broker ingest runs on; absent without MQTT (commands answer 503). */
export function devicesRoutes(devices: DeviceService, org: OrgService, commands?: CommandPublisher) {
  return createRouter()
    .openapi(listRoute, (c) => {
      const q = c.req.valid('query');
      const siteIds = sitesInScope(c.get('auth'), org, 'device.read', q.siteId);
      return c.json({ items: devices.list({ siteIds, type: q.type, status: q.status }) }, 200);
    })
    .openapi(quarantineRoute, (c) => {
      const q = c.req.valid('query');
      const auth = c.get('auth');
      // Rows and counts go by the site the named device is registered at; messages naming no
      // registered device belong to no unit, so only city-wide readers see them.
      const scope = {
        siteIds: sitesInScope(auth, org, 'device.read', q.siteId),
        includeUnknownSite: q.siteId === undefined && isCityWide(auth, 'device.read'),
      };
      const items = devices.store.quarantine({ ...scope, reason: q.reason, beforeId: q.beforeId, limit: q.limit });
      return c.json({ items, counts: devices.store.quarantineCounts(scope) }, 200);
    })
    .openapi(getRoute, (c) => {
      const device = devices.get(c.req.valid('param').id);
      c.get('auth').require('device.read', device.siteId);
      return c.json(device, 200);
    })
    .openapi(provisionRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('device.manage', body.siteId);
      return c.json(devices.provision(actorOf(c, user), body), 201);
    })
    .openapi(rotateRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('device.manage', devices.get(id).siteId);
      return c.json(devices.rotateSecret(actorOf(c, user), id), 200);
    })
    .openapi(commandRoute, async (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('device.manage', devices.get(id).siteId);
      return c.json(await devices.sendCommand(actorOf(c, user), id, c.req.valid('json'), commands), 202);
    })
    .openapi(decommissionRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('device.manage', devices.get(id).siteId);
      return c.json(devices.decommission(actorOf(c, user), id), 200);
    });
}
