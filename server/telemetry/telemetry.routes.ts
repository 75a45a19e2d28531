/** HTTP face of telemetry: stored series, live device state, queue metrics, ingest counters, the live stream. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, errorSchema, jsonContent } from '../core/http.js';
import { AppError } from '../core/errors.js';
import { sessionToken } from '../auth/auth.middleware.js';
import { isWithin, type UserPrincipal } from '../auth/authorize.js';
import { openSse } from '../core/sse.js';
import type { LiveFeed, StreamScope } from './live-feed.js';
import type { OrgService } from '../org/org.service.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { DEVICE_TYPES } from '../../devices/contract.js';
import type { IngestPipeline } from '../../devices/ingest/pipeline.js';
import type { CommandPublisher } from '../../devices/commands.js';
import type { DeviceService } from '../devices/devices.service.js';
import { isCityWide, sitesInScope } from '../devices/devices.routes.js';
import { RESOLUTIONS, type TelemetryStore } from './telemetry-store.js';
import {
  ingestStatsSchema,
  liveStateSchema,
  queueMetricsSchema,
  seriesRowSchema,
  streamBatchSchema,
} from './telemetry.schemas.js';

export { liveStateSchema, queueMetricsSchema };

const tags = ['Telemetry'];
const security = [{ bearer: [] }, { cookie: [] }];
const DAY = 86_400_000;

const seriesRoute = createRoute({
  method: 'get',
  path: '/telemetry/series',
  tags,
  security,
  summary: 'Stored telemetry by site / zone / device / time range / resolution',
  request: {
    query: z
      .strictObject({
        siteId: orgIdSchema,
        zoneId: z.string().max(41).optional(),
        deviceId: z.string().max(63).optional(),
        deviceType: z.enum(DEVICE_TYPES).optional(),
        measurement: z.enum(['telemetry', 'event']).optional(),
        field: z
          .string()
          .regex(/^[A-Za-z0-9_]{1,40}$/)
          .optional(),
        from: z.coerce.number().int().nonnegative(),
        to: z.coerce.number().int().positive(),
        resolution: z.enum(RESOLUTIONS).default('minute'),
        limit: z.coerce.number().int().min(1).max(50_000).default(5_000),
      })
      .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
      .refine((q) => q.to - q.from <= 400 * DAY, { message: 'at most 400 days per query', path: ['from'] }),
  },
  responses: {
    200: jsonContent(z.object({ items: z.array(seriesRowSchema), store: z.enum(['sqlite', 'influx']) }), 'Series rows'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const liveRoute = createRoute({
  method: 'get',
  path: '/telemetry/live',
  tags,
  security,
  summary: 'Live state of every device at a site (registered devices never heard are offline)',
  request: { query: z.strictObject({ siteId: orgIdSchema }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(liveStateSchema) }), 'Live state'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const queuesRoute = createRoute({
  method: 'get',
  path: '/telemetry/queues',
  tags,
  security,
  summary: 'Queue metrics per service at a site: waiting now, wait and service times, throughput, no-shows',
  request: { query: z.strictObject({ siteId: orgIdSchema }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(queueMetricsSchema) }), 'Queue metrics'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/telemetry/ingest-stats',
  tags,
  security,
  summary:
    'Ingest counters of this server process for the devices at the sites in your scope; process-wide figures for city-wide readers only',
  responses: {
    200: jsonContent(ingestStatsSchema, 'Counters'),
    ...errorResponses(401, 403),
  },
});

const streamRoute = createRoute({
  method: 'get',
  path: '/telemetry/stream',
  tags,
  security,
  summary: 'Live stream of changes for dashboards (Server-Sent Events), within your scope',
  description: [
    'A `text/event-stream` of what changes at the sites in your scope (narrowed to the subtree of `orgId` when given):',
    'device state (`telemetry.read`), queue metrics per site and service (`telemetry.read`), alarms raised, cleared or',
    'acknowledged (`alarm.read`) and work-order changes (`workorder.read`).',
    '',
    '- `event: hello` opens the stream (`data`: resumed, heartbeatMs, coalesceMs).',
    '- `event: resync`: the position asked for cannot be replayed (first connect, another server boot, too old):',
    '  fetch the state over the REST routes; changes from here on follow.',
    '- `event: changes` with `id: <boot>.<seq>`: one batch (`data`: TelemetryStreamBatch); each device, queue,',
    '  alarm and order appears once per batch, batches at most every `coalesceMs`.',
    '- `: hb` comments every `heartbeatMs` carry an `id:` too (the resume point moves on without an event).',
    '',
    'Reconnect with `Last-Event-ID` (or `?lastEventId=`) to get the missed batches. A client too far behind is',
    'disconnected and resumes the same way; the stream also ends when the session does.',
  ].join('\n'),
  request: {
    query: z.strictObject({
      orgId: orgIdSchema.optional(),
      lastEventId: z.string().max(64).optional(),
    }),
    headers: z.object({ 'last-event-id': z.string().max(64).optional() }),
  },
  responses: {
    200: {
      description: 'The stream; each `changes` event carries one TelemetryStreamBatch as its data',
      content: { 'text/event-stream': { schema: streamBatchSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
    503: jsonContent(errorSchema, 'This server process has no live stream (no MQTT ingest)'),
  },
});

/** `paths` narrowed to the subtree at `under`: the subtree itself if a path holds it, else the paths inside it. */
function narrow(paths: readonly string[], under: string | undefined): string[] {
  if (under === undefined) return [...paths];
  return paths.some((p) => isWithin(under, p)) ? [under] : paths.filter((p) => isWithin(p, under));
}

export interface TelemetryFace {
  pipeline: IngestPipeline;
  store: TelemetryStore;
  now: () => number;
  /** Publishes device commands on the broker ingest runs on (POST /devices/{id}/commands). */
  commands?: CommandPublisher | undefined;
  /** The dashboards' live stream (GET /telemetry/stream). */
  stream?: LiveFeed | undefined;
}

/** Re-reads a session, so a long-lived stream ends with it. */
export interface SessionLookup {
  authenticate(token: string): UserPrincipal | null;
}

export function telemetryRoutes(face: TelemetryFace, devices: DeviceService, org: OrgService, sessions: SessionLookup) {
  return createRouter()
    .openapi(streamRoute, (c) => {
      const { orgId, lastEventId } = c.req.valid('query');
      const auth = c.get('auth');
      const user = orgId ? auth.require('telemetry.read', orgId) : auth.requireAny('telemetry.read');
      const feed = face.stream;
      if (!feed) throw new AppError('unavailable', 'STREAM_UNAVAILABLE', 'This server process has no live stream');
      const under = orgId === undefined ? undefined : org.pathOf(orgId);
      const scope: StreamScope = {
        telemetry: narrow(auth.scope('telemetry.read'), under),
        alarms: narrow(auth.scope('alarm.read'), under),
        workOrders: narrow(auth.scope('workorder.read'), under),
      };
      // The stream outlives the request: it ends when the session ends or the grants change.
      const token = sessionToken(c);
      const grants = JSON.stringify(user.grants);
      const stillValid = () => {
        const now = token === undefined ? null : sessions.authenticate(token);
        return now !== null && JSON.stringify(now.grants) === grants;
      };
      const resumeFrom = c.req.valid('header')['last-event-id'] ?? lastEventId;
      return openSse(c, (conn) => feed.attach(conn, scope, resumeFrom, stillValid));
    })
    .openapi(seriesRoute, async (c) => {
      const q = c.req.valid('query');
      sitesInScope(c.get('auth'), org, 'telemetry.read', q.siteId);
      const items = await face.store.query(q);
      return c.json({ items, store: face.store.kind }, 200);
    })
    .openapi(liveRoute, (c) => {
      const { siteId } = c.req.valid('query');
      sitesInScope(c.get('auth'), org, 'telemetry.read', siteId);
      const items = devices.list({ siteIds: [siteId], status: 'active' }).map((d): z.infer<typeof liveStateSchema> => {
        const s = face.pipeline.live.get(d.id);
        return s
          ? { ...s, values: { ...s.values }, faults: [...s.faults] }
          : {
              deviceId: d.id,
              siteId: d.siteId,
              zoneId: d.zoneId,
              type: d.type,
              online: false,
              since: null,
              lastSeen: null,
              values: {},
              fw: null,
              faults: [],
            };
      });
      return c.json({ items }, 200);
    })
    .openapi(queuesRoute, (c) => {
      const { siteId } = c.req.valid('query');
      sitesInScope(c.get('auth'), org, 'telemetry.read', siteId);
      return c.json({ items: face.pipeline.queues.all(face.now(), siteId) }, 200);
    })
    .openapi(statsRoute, (c) => {
      const auth = c.get('auth');
      const siteIds = sitesInScope(auth, org, 'telemetry.read');
      const cityWide = isCityWide(auth, 'telemetry.read');
      const mine = face.pipeline.siteStats(siteIds, cityWide);
      const all = cityWide ? face.pipeline.getStats() : undefined;
      return c.json(
        {
          scope: cityWide ? ('city' as const) : ('sites' as const),
          accepted: mine.accepted,
          quarantined: mine.quarantined,
          received: all?.received ?? null,
          stored: all?.stored ?? null,
          pending: all?.pending ?? null,
          storeErrors: all?.storeErrors ?? null,
        },
        200,
      );
    });
}
