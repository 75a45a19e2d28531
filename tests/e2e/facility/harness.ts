/**
 * E2E harness for the facility dashboard: the real app with MQTT ingest (embedded Aedes on a
 * free loopback port, SQLite telemetry) and freshly built display bundles, served on port 0;
 * demo devices that connect with their own derived secrets; Debian Chromium with SwiftShader
 * WebGL so the 3D floor renders headless.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import mqtt, { type MqttClient } from 'mqtt';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../../config/config.js';
import { demoCity, type DemoCity } from '../../../config/demo-city.js';
import { systemClock } from '../../../server/core/clock.js';
import { silentLogger } from '../../../server/core/logger.js';
import { serveOptions } from '../../../server/http-server.js';
import { migrate, openDatabase, type Db } from '../../../server/db/database.js';
import { allMigrations } from '../../../server/db/schema.js';
import { createServices, type Services } from '../../../server/services.js';
import { createApp } from '../../../server/app.js';
import { seedDemoCity } from '../../../server/seed/seed.js';
import { startIngest, type IngestRuntime } from '../../../server/telemetry/ingest-runtime.js';
import { demoDeviceSecret } from '../../../server/devices/demo-secrets.js';
import { topicOf, type Channel } from '../../../devices/contract.js';
import { buildDisplays } from '../../../scripts/build-displays.js';
import { connectIngest } from '../../../server/facility/ingest-adapter.js';
import { startLiveFeed } from '../../../server/telemetry/live-feed.js';
import { commandPublisherFor } from '../../../devices/commands.js';
import { defaultAlarmRulesInput } from '../../../config/alarm-rules.js';
import type { Role } from '../../../server/auth/roles.js';

export const PASSWORD = 'correct horse battery staple';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL in software: SwiftShader through ANGLE.
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

let built: Promise<string> | undefined;
export function builtDisplays(): Promise<string> {
  built ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'hcpv-facility-displays-'));
    await buildDisplays(out);
    return out;
  })();
  return built;
}

export interface FacilityServer {
  base: string;
  city: DemoCity;
  services: Services;
  ingest: IngestRuntime;
  addUser(username: string, grants: { role: Role; orgId: string }[]): Promise<void>;
  /** Connect a demo device over MQTT with its own credentials and announce it online. */
  device(deviceId: string): Promise<DeviceClient>;
  stop(): Promise<void>;
}

export interface DeviceClient {
  client: MqttClient;
  publish(channel: Channel, body: unknown): Promise<void>;
}

export async function startFacilityServer(): Promise<FacilityServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-facility-e2e-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', MQTT_PORT: '0', INGEST_FLUSH_MS: '50' });
  const db: Db = openDatabase(join(dir, 'hcpv.db'));
  migrate(db, allMigrations);
  const telemetryDb = openDatabase(join(dir, 'telemetry.db'));
  const logger = silentLogger();
  // The shipped rules, with the flapping window cut from 60 s to 1 s so the journey does not wait.
  const alarmRulesSource = () => ({ ...defaultAlarmRulesInput, flapping: { raiseAfterS: 1, clearAfterS: 300 } });
  const services = createServices({ config, db, clock: systemClock, logger, alarmRulesSource });
  const city = demoCity();
  const key = randomBytes(32);
  seedDemoCity(services, city, { demoDeviceKey: key });
  const ingest = await startIngest({
    config,
    devices: services.devices,
    clock: systemClock,
    logger,
    telemetryDb,
    mqttHost: '127.0.0.1',
  });
  // As main.ts: device state and queue events feed alarms and work orders; time rules tick.
  const stopFacility = connectIngest(ingest.pipeline.events, services.devices, services.facility.hub, () =>
    systemClock.now(),
  );
  const tick = setInterval(() => services.facility.hub.tick(systemClock.now()), 1_000);
  // …and the dashboards' live stream.
  const live = startLiveFeed({
    pipeline: ingest.pipeline,
    org: services.org,
    facility: services.facility,
    now: () => systemClock.now(),
  });
  const app = createApp({
    config,
    services,
    logger,
    probes: ingest.probes,
    telemetry: {
      pipeline: ingest.pipeline,
      store: ingest.store,
      now: () => systemClock.now(),
      commands: commandPublisherFor(ingest),
      stream: live.feed,
    },
    displaysDir: await builtDisplays(),
  });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    const served = serveOptions({ app, services, config, logger });
    server = serve({ ...served, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    server.once('error', reject);
  });
  const brokerPort = ingest.broker?.port;
  if (brokerPort === undefined) throw new Error('embedded broker did not start');
  const clients: MqttClient[] = [];
  return {
    base: `http://127.0.0.1:${port}`,
    city,
    services,
    ingest,
    addUser: async (username, grants) => {
      await services.auth.createUser(
        { kind: 'system', id: 'e2e' },
        { username, displayName: username, homeOrgId: grants[0]?.orgId ?? 'hn', password: PASSWORD, grants },
      );
    },
    device: async (deviceId) => {
      const d = city.devices.find((x) => x.id === deviceId);
      if (!d) throw new Error(`no demo device ${deviceId}`);
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
        username: deviceId,
        password: demoDeviceSecret(key, deviceId),
        clientId: deviceId,
        reconnectPeriod: 0,
        will: {
          topic: topicOf(d.siteId, deviceId, 'status'),
          payload: Buffer.from('{"state":"offline"}'),
          qos: 1,
          retain: true,
        },
      });
      clients.push(client);
      const publish = async (channel: Channel, body: unknown) => {
        await client.publishAsync(topicOf(d.siteId, deviceId, channel), JSON.stringify(body), {
          qos: 1,
          retain: channel === 'status',
        });
      };
      await publish('status', { state: 'online', fw: '1.0.0' });
      return { client, publish };
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      clearInterval(tick);
      stopFacility();
      live.stop();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await ingest.close();
      telemetryDb.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Sign in through the dashboard's own form. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/facility/`);
  await page.locator('hcpv-login input[name=username]').fill(username);
  await page.locator('hcpv-login input[name=password]').fill(PASSWORD);
  await page.locator('hcpv-login button[type=submit]').click();
  await page.locator('hcpv-facility-app header').waitFor();
}

/** Evaluate inside the page against the floor element (found through shadow roots). */
export const FIND_FLOOR = `(() => {
  const walk = (root) => {
    const hit = root.querySelector('hcpv-facility-floor');
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const f = walk(el.shadowRoot); if (f) return f; }
    return null;
  };
  return walk(document);
})()`;
