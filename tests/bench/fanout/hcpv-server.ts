/**
 * The real HCPV server for the fanout bench: the app, services and SQLite of `npm start` on a
 * temp data dir, with N screens paired (tokens written to a file for the clients). On
 * `publish` it rolls a new brand release out to the whole city and times every ack.
 * Args: dataDir, port, fresh (1|0), screens.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../config/config.js';
import { demoCity } from '../../../config/demo-city.js';
import { SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import { systemClock } from '../../../server/core/clock.js';
import { createLogger } from '../../../server/core/logger.js';
import { migrate, openDatabase } from '../../../server/db/database.js';
import { allMigrations } from '../../../server/db/schema.js';
import { startCheckpointer } from '../../../server/db/checkpointer.js';
import { createServices } from '../../../server/services.js';
import { createApp } from '../../../server/app.js';
import { serveOptions } from '../../../server/http-server.js';
import { seedDemoCity } from '../../../server/seed/seed.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { onParentMessage, percentile, send, toServer } from './ipc.js';
import { startProfile } from './profile.js';

const [dataDir = '', portArg = '0', freshArg = '1', screensArg = '10000'] = process.argv.slice(2);
const N = Number(screensArg);
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' });
const db = openDatabase(join(dataDir, 'hcpv.db'));
migrate(db, allMigrations);
// As in server/main.ts: WAL checkpoints in a worker, not in the commits of screen requests.
startCheckpointer(db);
const logger = createLogger(config.LOG_LEVEL);
const services = createServices({ config, db, clock: systemClock, logger });
const tokensFile = join(dataDir, 'tokens.json');
const sampleFile = join(dataDir, 'manifest-sample.json');

if (freshArg === '1') {
  const city = demoCity();
  seedDemoCity(services, city);
  const sites = city.sites.map((s) => s.unit.id);
  const tokens: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `bench-${String(i).padStart(5, '0')}`;
      const profile = SCREEN_PROFILES[i % SCREEN_PROFILES.length] ?? 'landscape-1080';
      services.screens.seed(SYSTEM_ACTOR, {
        id,
        name: `Bench ${i}`,
        siteId: sites[i % sites.length] ?? 'hn-p-ba-dinh',
        zoneId: 'waiting',
        profile,
        counter: null,
        tags: ['bench'],
      });
      tokens.push(services.screens.issueToken(id));
    }
  })();
  writeFileSync(tokensFile, JSON.stringify(tokens));
  const { release } = await services.brand.createRelease(SYSTEM_ACTOR, 'hn', 'bench A');
  // For the floors: a real manifest, of the median size over one screen per site and profile.
  const sizes = Array.from({ length: Math.min(N, sites.length * SCREEN_PROFILES.length) }, (_, i) => {
    const screen = services.screens.store.get(`bench-${String(i).padStart(5, '0')}`);
    if (!screen) throw new Error(`bench screen ${i} missing`);
    return services.screens.manifests.build({ ...screen, releaseId: release.id }).body;
  }).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b));
  writeFileSync(sampleFile, sizes[Math.floor(sizes.length / 2)] ?? '{}');
}

const app = createApp({ config, services, logger, probes: [] });
const started = Date.now();
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();

// Every screen's acks, distinct screens, with the time each first acked since start.
const ackedAt = new Map<string, number>();
let publish: { releaseId: string; t0: number; lat: Map<string, number>; done: boolean } | undefined;
let stopProfile: (() => Promise<void>) | undefined;
let resyncWatch: number | undefined;
const resyncTimes: number[] = [];

function finishPublish(): void {
  if (!publish || publish.done) return;
  publish.done = true;
  void stopProfile?.();
  const lat = [...publish.lat.values()].sort((a, b) => a - b);
  const w = services.screens.writes.stats;
  logger.warn(
    { commits: w.commits, writes: w.writes, perCommit: Math.round(w.writes / Math.max(1, w.commits)) },
    'screen writes group-committed so far',
  );
  send({
    type: 'result',
    acked: lat.length,
    p50_ms: Math.round(percentile(lat, 50)),
    p99_ms: Math.round(percentile(lat, 99)),
    peak_rss_mb: Math.round(peakRss / 1048576),
  });
}

services.screens.on('ack', (e) => {
  const now = performance.now();
  if (!ackedAt.has(e.screenId)) {
    ackedAt.set(e.screenId, Date.now());
    resyncTimes.push(Date.now());
    if (resyncWatch !== undefined && resyncTimes.length === resyncWatch)
      send({ type: 'resynced', n: resyncWatch, at: Date.now() });
  }
  if (publish && !publish.done && e.releaseId === publish.releaseId && !publish.lat.has(e.screenId)) {
    publish.lat.set(e.screenId, now - publish.t0);
    if (publish.lat.size === N) finishPublish();
  }
});

onParentMessage(toServer, (m) => {
  if (m.cmd === 'count') send({ type: 'count', acked: ackedAt.size, connected: services.screens.hub.connectedCount() });
  else if (m.cmd === 'reset') {
    ackedAt.clear();
    resyncTimes.length = 0;
  } else if (m.cmd === 'watch-resync') {
    resyncWatch = m.n;
    const t = resyncTimes[m.n - 1];
    if (t !== undefined) send({ type: 'resynced', n: m.n, at: t });
  } else {
    void (async () => {
      stopProfile = await startProfile('hcpv-publish');
      // A new release (another accent colour), then the rollout to the whole city is what is timed.
      const kit = services.brand.cityKit('hn');
      services.brand.putCityKit(SYSTEM_ACTOR, 'hn', { ...kit, colors: { ...kit.colors, accent: '#F5C400' } });
      const { release } = await services.brand.createRelease(SYSTEM_ACTOR, 'hn', 'bench B');
      publish = { releaseId: release.id, t0: performance.now(), lat: new Map(), done: false };
      services.rollouts.create(SYSTEM_ACTOR, { releaseId: release.id, target: { orgId: 'hn', tags: ['bench'] } });
      const current = publish;
      setTimeout(() => current === publish && finishPublish(), 60_000).unref();
    })();
  }
});

const served = serveOptions({ app, services, config, logger });
const server = serve({ ...served, port: Number(portArg), hostname: '127.0.0.1' }, (info: AddressInfo) => {
  send({ type: 'ready', port: info.port, tokensFile, screens: N, manifestSample: sampleFile });
  logger.warn({ port: info.port, startupMs: Date.now() - started }, 'bench server ready');
});
// Same idle keep-alive as the baseline, so neither side's clients race a closing socket.
if ('keepAliveTimeout' in server) server.keepAliveTimeout = 65_000;
