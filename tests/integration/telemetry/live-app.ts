/**
 * The real app with MQTT ingest (embedded Aedes on port 0, or an external broker) wired the way
 * main.ts wires it — device commands on the broker — served over real HTTP on port 0.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createIngestApp, type IngestApp } from '../devices/ingest-app.js';
import { createApp } from '../../../server/app.js';
import { silentLogger } from '../../../server/core/logger.js';
import { commandPublisherFor } from '../../../devices/commands.js';

export interface LiveApp extends IngestApp {
  /** The app as main.ts builds it (commands on the broker). */
  full: ReturnType<typeof createApp>;
  /** Base URL of `full` served on a loopback port. */
  base: string;
  /** A request to `full` over real HTTP with a bearer token and an optional JSON body. */
  fetch(path: string, token: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

export async function createLiveApp(env: Record<string, string> = {}): Promise<LiveApp> {
  const t = await createIngestApp(env);
  const full = createApp({
    config: t.config,
    services: t.services,
    logger: silentLogger(),
    probes: t.ingest.probes,
    telemetry: {
      pipeline: t.ingest.pipeline,
      store: t.ingest.store,
      now: () => t.clock.now(),
      commands: commandPublisherFor(t.ingest),
    },
  });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: full.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    ...t,
    full,
    base,
    fetch: (path, token, init = {}) =>
      fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    shutdown: async () => {
      await new Promise<void>((resolve) => {
        if (!server) return resolve();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await t.shutdown();
    },
  };
}
