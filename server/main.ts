/**
 * The one place that opens files, ports and connections. Everything else is built by
 * factories from what this passes in.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { demoCity } from '../config/demo-city.js';
import { systemClock } from './core/clock.js';
import { createLogger } from './core/logger.js';
import { migrate, openDatabase } from './db/database.js';
import { startCheckpointer } from './db/checkpointer.js';
import { allMigrations } from './db/schema.js';
import { createServices } from './services.js';
import { createApp } from './app.js';
import { serveOptions } from './http-server.js';
import { SEED_ACTOR, seedDemoCity } from './seed/seed.js';
import { seedNotices, seedProcedures } from './seed/seed-content.js';
import { startIngest } from './telemetry/ingest-runtime.js';
import { commandPublisherFor } from '../devices/commands.js';
import { startLiveFeed } from './telemetry/live-feed.js';
import { connectIngest } from './facility/ingest-adapter.js';
import { ScreenWatcher } from './facility/screens-adapter.js';
import { DEMO_DEVICE_KEY_FILE } from './devices/demo-secrets.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ReadinessProbe } from './health/health.routes.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'hcpv.db'));
  const applied = migrate(db, allMigrations);
  if (applied.length) logger.info({ applied: applied.length }, 'database migrated');
  const clock = systemClock;
  // Alarm rules file: read here (the one place that opens files), re-read on each reload.
  const rulesFile = config.ALARM_RULES_FILE ? resolve(config.ALARM_RULES_FILE) : undefined;
  const alarmRulesSource = rulesFile ? (): unknown => JSON.parse(readFileSync(rulesFile, 'utf8')) : undefined;
  const services = createServices({ config, db, clock, logger, ...(alarmRulesSource ? { alarmRulesSource } : {}) });
  const city = demoCity();
  if (config.SEED_DEMO) {
    // DEMO ONLY: the key demo device secrets derive from, so `npm run simulate` can log in.
    const keyFile = join(dataDir, DEMO_DEVICE_KEY_FILE);
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    const report = seedDemoCity(services, city, { demoDeviceKey: readFileSync(keyFile) });
    if (report.unitsAdded) logger.info(report, 'demo city seeded');
    const procedures = seedProcedures(
      services,
      city.city.id,
      readFileSync(resolve('config/procedures/thu-tuc-cap-xa.json'), 'utf8'),
    );
    const notices = seedNotices(services, city.city.id, new Date(clock.now()).toISOString());
    if (procedures || notices) logger.info({ procedures, notices }, 'demo procedures and notices seeded');
    if (!services.brand.currentRelease(city.city.id)) {
      const { release } = await services.brand.createRelease(SEED_ACTOR, city.city.id, 'Bản phát hành đầu tiên (demo)');
      logger.info({ release: release.id }, 'first brand release compiled');
    }
  }
  // Only now, after the start-up writes (migrations, the demo seed: thousands of small
  // transactions): while the worker checkpoints, the WAL is reset only between commits that find
  // it fully copied, and a seed on the main thread never leaves it that chance (it grew to 66 MB
  // for a 3 MB database, more than the disk-full test's 48 MB disk). With SQLite's own
  // auto-checkpoint until here, the WAL stays near 4 MB.
  const checkpointer = startCheckpointer(db, {
    onError: (err) => logger.error({ err }, 'WAL checkpoint worker failed; checkpointing in commits again'),
  });
  // The demo screen gets a fresh token on every start (the previous one stops working). It travels
  // in the URL fragment, which browsers never send, so it reaches no server or proxy log.
  const demoScreen = config.SEED_DEMO ? city.screens[0] : undefined;
  const demoToken =
    demoScreen && services.screens.store.get(demoScreen.id) ? services.screens.issueToken(demoScreen.id) : undefined;
  const demoScreenLink = (base: string) =>
    demoToken ? `${base}/display#token=${demoToken}` : `${base}/display (shows a pairing code)`;
  const rootId = services.org.list({ kind: 'city' })[0]?.id;
  if (!rootId) throw new Error('No city unit: set SEED_DEMO=true for a first start');
  const generated = await services.auth.ensureFirstAdmin(rootId, config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
  if (generated) {
    // Printed once, on stdout only, never logged: there is no fixed default password.
    process.stdout.write(
      `\n  First city admin created.\n  user: ${config.ADMIN_USERNAME}\n  password: ${generated}\n  (shown only now; change it after signing in)\n\n`,
    );
  }

  const probes: ReadinessProbe[] = [{ name: 'state-store', check: () => db.prepare('SELECT 1').get() !== undefined }];
  const telemetryDb = openDatabase(join(dataDir, 'telemetry.db'));
  const outboxDb = config.INFLUX_URL ? openDatabase(join(dataDir, 'influx-outbox.db')) : undefined;
  const ingest = await startIngest({
    config,
    devices: services.devices,
    clock,
    logger,
    telemetryDb,
    ...(outboxDb ? { outboxDb } : {}),
  });
  const broker = ingest.broker;
  probes.push(...ingest.probes);
  // Queue calls from counter terminals go live to the lobby screens of their site.
  services.screens.connectQueueCalls(ingest.pipeline.events);
  // …and people waiting per service, throttled per site.
  const stopQueueStats = services.screens.connectQueueMetrics(ingest.pipeline.events);
  // Facility management: device state, values and queue events feed alarms, work orders and
  // usage counters; lobby screens are polled from the fleet; time-based rules run on a tick.
  const stopFacilityIngest = connectIngest(ingest.pipeline.events, services.devices, services.facility.hub, () =>
    clock.now(),
  );
  // The dashboards' live stream: device state, queue metrics, alarms and work orders, coalesced.
  const live = startLiveFeed({
    pipeline: ingest.pipeline,
    org: services.org,
    facility: services.facility,
    now: () => clock.now(),
  });
  const screenWatcher = new ScreenWatcher(services.screens, services.facility.hub);
  const facilityTimer = setInterval(() => {
    try {
      const now = clock.now();
      screenWatcher.poll(now);
      services.facility.hub.tick(now);
    } catch (err) {
      logger.error({ err }, 'facility tick failed');
    }
  }, config.FACILITY_TICK_MS).unref();

  const app = createApp({
    config,
    services,
    logger,
    probes,
    telemetry: {
      pipeline: ingest.pipeline,
      store: ingest.store,
      now: () => clock.now(),
      commands: commandPublisherFor(ingest),
      stream: live.feed,
    },
    displaysDir: resolve('build/displays'),
  });
  const requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  const serverOptions = {
    requestTimeout,
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout),
    // Node checks the timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, requestTimeout),
  };
  const served = serveOptions({ app, services, config, logger });
  const server = serve({ ...served, port: config.PORT, hostname: config.HOST, serverOptions }, (info) => {
    const base = config.PUBLIC_URL ?? `http://localhost:${info.port}`;
    logger.info({ port: info.port, mqtt: broker ? broker.port : config.MQTT_URL }, 'HCPV listening');
    process.stdout.write(
      [
        '',
        `  HCPV — Hành chính phục vụ`,
        `  Admin console:       ${base}/admin`,
        `  Facility dashboard:  ${base}/facility`,
        `  Demo screen:         ${demoScreenLink(base)}`,
        `  API docs:            ${base}/api/docs`,
        `  MQTT:                ${broker ? `mqtt://localhost:${broker.port} (embedded)` : config.MQTT_URL}`,
        '',
      ].join('\n') + '\n',
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    clearInterval(facilityTimer);
    stopFacilityIngest();
    live.stop();
    stopQueueStats();
    await ingest.close();
    telemetryDb.close();
    outboxDb?.close();
    // Screen writes still queued for their group commit (their requests are waiting on it).
    services.screens.flushWrites();
    // The journals of acks and target states into their rows (they are durable either way).
    services.rollouts.store.fold();
    await checkpointer.stop();
    db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`HCPV failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
