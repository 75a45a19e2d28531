/**
 * How the app is put on a port: @hono/node-server's `serve` with the screens' fast path in
 * front of the app (see screens/fast-path.ts). main.ts, the fanout bench and the tests that
 * run a real HTTP server all serve through this, so they exercise the same request path.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Config } from '../config/config.js';
import type { Logger } from './core/logger.js';
import type { Services } from './services.js';
import { screenFastPath } from './screens/fast-path.js';

export interface ServeDeps {
  app: { fetch: (req: Request, env?: unknown) => Response | Promise<Response> };
  services: Pick<Services, 'screens'>;
  config: Pick<Config, 'BODY_LIMIT_BYTES'>;
  logger: Logger;
}

/** The `fetch` and `createServer` options for `serve(...)`. */
export function serveOptions(deps: ServeDeps): { fetch: ServeDeps['app']['fetch']; createServer: typeof createServer } {
  const fast = screenFastPath({
    screens: deps.services.screens,
    fetch: (req) => deps.app.fetch(req),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    logger: deps.logger,
  });
  const wrap =
    (listener: RequestListener): RequestListener<typeof IncomingMessage, typeof ServerResponse> =>
    (req, res) => {
      if (!fast(req, res)) void listener(req, res);
    };
  const withFastPath = ((options: object, listener?: RequestListener) =>
    listener ? createServer(options, wrap(listener)) : createServer(options)) as typeof createServer;
  return { fetch: deps.app.fetch, createServer: withFastPath };
}
