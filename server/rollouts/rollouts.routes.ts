/** Rollouts API (/api/v1/rollouts/…): start, progress (JSON and live SSE), rollback. */
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { createRouter, errorResponses, jsonBody, jsonContent } from '../core/http.js';
import { actorOf } from '../auth/auth.middleware.js';
import type { RolloutsService } from './rollouts.service.js';
import type { RolloutRecord, RolloutTargetSpec } from './rollouts.store.js';
import type { AuthContext } from '../auth/authorize.js';
import {
  createRolloutSchema,
  progressSchema,
  rolloutSchema,
  targetPreviewRequestSchema,
  targetPreviewSchema,
} from './rollouts.schemas.js';

const tags = ['Rollouts'];
const security = [{ bearer: [] }, { cookie: [] }];
const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export { createRolloutSchema, rolloutSchema, progressSchema };

const pub = (r: RolloutRecord): z.infer<typeof rolloutSchema> => ({
  id: r.id,
  releaseId: r.releaseId,
  orgId: r.orgId,
  target: r.target,
  canary: r.canary,
  status: r.status,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const createRolloutRoute = createRoute({
  method: 'post',
  path: '/rollouts',
  tags,
  security,
  summary:
    'Roll a brand release out to a subtree (or several units within it), tags or explicit screens, optionally canary first',
  request: { body: jsonBody(createRolloutSchema) },
  responses: { 201: jsonContent(rolloutSchema, 'Started'), ...errorResponses(400, 401, 403, 404, 413) },
});
const previewRoute = createRoute({
  method: 'post',
  path: '/rollouts/preview',
  tags,
  security,
  summary: 'How many screens a target would select, and the tags on its screens (nothing is started)',
  request: { body: jsonBody(targetPreviewRequestSchema) },
  responses: { 200: jsonContent(targetPreviewSchema, 'Preview'), ...errorResponses(400, 401, 403, 404, 413) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/rollouts',
  tags,
  security,
  summary: 'Recent rollouts in your scope',
  responses: { 200: jsonContent(z.object({ items: z.array(rolloutSchema) }), 'Rollouts'), ...errorResponses(401, 403) },
});
const progressRoute = createRoute({
  method: 'get',
  path: '/rollouts/{id}',
  tags,
  security,
  summary: 'A rollout with its progress: targeted, delivered, acked, failed, offline',
  request: { params: idParam },
  responses: {
    200: jsonContent(z.object({ rollout: rolloutSchema, progress: progressSchema }), 'Rollout'),
    ...errorResponses(401, 403, 404),
  },
});
const rollbackRoute = createRoute({
  method: 'post',
  path: '/rollouts/{id}/rollback',
  tags,
  security,
  summary: 'Put the screens back on the release they had before',
  request: { params: idParam },
  responses: { 200: jsonContent(rolloutSchema, 'Rolled back'), ...errorResponses(401, 403, 404, 409) },
});

/** Progress events on the live stream are coalesced to at most one per this interval. */
const STREAM_COALESCE_MS = 250;

export function rolloutsRoutes(rollouts: RolloutsService) {
  const router = createRouter();

  /** rollout.manage on the root and on every chosen unit (which must lie within the root). */
  const authorizeTarget = (auth: AuthContext, target: RolloutTargetSpec) => {
    const user = auth.require('rollout.manage', target.orgId);
    rollouts.targetPaths(target);
    for (const unit of target.units ?? []) auth.require('rollout.manage', unit);
    return user;
  };

  router.openapi(createRolloutRoute, (c) => {
    const input = c.req.valid('json');
    const user = authorizeTarget(c.get('auth'), input.target);
    return c.json(pub(rollouts.create(actorOf(c, user), input)), 201);
  });
  router.openapi(previewRoute, (c) => {
    const { target } = c.req.valid('json');
    authorizeTarget(c.get('auth'), target);
    return c.json(rollouts.previewTargets(target), 200);
  });
  router.openapi(listRoute, (c) => {
    const auth = c.get('auth');
    auth.requireAny('screen.read');
    return c.json({ items: rollouts.store.list(auth.scope('screen.read')).map(pub) }, 200);
  });
  router.openapi(progressRoute, (c) => {
    const r = rollouts.get(c.req.valid('param').id);
    c.get('auth').require('screen.read', r.orgId);
    return c.json({ rollout: pub(r), progress: rollouts.progress(r.id) }, 200);
  });
  router.openapi(rollbackRoute, (c) => {
    const r = rollouts.get(c.req.valid('param').id);
    const user = c.get('auth').require('rollout.manage', r.orgId);
    return c.json(pub(rollouts.rollback(actorOf(c, user), r.id)), 200);
  });

  router.get('/rollouts/:id/stream', (c) => {
    const id = idParam.shape.id.parse(c.req.param('id'));
    const r = rollouts.get(id);
    c.get('auth').require('screen.read', r.orgId);
    return streamSSE(c, async (stream) => {
      let dirty = true;
      let wake: () => void = () => undefined;
      const onChange = (changed: string) => {
        if (changed !== id) return;
        dirty = true;
        wake();
      };
      rollouts.on('changed', onChange);
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake();
      });
      try {
        while (open) {
          if (dirty) {
            dirty = false;
            await stream.writeSSE({ event: 'progress', data: JSON.stringify(rollouts.progress(id)) });
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, dirty ? STREAM_COALESCE_MS : 15_000);
          });
          if (!dirty && open) await stream.writeSSE({ event: 'ping', data: '{}' });
        }
      } finally {
        rollouts.off('changed', onChange);
      }
    });
  });
  return router;
}
