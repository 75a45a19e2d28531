/** HTTP face of alarms and alarm rules: /api/v1/alarms…, /api/v1/alarm-rules… */
import { createRoute, z } from '@hono/zod-openapi';
import { alarmRulesSchema } from '../../config/alarm-rules.js';
import type { Clock } from '../core/clock.js';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { orgIdSchema } from '../org/org.schemas.js';
import type { OrgService } from '../org/org.service.js';
import type { AlarmService } from './alarms.service.js';
import { ALARM_STATES } from './alarms.store.js';
import { alarmEventSchema, alarmSchema } from './alarms.schemas.js';

export { alarmSchema };

const tags = ['Alarms'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/alarms',
  tags,
  security,
  summary: 'Alarms in your scope, newest first',
  request: {
    query: z.strictObject({
      orgId: orgIdSchema.optional(),
      state: z
        .string()
        .optional()
        .transform((s) => (s ? s.split(',') : undefined))
        .pipe(z.array(z.enum(ALARM_STATES)).optional()),
      deviceId: z.string().max(63).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(alarmSchema) }), 'Alarms'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/alarms/{id}',
  tags,
  security,
  summary: 'One alarm with its full history',
  request: { params: idParam },
  responses: {
    200: jsonContent(z.object({ alarm: alarmSchema, history: z.array(alarmEventSchema) }), 'The alarm'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const ackRoute = createRoute({
  method: 'post',
  path: '/alarms/{id}/ack',
  tags,
  security,
  summary: 'Acknowledge an alarm with a comment',
  request: { params: idParam, body: jsonBody(z.strictObject({ comment: z.string().trim().min(1).max(1000) })) },
  responses: { 200: jsonContent(alarmSchema, 'Acknowledged'), ...errorResponses(400, 401, 403, 404, 409) },
});

const rulesInfo = z.object({ source: z.enum(['api', 'file', 'defaults']), loadedAt: z.number(), rules: z.unknown() });

const getRulesRoute = createRoute({
  method: 'get',
  path: '/alarm-rules',
  tags,
  security,
  summary: 'The alarm rules in force and where they came from',
  responses: { 200: jsonContent(rulesInfo, 'Rules'), ...errorResponses(401, 403) },
});

const putRulesRoute = createRoute({
  method: 'put',
  path: '/alarm-rules',
  tags,
  security,
  summary: 'Replace the alarm rules (validated, applied at once, no restart)',
  request: { body: jsonBody(alarmRulesSchema) },
  responses: { 200: jsonContent(rulesInfo, 'Applied'), ...errorResponses(400, 401, 403, 413) },
});

const reloadRoute = createRoute({
  method: 'post',
  path: '/alarm-rules/reload',
  tags,
  security,
  summary: 'Re-read the rules (saved rules, else ALARM_RULES_FILE, else defaults)',
  responses: { 200: jsonContent(rulesInfo, 'Reloaded'), ...errorResponses(400, 401, 403) },
});

export function alarmsRoutes(alarms: AlarmService, org: OrgService, clock: Clock) {
  const rootId = (): string => org.list({ kind: 'city' })[0]?.id ?? 'hn';
  const info = () => ({ ...alarms.rules.info(), rules: alarms.rules.get() });
  return createRouter()
    .openapi(listRoute, (c) => {
      const q = c.req.valid('query');
      const auth = c.get('auth');
      if (q.orgId) auth.require('alarm.read', q.orgId);
      else auth.requireAny('alarm.read');
      const sitePath = q.orgId ? org.pathOf(q.orgId) : undefined;
      const items = alarms.list({
        scopePaths: auth.scope('alarm.read'),
        sitePath,
        states: q.state,
        deviceId: q.deviceId,
        limit: q.limit,
      });
      return c.json({ items }, 200);
    })
    .openapi(getRoute, (c) => {
      const { id } = c.req.valid('param');
      const alarm = alarms.get(id);
      c.get('auth').require('alarm.read', alarm.siteId);
      return c.json({ alarm, history: alarms.history(id) }, 200);
    })
    .openapi(ackRoute, (c) => {
      const { id } = c.req.valid('param');
      const user = c.get('auth').require('alarm.ack', alarms.get(id).siteId);
      return c.json(alarms.ack(actorOf(c, user), id, c.req.valid('json').comment, clock.now()), 200);
    })
    .openapi(getRulesRoute, (c) => {
      c.get('auth').requireAny('alarm.read');
      return c.json(info(), 200);
    })
    .openapi(putRulesRoute, (c) => {
      const user = c.get('auth').require('device.manage', rootId());
      alarms.setRules(actorOf(c, user), c.req.valid('json'), clock.now());
      return c.json(info(), 200);
    })
    .openapi(reloadRoute, (c) => {
      const user = c.get('auth').require('device.manage', rootId());
      alarms.reloadRules(actorOf(c, user), clock.now());
      return c.json(info(), 200);
    });
}
