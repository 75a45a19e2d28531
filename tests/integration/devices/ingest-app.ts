/** The real app with MQTT ingest (embedded Aedes on port 0, or an external broker) for device tests. */
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { openDatabase } from '../../../server/db/database.js';
import { silentLogger } from '../../../server/core/logger.js';
import { createApp } from '../../../server/app.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { startIngest, type IngestRuntime } from '../../../server/telemetry/ingest-runtime.js';
import { topicOf, type Channel } from '../../../devices/contract.js';

export interface IngestApp extends TestApp {
  ingest: IngestRuntime;
  api: ReturnType<typeof createApp>;
  mqttUrl: string;
  /** A fresh secret for a device (rotating it through the service). */
  secretOf(deviceId: string): string;
  connect(deviceId: string, secret: string, opts?: IClientOptions): Promise<MqttClient>;
  /** GET on the app with telemetry routes. */
  get(path: string, token: string): Promise<Response>;
  /** Wait until the pipeline has flushed everything. */
  settle(): Promise<void>;
  shutdown(): Promise<void>;
}

export async function createIngestApp(env: Record<string, string> = {}): Promise<IngestApp> {
  const t = await createTestApp({ env: { MQTT_PORT: '0', INGEST_FLUSH_MS: '20', ...env } });
  const telemetryDb = openDatabase(join(t.dir, 'telemetry.db'));
  const outboxDb = openDatabase(join(t.dir, 'influx-outbox.db'));
  const logger = silentLogger();
  const ingest = await startIngest({
    config: t.config,
    devices: t.services.devices,
    clock: t.clock,
    logger,
    telemetryDb,
    outboxDb,
    mqttHost: '127.0.0.1',
  });
  const api = createApp({
    config: t.config,
    services: t.services,
    logger,
    probes: ingest.probes,
    telemetry: { pipeline: ingest.pipeline, store: ingest.store, now: () => t.clock.now() },
  });
  const mqttUrl = ingest.broker ? `mqtt://127.0.0.1:${ingest.broker.port}` : (t.config.MQTT_URL ?? '');
  const clients: MqttClient[] = [];
  return {
    ...t,
    ingest,
    api,
    mqttUrl,
    secretOf: (id) => t.services.devices.rotateSecret(SYSTEM_ACTOR, id).secret,
    connect: async (deviceId, secret, opts = {}) => {
      const c = await mqtt.connectAsync(mqttUrl, {
        username: deviceId,
        password: secret,
        clientId: `${deviceId}-${clients.length}`,
        reconnectPeriod: 0,
        ...opts,
      });
      clients.push(c);
      return c;
    },
    get: (path, token) => Promise.resolve(api.request(path, { headers: { authorization: `Bearer ${token}` } })),
    settle: async () => {
      await new Promise((r) => setTimeout(r, 60));
      await ingest.pipeline.flush();
    },
    shutdown: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await ingest.close();
      telemetryDb.close();
      outboxDb.close();
      t.close();
    },
  };
}

export const publish = (
  c: MqttClient,
  siteId: string,
  deviceId: string,
  channel: Channel,
  body: unknown,
  retain = false,
) =>
  c.publishAsync(topicOf(siteId, deviceId, channel), typeof body === 'string' ? body : JSON.stringify(body), {
    qos: 1,
    retain,
  });
