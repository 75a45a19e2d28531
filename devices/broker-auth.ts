/**
 * Aedes hooks: authenticate each device (username = deviceId, password = its secret) against the
 * registry, let it publish only under its own `hcpv/v1/{siteId}/{deviceId}/#` (never to
 * `command`), subscribe only to its own command topic, and hold the PUBACK while the ingest
 * pipeline is over its high-water mark (backpressure reaches the device through MQTT flow control).
 */
import type { Client } from 'aedes';
import { COMMAND_CHANNEL, devicePrefix, parseTopic, topicOf } from './contract.js';
import type { DeviceInfo } from './ingest-types.js';
import type { BrokerHooks } from './broker.js';
import type { IngestPipeline } from './ingest/pipeline.js';

export interface DeviceAuthenticator {
  /** The active device whose secret this is, or undefined. Must be fast: runs on every CONNECT. */
  verify(deviceId: string, secret: string): DeviceInfo | undefined;
}

/** CONNACK return codes of MQTT 3.1.1. */
const BAD_USERNAME_OR_PASSWORD = 4;

class AuthError extends Error {
  constructor(readonly returnCode: 4 | 5) {
    super(returnCode === 4 ? 'bad user name or password' : 'not authorised');
  }
}

export interface DeviceBrokerHooks extends BrokerHooks {
  /** The device behind an Aedes client, once authenticated. */
  deviceOf(client: Client | null): DeviceInfo | undefined;
  /** Clients per device id, to disconnect a decommissioned or rotated device. */
  clientsOf(deviceId: string): Client[];
  /** Call on the broker's `clientDisconnect`. */
  forget(client: Client): void;
}

export function deviceBrokerHooks(auth: DeviceAuthenticator, pipeline: IngestPipeline): DeviceBrokerHooks {
  const devices = new WeakMap<Client, DeviceInfo>();
  const byId = new Map<string, Set<Client>>();

  return {
    deviceOf: (client) => (client ? devices.get(client) : undefined),
    clientsOf: (id) => [...(byId.get(id) ?? [])],
    forget(client) {
      const device = devices.get(client);
      if (!device) return;
      const set = byId.get(device.id);
      set?.delete(client);
      if (set?.size === 0) byId.delete(device.id);
    },
    authenticate(client, username, password, done) {
      const device = username && password ? auth.verify(username, password.toString('utf8')) : undefined;
      if (!device) return done(new AuthError(BAD_USERNAME_OR_PASSWORD), false);
      devices.set(client, device);
      const set = byId.get(device.id) ?? new Set<Client>();
      set.add(client);
      byId.set(device.id, set);
      done(null, true);
    },
    authorizePublish(client, packet, callback) {
      // The broker's own publishes (commands from the server) have no client.
      if (!client) return callback(null);
      const device = devices.get(client);
      const t = parseTopic(packet.topic);
      const own =
        device && packet.topic.startsWith(devicePrefix(device.siteId, device.id)) && t && t.channel !== COMMAND_CHANNEL;
      if (!device || !own) {
        pipeline.accept(
          packet.topic,
          packet.payload instanceof Buffer ? packet.payload : Buffer.from(packet.payload),
          undefined,
          device?.id ?? '(unauthenticated)',
        );
        return callback(new Error('not authorised to publish on this topic'));
      }
      if (!pipeline.pressure()) return callback(null);
      void pipeline.whenReady().then(() => callback(null));
    },
    authorizeSubscribe(client, sub, callback) {
      const device = devices.get(client);
      if (device && sub.topic === topicOf(device.siteId, device.id, COMMAND_CHANNEL)) return callback(null, sub);
      // A refused subscription is answered with 0x80 rather than a dropped connection.
      callback(null, null);
    },
  };
}
