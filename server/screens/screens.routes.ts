/** Staff-facing screens API (/api/v1/screens/…): claim a pairing code, fleet status, revoke, commands. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import { isWithin } from '../auth/authorize.js';
import type { OrgService } from '../org/org.service.js';
import type { ScreensService } from './screens.service.js';
import type { ScreenRecord } from './screens.store.js';
import {
  claimScreenSchema,
  commandSchema,
  fleetEntrySchema,
  fleetQuerySchema,
  screenIdSchema,
  screenSchema,
  sourcesWiringSchema,
} from './screens.schemas.js';

const tags = ['Screens'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({ id: screenIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });

export const publicScreen = (s: ScreenRecord): z.infer<typeof screenSchema> => ({
  id: s.id,
  name: s.name,
  siteId: s.siteId,
  zoneId: s.zoneId,
  profile: s.profile,
  counter: s.counter,
  tags: s.tags,
  status: s.status,
  releaseId: s.releaseId,
  shownRelease: s.shownRelease,
  ackedAt: s.ackedAt,
  lastSeen: s.lastSeen,
  uptimeS: s.uptimeS,
  memoryMb: s.memoryMb,
  lastErrors: s.lastErrors,
  errorCount: s.errorCount,
});

const claimRoute = createRoute({
  method: 'post',
  path: '/screens/claim',
  tags,
  security,
  summary: 'Claim a pairing code shown on a screen: bind it to a site, zone and profile',
  request: { body: jsonBody(claimScreenSchema) },
  responses: { 201: jsonContent(screenSchema, 'The paired screen'), ...errorResponses(400, 401, 403, 404, 413) },
});

const fleetRoute = createRoute({
  method: 'get',
  path: '/screens',
  tags,
  security,
  summary: 'Fleet status: last seen, hash shown vs expected, offline since, errors',
  request: { query: fleetQuerySchema },
  responses: {
    200: jsonContent(z.object({ items: z.array(fleetEntrySchema) }), 'Screens in your scope'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/screens/{id}',
  tags,
  security,
  summary: 'One screen with its fleet status',
  request: { params: idParam },
  responses: { 200: jsonContent(fleetEntrySchema, 'The screen'), ...errorResponses(401, 403, 404) },
});

const revokeRoute = createRoute({
  method: 'post',
  path: '/screens/{id}/revoke',
  tags,
  security,
  summary: 'Revoke the screen token; the screen is told and returns to pairing',
  request: { params: idParam },
  responses: { 200: jsonContent(screenSchema, 'Revoked'), ...errorResponses(401, 403, 404) },
});

const commandRoute = createRoute({
  method: 'post',
  path: '/screens/{id}/commands',
  tags,
  security,
  summary: 'Send a command (reload, identify) over the push stream',
  request: { params: idParam, body: jsonBody(commandSchema) },
  responses: {
    202: jsonContent(z.object({ sent: z.literal(true) }), 'Queued on the push stream'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const playsRoute = createRoute({
  method: 'get',
  path: '/screens/{id}/plays',
  tags,
  security,
  summary: 'Proof of play of a screen in a time range',
  request: { params: idParam, query: z.strictObject({ from: z.coerce.number().int(), to: z.coerce.number().int() }) },
  responses: {
    200: jsonContent(
      z.object({
        items: z.array(
          z.object({ item: z.string(), hash: z.string().nullable(), startedAt: z.number(), durationMs: z.number() }),
        ),
      }),
      'Plays',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const sourcesRoute = createRoute({
  method: 'get',
  path: '/screens-sources',
  tags,
  security,
  summary: 'Which manifest parts come from their feature services and which from fallbacks',
  responses: { 200: jsonContent(sourcesWiringSchema, 'Wiring'), ...errorResponses(401, 403) },
});

export function screensRoutes(screens: ScreensService, org: OrgService) {
  const router = createRouter();

  router.openapi(claimRoute, (c) => {
    const input = c.req.valid('json');
    const auth = c.get('auth');
    const user = auth.require('screen.manage', input.siteId);
    if (input.screenId) {
      const existing = screens.store.get(input.screenId);
      if (existing) auth.require('screen.manage', existing.siteId);
    }
    const screen = screens.claim(actorOf(c, user), input);
    return c.json(publicScreen(screen), 201);
  });

  router.openapi(fleetRoute, (c) => {
    const q = c.req.valid('query');
    const auth = c.get('auth');
    auth.requireAny('screen.read');
    let under = auth.scope('screen.read');
    const root = q.under ?? q.siteId;
    if (root) {
      const path = org.get(root).path;
      auth.require('screen.read', root);
      under = under.filter((p) => isWithin(path, p)).length > 0 ? [path] : [];
    }
    const items = screens.fleet({ under, siteId: q.siteId, status: q.status, releaseId: q.releaseId });
    return c.json({ items: items.map((e) => ({ ...e, screen: publicScreen(e.screen) })) }, 200);
  });

  router.openapi(getRoute, (c) => {
    const s = screens.require(c.req.valid('param').id);
    c.get('auth').require('screen.read', s.siteId);
    const e = screens.fleetEntry(s);
    return c.json({ ...e, screen: publicScreen(e.screen) }, 200);
  });

  router.openapi(revokeRoute, (c) => {
    const s = screens.require(c.req.valid('param').id);
    const user = c.get('auth').require('screen.manage', s.siteId);
    return c.json(publicScreen(screens.revoke(actorOf(c, user), s.id)), 200);
  });

  router.openapi(commandRoute, (c) => {
    const s = screens.require(c.req.valid('param').id);
    const user = c.get('auth').require('screen.manage', s.siteId);
    screens.command(actorOf(c, user), s.id, c.req.valid('json').command);
    return c.json({ sent: true as const }, 202);
  });

  router.openapi(playsRoute, (c) => {
    const s = screens.require(c.req.valid('param').id);
    c.get('auth').require('screen.read', s.siteId);
    const { from, to } = c.req.valid('query');
    return c.json({ items: screens.store.plays(s.id, from, to) }, 200);
  });

  router.openapi(sourcesRoute, (c) => {
    c.get('auth').requireAny('screen.read');
    return c.json(screens.wiring(), 200);
  });
  return router;
}
