/**
 * POST /api/v1/devices/{id}/commands publishes to the device's command topic (QoS 1) on the
 * broker ingest runs on: the embedded Aedes (the device logs in with its secret) and a real
 * Mosquitto (MQTT_URL). A real MQTT client subscribed as the device receives it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { errorOf } from '../../helpers/test-app.js';
import { startMosquitto, type Mosquitto } from '../devices/servers.js';
import { createLiveApp, type LiveApp } from './live-app.js';
import { commandMessageSchema, commandTopic, type CommandMessage } from '../../../devices/commands.js';
import { sentCommandSchema } from '../../../server/devices/devices.schemas.js';

const SITE = 'hn-p-ba-dinh';
const KIOSK = `${SITE}-queue-kiosk`;

let t: LiveApp | undefined;
let mosquitto: Mosquitto | undefined;
afterEach(async () => {
  await t?.shutdown();
  await mosquitto?.stop();
  t = undefined;
  mosquitto = undefined;
});

interface Received {
  message: CommandMessage;
  qos: number;
  retain: boolean;
  topic: string;
}

/** Subscribe as the device and collect what arrives on its command topic. */
async function listen(device: MqttClient): Promise<{ received: Received[]; next(): Promise<Received> }> {
  const received: Received[] = [];
  const waiters: ((r: Received) => void)[] = [];
  device.on('message', (topic, payload, packet) => {
    const r = {
      message: commandMessageSchema.parse(JSON.parse(payload.toString('utf8'))),
      qos: packet.qos,
      retain: packet.retain,
      topic,
    };
    received.push(r);
    waiters.shift()?.(r);
  });
  const granted = await device.subscribeAsync(commandTopic(SITE, KIOSK), { qos: 1 });
  expect(granted[0]?.qos).toBe(1);
  return {
    received,
    next: () =>
      new Promise<Received>((resolve, reject) => {
        waiters.push(resolve);
        setTimeout(() => reject(new Error('no command arrived')), 5_000);
      }),
  };
}

describe('device commands over the embedded Aedes', () => {
  it('publishes to the device’s command topic at QoS 1, audited, for device.manage in scope only', async () => {
    const app = await createLiveApp();
    t = app;
    const fm = await app.login('fm', [{ role: 'facility-manager', orgId: 'hn-cn01' }]);
    const device = await app.connect(KIOSK, app.secretOf(KIOSK), { clean: true });
    const inbox = await listen(device);
    const receivedBefore = app.ingest.pipeline.getStats().received;

    const arriving = inbox.next();
    const res = await app.fetch(`/api/v1/devices/${KIOSK}/commands`, fm, {
      method: 'POST',
      body: { command: 'set-config', args: { key: 'brightness', value: 80, night: true } },
    });
    expect(res.status).toBe(202);
    const sent = sentCommandSchema.parse(await res.json());
    const got = await arriving;
    expect(got).toMatchObject({ topic: commandTopic(SITE, KIOSK), qos: 1, retain: false });
    expect(got.message).toEqual({
      id: sent.id,
      command: 'set-config',
      args: { key: 'brightness', value: 80, night: true },
      at: app.clock.now(),
    });
    expect(sent).toMatchObject({ deviceId: KIOSK, topic: commandTopic(SITE, KIOSK), qos: 1 });
    // The server's own publish is not ingest: nothing counted, nothing quarantined.
    await app.settle();
    expect(app.ingest.pipeline.getStats().received).toBe(receivedBefore);

    const audit = app.services.audit.query({ scopePaths: ['/'], entity: 'device', entityId: KIOSK, limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'device.command', actor: { kind: 'user', name: 'fm' } });
    expect(JSON.stringify(audit[0])).toContain(sent.id);

    // Without the role, outside the scope, or with a bad body: refused, nothing published.
    const viewer = await app.login('viewer', [{ role: 'viewer', orgId: 'hn' }]);
    const other = await app.login('fm-cn02', [{ role: 'facility-manager', orgId: 'hn-cn02' }]);
    for (const token of [viewer, other]) {
      const r = await app.fetch(`/api/v1/devices/${KIOSK}/commands`, token, {
        method: 'POST',
        body: { command: 'reboot' },
      });
      expect(r.status).toBe(403);
    }
    const bad = await app.fetch(`/api/v1/devices/${KIOSK}/commands`, fm, {
      method: 'POST',
      body: { command: 'format-disk', args: { 'bad key': { nested: 1 } } },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.map((d) => d.path)).toEqual(expect.arrayContaining(['command']));
    expect(
      (await app.fetch('/api/v1/devices/hn-no-such/commands', fm, { method: 'POST', body: { command: 'reboot' } }))
        .status,
    ).toBe(404);
    expect(
      (await app.fetch(`/api/v1/devices/${KIOSK}/commands`, '', { method: 'POST', body: { command: 'reboot' } }))
        .status,
    ).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox.received).toHaveLength(1);

    // A decommissioned device gets nothing.
    await app.fetch(`/api/v1/devices/${KIOSK}/decommission`, fm, { method: 'POST' });
    const gone = await app.fetch(`/api/v1/devices/${KIOSK}/commands`, fm, {
      method: 'POST',
      body: { command: 'reboot' },
    });
    expect(gone.status).toBe(409);
    expect((await errorOf(gone)).code).toBe('DEVICE_DECOMMISSIONED');
  });

  it('answers 503 MQTT_UNAVAILABLE when the server has no broker connection', async () => {
    const app = await createLiveApp();
    t = app;
    const fm = await app.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    // `api` is the app built without a command publisher.
    const res = await app.api.request(`/api/v1/devices/${KIOSK}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fm}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'reboot' }),
    });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('MQTT_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toBe('10');
  });
});

describe('device commands over a real Mosquitto (MQTT_URL)', () => {
  it('publishes through the server’s own client; the device subscribed at Mosquitto receives it', async () => {
    mosquitto = await startMosquitto();
    const app = await createLiveApp({ MQTT_URL: mosquitto.url });
    t = app;
    expect(app.ingest.broker).toBeUndefined();
    const fm = await app.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    // Mosquitto authenticates devices itself; this one is anonymous for the test.
    const device = await mqtt.connectAsync(mosquitto.url, { clientId: KIOSK, reconnectPeriod: 0 });
    try {
      const inbox = await listen(device);
      const arriving = inbox.next();
      const res = await app.fetch(`/api/v1/devices/${KIOSK}/commands`, fm, {
        method: 'POST',
        body: { command: 'reboot', args: { delayS: 5 } },
      });
      expect(res.status).toBe(202);
      const sent = sentCommandSchema.parse(await res.json());
      const got = await arriving;
      expect(got).toMatchObject({
        qos: 1,
        retain: false,
        message: { id: sent.id, command: 'reboot', args: { delayS: 5 } },
      });
      // The server's client sees its own command on the wildcard subscription and ignores it.
      await new Promise((r) => setTimeout(r, 200));
      await app.settle();
      expect(app.ingest.pipeline.getStats().received).toBe(0);
    } finally {
      await device.endAsync(true);
    }
  });
});
