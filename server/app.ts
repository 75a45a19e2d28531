/**
 * The app factory: builds the Hono app from injected services. No files, ports or
 * connections are opened here (main.ts does that), so tests build the same app on temp stores.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config/config.js';
import type { Logger } from './core/logger.js';
import { toErrorResponse, type AppEnv } from './core/http.js';
import { authMiddleware, requireSession } from './auth/auth.middleware.js';
import { authRoutes } from './auth/auth.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { procedureRoutes } from './procedures/procedures.routes.js';
import { noticeRoutes } from './notices/notices.routes.js';
import { alertRoutes } from './alerts/alerts.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { brandRoutes } from './brand/brand.routes.js';
import { healthRoutes, type ReadinessProbe } from './health/health.routes.js';
import { docsRoutes } from './docs/docs.routes.js';
import { staticRoutes } from './static/static.routes.js';
import type { Services } from './services.js';
import { devicesRoutes } from './devices/devices.routes.js';
import { telemetryRoutes, type TelemetryFace } from './telemetry/telemetry.routes.js';
import { displayRoutes } from './screens/display.routes.js';
import { screensRoutes } from './screens/screens.routes.js';
import { rolloutsRoutes } from './rollouts/rollouts.routes.js';
import { facilityRoutes } from './facility/facility.routes.js';

export interface AppDeps {
  config: Config;
  services: Services;
  logger: Logger;
  probes: readonly ReadinessProbe[];
  /** Folder with the built display apps (player, admin, facility); absent in API-only tests. */
  displaysDir?: string;
  /** MQTT ingest (pipeline + telemetry store); telemetry routes are mounted only with it. */
  telemetry?: TelemetryFace;
}

export const API_PREFIX = '/api/v1';

/** API paths that take no user session: sign-in/out and the screens' token-authenticated protocol. */
export const PUBLIC_API_PREFIXES = [
  `${API_PREFIX}/auth/login`,
  `${API_PREFIX}/auth/logout`,
  `${API_PREFIX}/display/`,
  `${API_PREFIX}/brand/assets/`,
];

const DISPLAY_PREFIX = `${API_PREFIX}/display/`;

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { config, services, logger } = deps;
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    // No child logger per request (it costs more than a screen's whole ack): the request id
    // goes into the line itself, and onError binds it to the error's log line.
    c.set('logger', logger);
    const start = performance.now();
    await next();
    const status = c.res.status;
    // The screens' protocol is the high-rate traffic (every screen fetches and acks on every
    // release): its successes log at debug, everything else and every refusal at info.
    const level = status < 400 && c.req.path.startsWith(DISPLAY_PREFIX) ? 'debug' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    // Never the query string or headers: tokens must not reach logs.
    logger[level](
      {
        reqId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round(performance.now() - start),
      },
      'request',
    );
  });
  const pageHeaders = secureHeaders({ crossOriginResourcePolicy: 'same-origin', crossOriginEmbedderPolicy: false });
  // The screens' protocol answers JSON and event streams to the player's fetch, never a page:
  // the headers that guard documents (framing, XSS auditor, DNS prefetch, COOP, HSTS, …) do
  // nothing there, and every screen requests it on every release. It keeps what applies to data.
  // Set before the handler runs: a header set on a finished response makes Hono rebuild it as a
  // full fetch Response (with a web stream body), which cost more than the rest of a screen's ack.
  const protocolHeaders: MiddlewareHandler<AppEnv> = (c, next) => {
    c.header('x-content-type-options', 'nosniff');
    c.header('cross-origin-resource-policy', 'same-origin');
    return next();
  };
  const headersFor: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.path.startsWith(DISPLAY_PREFIX) ? protocolHeaders(c, next) : pageHeaders(c, next);
  app.use('*', headersFor);
  const tooLarge = (c: Context<AppEnv>) =>
    c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `Body larger than ${config.BODY_LIMIT_BYTES} bytes` } }, 413);
  const countingLimit: MiddlewareHandler<AppEnv> = bodyLimit({ maxSize: config.BODY_LIMIT_BYTES, onError: tooLarge });
  const limitBodies: MiddlewareHandler<AppEnv> = (c, next) => {
    // The same checks as Hono's bodyLimit without its cost: it reads `c.req.raw.body`, which on
    // Node builds a full fetch Request (and a web stream) for every call, GETs included. GET and
    // HEAD carry no body; a declared Content-Length (Node's parser holds the body to it) is
    // checked as declared; anything else (chunked) goes through bodyLimit, which counts bytes.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > config.BODY_LIMIT_BYTES ? Promise.resolve(tooLarge(c)) : next();
    }
    return countingLimit(c, next);
  };
  app.use('/api/*', limitBodies);
  app.use('*', authMiddleware(services.auth, services.org.pathOf));
  app.use(`${API_PREFIX}/*`, requireSession(PUBLIC_API_PREFIXES));

  app.onError((err, c) => {
    const { status, body, headers } = toErrorResponse(
      err,
      (c.get('logger') ?? logger).child({ reqId: c.get('requestId') }),
    );
    return c.json(body, status, headers);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.route('/', healthRoutes(deps.probes));
  app.route(API_PREFIX, authRoutes(services.auth, services.org, config.PUBLIC_URL?.startsWith('https:') ?? false));
  app.route(API_PREFIX, orgRoutes(services.org));
  app.route(API_PREFIX, procedureRoutes(services.procedures));
  app.route(API_PREFIX, noticeRoutes(services.notices));
  app.route(API_PREFIX, alertRoutes(services.alerts));
  app.route(API_PREFIX, displayRoutes(services.screens));
  app.route(API_PREFIX, screensRoutes(services.screens, services.org));
  app.route(API_PREFIX, rolloutsRoutes(services.rollouts));
  app.route(API_PREFIX, devicesRoutes(services.devices, services.org, deps.telemetry?.commands));
  if (deps.telemetry)
    app.route(API_PREFIX, telemetryRoutes(deps.telemetry, services.devices, services.org, services.auth));
  app.route(API_PREFIX, brandRoutes(services.brand));
  app.route(API_PREFIX, facilityRoutes(services.facility, services.org));
  app.route(API_PREFIX, auditRoutes(services.audit, services.org));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'hcpv_session',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'HCPV API',
      version: '1',
      description: 'Hành chính phục vụ — brand signage and facility telemetry for one-stop administrative offices',
    },
  });
  app.route('/', docsRoutes());
  if (deps.displaysDir) app.route('/', staticRoutes(deps.displaysDir));
  return app;
}
