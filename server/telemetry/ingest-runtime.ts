/**
 * Wires MQTT ingest for one server process: the telemetry store (SQLite, or InfluxDB behind
 * its outbox), the pipeline, and either the embedded Aedes broker with device auth hooks or a
 * client of the external broker (MQTT_URL). main.ts opens the database files and passes them.
 */
import type { MqttClient } from 'mqtt';
import type { Config } from '../../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/database.js';
import type { ReadinessProbe } from '../health/health.routes.js';
import type { DeviceService } from '../devices/devices.service.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../devices/broker.js';
import { deviceBrokerHooks } from '../../devices/broker-auth.js';
import { connectExternalBroker } from '../../devices/external-client.js';
import { COMMAND_CHANNEL, QUARANTINE_PAYLOAD_CHARS, topicOf } from '../../devices/contract.js';
import type { QuarantineEntry, QuarantineSink, TelemetryPoint } from '../../devices/ingest-types.js';
import { IngestPipeline } from '../../devices/ingest/pipeline.js';
import type { TelemetryStore } from './telemetry-store.js';
import { SqliteTelemetryStore } from './sqlite-telemetry.store.js';
import { InfluxTelemetryStore } from './influx-telemetry.store.js';

/** Batches with the SQLite writer thread at once (its bound too): a few keep it busy, pending stays under the high-water mark. */
const SQLITE_BATCHES_IN_FLIGHT = 4;

export interface IngestRuntimeDeps {
  config: Config;
  devices: DeviceService;
  clock: Clock;
  logger: Logger;
  /** SQLite file for telemetry (used when INFLUX_URL is unset). */
  telemetryDb: Db;
  /** SQLite file for the InfluxDB outbox (required when INFLUX_URL is set). */
  outboxDb?: Db;
  /** Host for the embedded broker (defaults to config.HOST). */
  mqttHost?: string;
}

export interface IngestRuntime {
  pipeline: IngestPipeline;
  store: TelemetryStore;
  broker: EmbeddedBroker | undefined;
  client: MqttClient | undefined;
  probes: ReadinessProbe[];
  close(): Promise<void>;
}

export function createTelemetryStore(
  d: Pick<IngestRuntimeDeps, 'config' | 'clock' | 'logger' | 'telemetryDb' | 'outboxDb'> & {
    /** Where points the store cannot write go, with the reason (never dropped silently). */
    quarantine?: QuarantineSink;
  },
): TelemetryStore {
  const retention = {
    raw: d.config.TELEMETRY_RAW_DAYS,
    minute: d.config.TELEMETRY_MINUTE_DAYS,
    hour: d.config.TELEMETRY_HOUR_DAYS,
  };
  if (!d.config.INFLUX_URL) {
    const quarantine = d.quarantine;
    return new SqliteTelemetryStore(d.telemetryDb, retention, {
      maxInFlight: SQLITE_BATCHES_IN_FLIGHT,
      ...(quarantine && { onRejected: (rejected) => quarantine.add(rejected.map((r) => unstored(r, d.clock.now()))) }),
    });
  }
  if (!d.outboxDb) throw new Error('INFLUX_URL is set but no outbox database was given');
  return new InfluxTelemetryStore({
    url: d.config.INFLUX_URL,
    retention,
    outboxDb: d.outboxDb,
    now: () => d.clock.now(),
    onError: (err, retryInMs) =>
      d.logger.warn(
        { err: err instanceof Error ? err.message : String(err), retryInMs },
        'InfluxDB unreachable; writes wait in the outbox',
      ),
  });
}

export async function startIngest(d: IngestRuntimeDeps): Promise<IngestRuntime> {
  const { config, devices, clock, logger } = d;
  const store = createTelemetryStore({ ...d, quarantine: devices });
  if (store instanceof InfluxTelemetryStore) {
    await store
      .init()
      .catch((err: unknown) =>
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'InfluxDB not reachable at start; will retry',
        ),
      );
  }
  const pipeline = new IngestPipeline({
    directory: devices,
    sink: store,
    quarantine: devices,
    now: () => clock.now(),
    batchSize: config.INGEST_BATCH_SIZE,
    flushMs: config.INGEST_FLUSH_MS,
    // The SQLite writer thread commits batch after batch while this thread is busy with the broker
    // (not waiting for it to take each answer); the InfluxDB outbox writes on this thread.
    maxInFlight: store.kind === 'sqlite' ? SQLITE_BATCHES_IN_FLIGHT : 1,
  });
  pipeline.start();
  pipeline.events.on('storeError', (e) => logger.warn(e, 'telemetry store write failed; retrying'));
  const pruneTimer = setInterval(() => void store.prune(clock.now()), 3_600_000).unref();

  // With every message, take what the SQLite writer thread has answered since the last one.
  const takeAnswers = store instanceof SqliteTelemetryStore ? () => store.poll() : () => undefined;
  let broker: EmbeddedBroker | undefined;
  let client: MqttClient | undefined;
  if (config.MQTT_URL) {
    client = await connectExternalBroker(
      { url: config.MQTT_URL, username: config.MQTT_USERNAME, password: config.MQTT_PASSWORD, now: () => clock.now() },
      pipeline,
    );
    client.on('message', takeAnswers);
  } else {
    const hooks = deviceBrokerHooks(devices, pipeline);
    broker = await startEmbeddedBroker(config.MQTT_PORT, d.mqttHost ?? config.HOST, hooks);
    broker.aedes.on('clientDisconnect', (c) => hooks.forget(c));
    broker.aedes.on('publish', (packet, c) => {
      if (packet.topic.startsWith('$SYS/')) return;
      if (!c && packet.topic.endsWith(`/${COMMAND_CHANNEL}`)) return;
      pipeline.accept(
        packet.topic,
        packet.payload instanceof Buffer ? packet.payload : Buffer.from(packet.payload),
        clock.now(),
        hooks.deviceOf(c)?.id,
      );
      takeAnswers();
    });
    // A rotated or decommissioned device loses its open sessions at once.
    devices.onChange((change) => {
      if (change.kind === 'provisioned') return;
      for (const c of hooks.clientsOf(change.device.id)) c.close();
    });
  }

  const probes: ReadinessProbe[] = [
    { name: 'telemetry-store', check: () => store.ready() },
    broker
      ? { name: 'mqtt-broker', check: () => broker.isReady() }
      : { name: 'mqtt-client', check: () => client?.connected ?? false },
  ];

  return {
    pipeline,
    store,
    broker,
    client,
    probes,
    close: async () => {
      clearInterval(pruneTimer);
      await broker?.close();
      if (client) await client.endAsync();
      await pipeline.stop();
      await store.close();
    },
  };
}

/** A point the store refused, as a quarantine entry (reason `internal`: ingest let it through). */
function unstored(r: { point: TelemetryPoint; reason: string }, at: number): QuarantineEntry {
  const p = r.point;
  return {
    at,
    reason: 'internal',
    topic: topicOf(p.siteId, p.deviceId, p.measurement),
    deviceId: p.deviceId,
    siteId: p.siteId,
    ownerSiteId: p.siteId,
    payload: JSON.stringify({ ts: p.ts, values: p.fields }).slice(0, QUARANTINE_PAYLOAD_CHARS),
    detail: `not stored: ${r.reason}`.slice(0, 300),
  };
}
