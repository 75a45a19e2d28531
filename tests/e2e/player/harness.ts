/**
 * E2E harness for the lobby-screen player: the real app (SQLite in a temp dir, real services,
 * the built display bundles) served on a loopback port, restartable on the same port and data
 * (a server restart as the screen sees it), and a real Debian Chromium with a persistent profile
 * (a browser restart keeps its Service Worker and caches).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext } from 'playwright-core';
import { loadConfig } from '../../../config/config.js';
import { demoCity } from '../../../config/demo-city.js';
import { systemClock } from '../../../server/core/clock.js';
import { silentLogger } from '../../../server/core/logger.js';
import { serveOptions } from '../../../server/http-server.js';
import { migrate, openDatabase, type Db } from '../../../server/db/database.js';
import { allMigrations } from '../../../server/db/schema.js';
import { createServices, type Services } from '../../../server/services.js';
import { createApp } from '../../../server/app.js';
import { seedDemoCity } from '../../../server/seed/seed.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { buildDisplays } from '../../../scripts/build-displays.js';
import { pairingPollSchema, pairingStartSchema } from '../../../displays/shared/protocol.js';
import type { Role } from '../../../server/auth/roles.js';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';

export const PASSWORD = 'correct horse battery staple';

let built: Promise<string> | undefined;
/** Build the display bundles once per test process into a temp folder. */
export function builtDisplays(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'hcpv-displays-'));
    // Only the player: the other apps' builds are not this suite's concern.
    await buildDisplays(out, ['player']);
    return out;
  })();
  return built;
}

export interface RunningServer {
  base: string;
  port: number;
  services: Services;
  queue: EventEmitter<{
    queueCall: [{ siteId: string; counter: number; ticket: string; service: string; at: number }];
  }>;
  /**
   * The real ingest pipeline (no broker: messages go to `accept` as the broker would hand them
   * over), wired to the screens like main.ts: queue calls and people waiting per service.
   */
  pipeline: IngestPipeline;
  /** A device's MQTT message, e.g. a ticket event from a site's queue kiosk. */
  publish(siteId: string, deviceId: string, body: unknown): void;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  login(username: string, grants: { role: Role; orgId: string }[]): Promise<string>;
  stop(): Promise<void>;
}

/** Start the server on `dataDir` (seeding it the first time) on `port` (0 = any free port). */
export async function startServer(
  dataDir: string,
  opts: { port?: number; seed?: boolean } = {},
): Promise<RunningServer> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const db: Db = openDatabase(join(dataDir, 'hcpv.db'));
  migrate(db, allMigrations);
  const logger = silentLogger();
  const services = createServices({ config, db, clock: systemClock, logger });
  if (opts.seed) {
    seedDemoCity(services, demoCity());
    const json = await import('node:fs').then((fs) =>
      fs.readFileSync(new URL('../../../config/procedures/thu-tuc-cap-xa.json', import.meta.url), 'utf8'),
    );
    const job = services.procedures.startImport(
      SYSTEM_ACTOR,
      { orgId: 'hn', format: 'json', content: json, mode: 'all-or-nothing', dryRun: false },
      () => true,
    );
    await services.procedures.waitForImport(job.id);
  }
  const queue: RunningServer['queue'] = new EventEmitter();
  services.screens.connectQueueCalls(queue);
  const pipeline = new IngestPipeline({
    directory: services.devices,
    sink: { write: () => Promise.resolve() },
    quarantine: services.devices,
    now: () => systemClock.now(),
  });
  services.screens.connectQueueCalls(pipeline.events);
  const stopQueueStats = services.screens.connectQueueMetrics(pipeline.events, { throttleMs: 500 });
  const publish: RunningServer['publish'] = (siteId, deviceId, body) =>
    pipeline.accept(topicOf(siteId, deviceId, 'event'), Buffer.from(JSON.stringify(body)), systemClock.now(), deviceId);
  const app = createApp({ config, services, logger, probes: [], displaysDir: await builtDisplays() });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve(
      { ...serveOptions({ app, services, config, logger }), port: opts.port ?? 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => resolve(info.port),
    );
    server.once('error', reject);
  });
  const base = `http://127.0.0.1:${port}`;
  const call: RunningServer['call'] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers['authorization'] = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    return fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  };
  const login: RunningServer['login'] = async (username, grants) => {
    if (!services.auth.store.userByName(username)) {
      await services.auth.createUser(SYSTEM_ACTOR, {
        username,
        displayName: username,
        homeOrgId: grants[0]?.orgId ?? 'hn',
        password: PASSWORD,
        grants,
      });
    }
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
    const json: unknown = await res.json();
    if (typeof json !== 'object' || json === null || !('token' in json) || typeof json.token !== 'string')
      throw new Error(`login ${username}: ${res.status}`);
    return json.token;
  };
  return {
    base,
    port,
    services,
    queue,
    pipeline,
    publish,
    call,
    login,
    stop: async () => {
      stopQueueStats();
      await pipeline.stop();
      await new Promise<void>((resolve) => {
        if (!server) return resolve();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      });
    },
  };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A Chromium with a persistent profile (closing and reopening it is a browser restart). */
export function openBrowser(
  profileDir: string,
  viewport: { width: number; height: number },
  serviceWorkers: 'allow' | 'block' = 'allow',
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
    serviceWorkers,
  });
}

/** Pair a screen through the API (as the screen would, then staff claim it); returns its credentials. */
export async function pairViaApi(
  s: RunningServer,
  staffToken: string,
  bind: { siteId: string; zoneId: string; profile: string; name: string; counter?: number },
): Promise<{ screenId: string; token: string }> {
  const start = pairingStartSchema.parse(await (await s.call('POST', '/api/v1/display/pairing')).json());
  const claim = await s.call('POST', '/api/v1/screens/claim', {
    token: staffToken,
    body: { code: start.code, ...bind },
  });
  if (claim.status !== 201) throw new Error(`claim: ${claim.status} ${await claim.text()}`);
  const poll = pairingPollSchema.parse(
    await (
      await s.call('GET', `/api/v1/display/pairing/${start.pairingId}`, {
        headers: { 'x-pairing-secret': start.pollSecret },
      })
    ).json(),
  );
  if (poll.status !== 'paired') throw new Error(`not paired: ${poll.status}`);
  return { screenId: poll.screenId, token: poll.token };
}

/** Publish a notice (editor → approver) showing these procedures and text on every screen under `orgId`. */
export async function publishNotice(
  s: RunningServer,
  orgId: string,
  input: { title: string; body?: string; procedureCodes?: string[] },
): Promise<string> {
  const editor = await s.login('e2e-editor', [{ role: 'notice-editor', orgId: 'hn' }]);
  const approver = await s.login('e2e-approver', [{ role: 'approver', orgId: 'hn' }]);
  const res = await s.call('POST', '/api/v1/notices', {
    token: editor,
    body: {
      title: { vi: input.title },
      ...(input.body ? { body: { vi: input.body } } : {}),
      procedureCodes: input.procedureCodes ?? [],
      target: { orgId },
      validFrom: new Date(Date.now() - 3_600_000).toISOString(),
      priority: 60,
    },
  });
  if (res.status !== 201) throw new Error(`notice: ${res.status} ${await res.text()}`);
  const json: unknown = await res.json();
  if (typeof json !== 'object' || json === null || !('id' in json) || typeof json.id !== 'string')
    throw new Error('notice without id');
  for (const [token, verb] of [
    [editor, 'submit'],
    [approver, 'approve'],
    [approver, 'publish'],
  ] as const) {
    const r = await s.call('POST', `/api/v1/notices/${json.id}/${verb}`, { token });
    if (r.status !== 200) throw new Error(`${verb}: ${r.status} ${await r.text()}`);
  }
  return json.id;
}
