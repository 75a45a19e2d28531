import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { createIngestApp, publish, type IngestApp } from './ingest-app.js';
import { startMosquitto, type Mosquitto } from './servers.js';
import { topicOf } from '../../../devices/contract.js';

const SITE = 'hn-p-ba-dinh';
const OCC = `${SITE}-occupancy-sensor`;

let broker: Mosquitto;
let t: IngestApp;
beforeAll(async () => {
  broker = await startMosquitto();
  t = await createIngestApp({ MQTT_URL: broker.url });
});
afterAll(async () => {
  await t.shutdown();
  await broker.stop();
});

describe('external broker (real Mosquitto): the server subscribes as a client', () => {
  it('runs no embedded broker and ingests, validates and quarantines what devices publish', async () => {
    expect(t.ingest.broker).toBeUndefined();
    expect(t.ingest.client?.connected).toBe(true);
    // Mosquitto authenticates devices itself; this one is anonymous for the test.
    const dev = await mqtt.connectAsync(broker.url, { clientId: OCC, reconnectPeriod: 0 });
    await publish(dev, SITE, OCC, 'status', { state: 'online' }, true);
    for (let i = 0; i < 50; i++)
      await publish(dev, SITE, OCC, 'telemetry', { ts: t.clock.now() - 50_000 + i * 1000, values: { people: i } });
    await publish(dev, SITE, 'hn-ghost', 'telemetry', { people: 3 });
    await publish(dev, 'hn-p-ngoc-ha', OCC, 'telemetry', { people: 3 });
    await publish(dev, SITE, OCC, 'telemetry', '{oops');
    // The server's own commands to devices are not ingest.
    await t.ingest.client?.publishAsync(topicOf(SITE, OCC, 'command'), '{"cmd":"reboot"}', { qos: 1 });
    await dev.endAsync();
    const until = Date.now() + 10_000;
    while (t.ingest.pipeline.getStats().received < 55 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    await t.settle();
    const stats = t.ingest.pipeline.getStats();
    expect(stats.accepted).toBe(51);
    expect(stats.quarantined).toMatchObject({ unknown_device: 1, wrong_site: 1, bad_json: 1, bad_topic: 0 });
    const rows = await t.ingest.store.query({
      deviceId: OCC,
      field: 'people',
      from: 0,
      to: t.clock.now() + 1,
      resolution: 'raw',
      limit: 1000,
    });
    expect(rows.map((r) => r.mean)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(t.ingest.pipeline.live.get(OCC)).toMatchObject({ online: true, values: { people: 49 } });
  });
});
