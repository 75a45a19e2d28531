/**
 * With MQTT_URL set the server runs no broker: it subscribes to the external broker
 * (Mosquitto, EMQX) as a client and feeds the same ingest pipeline. The broker authenticates
 * devices itself; ingest still refuses unknown devices and wrong sites. PUBACKs are held while
 * the pipeline is over its high-water mark, so the broker slows down instead of losing data.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { COMMAND_CHANNEL, TOPIC_ROOT } from './contract.js';
import type { IngestPipeline } from './ingest/pipeline.js';

export interface ExternalClientOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  clientId?: string;
  now: () => number;
}

export async function connectExternalBroker(o: ExternalClientOptions, pipeline: IngestPipeline): Promise<MqttClient> {
  const client = mqtt.connect(o.url, {
    clientId: o.clientId ?? `hcpv-ingest-${process.pid}`,
    // A persistent session: QoS 1 messages published while the server restarts wait at the broker.
    clean: false,
    reconnectPeriod: 1_000,
    ...(o.username === undefined ? {} : { username: o.username }),
    ...(o.password === undefined ? {} : { password: o.password }),
  });
  client.handleMessage = (packet, done) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    // Commands are the server's own messages to devices, not ingest.
    if (!packet.topic.endsWith(`/${COMMAND_CHANNEL}`)) pipeline.accept(packet.topic, payload, o.now());
    if (!pipeline.pressure()) return done();
    void pipeline.whenReady().then(() => done());
  };
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      client.end(true);
      reject(err);
    };
    client.once('error', fail);
    client.once('connect', () => {
      client.off('error', fail);
      client.subscribe(`${TOPIC_ROOT}/+/+/+`, { qos: 1 }, (err) => (err ? fail(err) : resolve()));
    });
  });
  return client;
}
