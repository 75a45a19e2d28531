/** HTTP face of telemetry: stored series, live device state, queue metrics, ingest counters. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonContent } from '../core/http.js';
import type { OrgService } from '../org/org.service.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { DEVICE_TYPES } from '../../devices/contract.js';
import type { IngestPipeline } from '../../devices/ingest/pipeline.js';
import type { CommandPublisher } from '../../devices/commands.js';
import type { DeviceService } from '../devices/devices.service.js';
import { isCityWide, sitesInScope } from '../devices/devices.routes.js';
import { RESOLUTIONS, type TelemetryStore } from './telemetry-store.js';
import { ingestStatsSchema, liveStateSchema, queueMetricsSchema, seriesRowSchema } from './telemetry.schemas.js';

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

export interface TelemetryFace {
  pipeline: IngestPipeline;
  store: TelemetryStore;
  now: () => number;
  /** Publishes device commands on the broker ingest runs on (POST /devices/{id}/commands). */
  commands?: CommandPublisher | undefined;
}

export function telemetryRoutes(face: TelemetryFace, devices: DeviceService, org: OrgService) {
  return createRouter()
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
