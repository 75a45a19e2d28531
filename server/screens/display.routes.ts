/**
 * The screen-facing API (/api/v1/display/…): pairing, the manifest, the push stream, acks,
 * heartbeats, proof of play and token rotation. Authenticated by the screen's own token:
 * `Authorization: Bearer hcpvs_…`, or `?token=` on the stream only (EventSource cannot set
 * headers; the request logger never logs query strings).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonBody, jsonContent, type AppContext } from '../core/http.js';
import {
  ackBodySchema,
  heartbeatBodySchema,
  manifestSchema,
  pairingPollSchema,
  pairingStartSchema,
  proofOfPlayBodySchema,
} from '../../displays/shared/protocol.js';
import type { ScreensService } from './screens.service.js';
import { openSse } from '../core/sse.js';

const tags = ['Display'];
const security = [{ screenToken: [] }];

function bearer(c: AppContext): string | undefined {
  const h = c.req.header('authorization');
  return h?.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : undefined;
}

const startPairing = createRoute({
  method: 'post',
  path: '/display/pairing',
  tags,
  summary: 'A new screen asks for a pairing code to show',
  responses: { 201: jsonContent(pairingStartSchema, 'Code to show and secret to poll with'), ...errorResponses(429) },
});

const pollPairing = createRoute({
  method: 'get',
  path: '/display/pairing/{id}',
  tags,
  summary: 'The screen polls its pairing; once claimed it receives its token, once',
  request: {
    params: z.object({ id: z.uuid() }),
    headers: z.object({ 'x-pairing-secret': z.string().min(10).max(200) }),
  },
  responses: { 200: jsonContent(pairingPollSchema, 'Pairing state'), ...errorResponses(400, 404) },
});

const getManifest = createRoute({
  method: 'get',
  path: '/display/manifest',
  tags,
  security,
  summary: "The screen's own manifest (ETag; 304 when unchanged)",
  responses: {
    200: jsonContent(manifestSchema, 'The manifest; ETag is its hash'),
    304: { description: 'Unchanged since the ETag given in If-None-Match' },
    ...errorResponses(401),
  },
});

const okSchema = z.object({ ok: z.literal(true) });
const post = <S extends z.ZodType>(path: string, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path,
    tags,
    security,
    summary,
    request: { body: jsonBody(schema) },
    responses: { 200: jsonContent(okSchema, 'Recorded'), ...errorResponses(400, 401, 413) },
  });

const ackRoute = post('/display/ack', 'The screen shows this manifest hash, its assets in place', ackBodySchema);
const heartbeatRoute = post('/display/heartbeat', 'Uptime, memory, errors and the hash on screen', heartbeatBodySchema);
const playsRoute = post(
  '/display/proof-of-play',
  'A batch of what was on screen, when and how long',
  proofOfPlayBodySchema,
);

const rotateRoute = createRoute({
  method: 'post',
  path: '/display/token',
  tags,
  security,
  summary: 'Replace this screen token with a new one (the old one stops working)',
  responses: { 200: jsonContent(z.object({ token: z.string() }), 'The new token'), ...errorResponses(401) },
});

export function displayRoutes(screens: ScreensService) {
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'screenToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'hcpvs_… screen token',
  });

  router.openapi(startPairing, (c) => c.json(screens.startPairing(), 201));
  router.openapi(pollPairing, (c) =>
    c.json(screens.pollPairing(c.req.valid('param').id, c.req.valid('header')['x-pairing-secret']), 200),
  );

  router.openapi(getManifest, async (c) => {
    const screen = screens.authenticate(bearer(c));
    const built = await screens.manifest(screen);
    const etag = `"${built.hash}"`;
    const match = c.req.header('if-none-match');
    c.header('etag', etag);
    c.header('cache-control', 'no-cache');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
    // Assembled from cached JSON parts (see manifest.ts); its shape is `manifestSchema`, tested.
    return c.body(built.body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  // Answered once the write is committed (group commit): a 200 means it is in the database.
  router.openapi(ackRoute, async (c) => {
    await screens.ack(screens.authenticate(bearer(c)), c.req.valid('json'));
    return c.json({ ok: true as const }, 200);
  });
  router.openapi(heartbeatRoute, async (c) => {
    await screens.heartbeat(screens.authenticate(bearer(c)), c.req.valid('json'));
    return c.json({ ok: true as const }, 200);
  });
  router.openapi(playsRoute, async (c) => {
    await screens.proofOfPlay(screens.authenticate(bearer(c)), c.req.valid('json'));
    return c.json({ ok: true as const }, 200);
  });
  router.openapi(rotateRoute, (c) => c.json({ token: screens.rotate(screens.authenticate(bearer(c))) }, 200));

  // The push stream is text/event-stream, outside the JSON route contract.
  router.get('/display/stream', async (c) => {
    const screen = screens.authenticate(bearer(c) ?? c.req.query('token'));
    await screens.seen(screen.id);
    const lastId = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    return openSse(c, (conn) => screens.hub.attach(screen.id, screen.siteId, conn, lastId));
  });
  return router;
}
