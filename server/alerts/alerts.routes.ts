/** HTTP face of emergency alerts: /api/v1/alerts/… */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { AlertService } from './alerts.service.js';
import { alertSchema, alertTemplateSchema, startAlertSchema } from './alerts.schemas.js';

const tags = ['Alerts'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const items = z.object({ items: z.array(alertSchema) });

const templatesRoute = createRoute({
  method: 'get',
  path: '/alerts/templates',
  tags,
  security,
  summary: 'Alert templates (evacuation, system outage, power cut, closing early, custom)',
  responses: {
    200: jsonContent(z.object({ items: z.array(alertTemplateSchema) }), 'Templates'),
    ...errorResponses(401, 403),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/alerts',
  tags,
  security,
  summary: 'Alerts in your scope; `active=true` for those showing now; `siteId` for those covering one site now',
  request: {
    query: z.strictObject({
      active: z.enum(['true', 'false']).optional(),
      siteId: orgIdSchema.optional(),
    }),
  },
  responses: { 200: jsonContent(items, 'Alerts, newest first'), ...errorResponses(400, 401, 403, 404) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/alerts/{id}',
  tags,
  security,
  summary: 'One alert',
  request: { params: idParam },
  responses: { 200: jsonContent(alertSchema, 'The alert'), ...errorResponses(400, 401, 403, 404) },
});

const startRoute = createRoute({
  method: 'post',
  path: '/alerts',
  tags,
  security,
  summary: 'Start an alert on every screen of the sites under a unit',
  request: { body: jsonBody(startAlertSchema) },
  responses: { 201: jsonContent(alertSchema, 'Started'), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const stopRoute = createRoute({
  method: 'post',
  path: '/alerts/{id}/stop',
  tags,
  security,
  summary: 'Stop an active alert',
  request: { params: idParam },
  responses: { 200: jsonContent(alertSchema, 'Stopped'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function alertRoutes(alerts: AlertService) {
  return createRouter()
    .openapi(templatesRoute, (c) => {
      c.get('auth').requireAny('notice.read');
      return c.json({ items: alerts.templates() }, 200);
    })
    .openapi(listRoute, (c) => {
      const auth = c.get('auth');
      const q = c.req.valid('query');
      if (q.siteId !== undefined) {
        auth.require('notice.read', q.siteId);
        return c.json({ items: alerts.activeForSiteNow(q.siteId) }, 200);
      }
      auth.requireAny('notice.read');
      return c.json({ items: alerts.list(auth.scope('notice.read'), q.active === 'true') }, 200);
    })
    .openapi(getRoute, (c) => {
      const a = alerts.get(c.req.valid('param').id);
      c.get('auth').require('notice.read', a.orgId);
      return c.json(a, 200);
    })
    .openapi(startRoute, (c) => {
      const body = c.req.valid('json');
      const user = c.get('auth').require('alert.manage', body.orgId);
      return c.json(alerts.start(actorOf(c, user), body), 201);
    })
    .openapi(stopRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('alert.manage', alerts.get(id).orgId);
      return c.json(alerts.stop(actorOf(c, user), id), 200);
    });
}
