/**
 * `npm run simulate [-- options]`: the demo city's devices connect to the broker with their own
 * credentials and behave like a working day. Messages carry no `ts` (the server stamps receive
 * time); the speed-up factor drives the simulated clock that shapes arrivals, service times and
 * faults, while heartbeats stay in real time so devices stay online.
 *
 *   --speed 60        simulated seconds per real second (default 30)
 *   --sites 3         number of demo sites, busiest first (default 3; 0 = all)
 *   --fault-rate 0.05 faults per device per simulated hour (default 0.05)
 *   --start-hour 8.5  local hour of day the simulation starts at (default 8)
 *   --duration 60     stop after this many real seconds (default: run until Ctrl-C)
 *   --url mqtt://…    broker (default MQTT_URL or mqtt://127.0.0.1:MQTT_PORT)
 *   --secrets f.json  {deviceId: secret} instead of the demo key in DATA_DIR
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import { loadConfig } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { DEVICE_CONTRACTS, topicOf, type Channel } from '../contract.js';
import { DEMO_DEVICE_KEY_FILE, demoDeviceSecret } from '../demo-secret.js';
import { SiteModel, type SimDevice } from './site-model.js';

const { values: args } = parseArgs({
  options: {
    speed: { type: 'string', default: '30' },
    sites: { type: 'string', default: '3' },
    'fault-rate': { type: 'string', default: '0.05' },
    'start-hour': { type: 'string', default: '8' },
    duration: { type: 'string' },
    url: { type: 'string' },
    secrets: { type: 'string' },
  },
});

const optionsSchema = z.object({
  speed: z.coerce.number().positive().max(10_000),
  sites: z.coerce.number().int().min(0).max(10_000),
  faultRate: z.coerce.number().min(0).max(100),
  startHour: z.coerce.number().min(0).max(24),
  duration: z.coerce.number().positive().optional(),
});

function main(): void {
  const config = loadConfig(process.env);
  const opts = optionsSchema.parse({
    speed: args.speed,
    sites: args.sites,
    faultRate: args['fault-rate'],
    startHour: args['start-hour'],
    duration: args.duration,
  });
  const url = args.url ?? config.MQTT_URL ?? `mqtt://127.0.0.1:${config.MQTT_PORT}`;
  const secretOf: (id: string) => string | undefined = args.secrets
    ? (
        (map) => (id: string) =>
          map[id]
      )(z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(args.secrets, 'utf8'))))
    : (
        (key) => (id: string) =>
          demoDeviceSecret(key, id)
      )(readFileSync(join(resolve(config.DATA_DIR), DEMO_DEVICE_KEY_FILE)));

  const city = demoCity();
  const sites = [...city.sites].sort((a, b) => b.counters.length - a.counters.length).slice(0, opts.sites || undefined);
  const clients = new Map<string, MqttClient>();
  let sent = 0;
  let failed = 0;

  const models = sites.map((s) => {
    const devices: SimDevice[] = city.devices
      .filter((d) => d.siteId === s.unit.id)
      .map((d) => ({ id: d.id, type: d.type, counter: d.counter }));
    return {
      siteId: s.unit.id,
      devices,
      model: new SiteModel({
        siteId: s.unit.id,
        devices,
        counters: s.counters,
        visitorsPerDay: 60 * s.counters.length,
        faultRate: opts.faultRate,
        random: Math.random,
      }),
    };
  });

  const send = (siteId: string, deviceId: string, channel: Channel, body: Record<string, unknown>, retain = false) => {
    const c = clients.get(deviceId);
    if (!c?.connected) return;
    c.publish(topicOf(siteId, deviceId, channel), JSON.stringify(body), { qos: 1, retain }, (err) =>
      err ? failed++ : sent++,
    );
  };

  for (const m of models) {
    for (const d of m.devices) {
      const secret = secretOf(d.id);
      if (!secret) continue;
      const client = mqtt.connect(url, {
        clientId: d.id,
        username: d.id,
        password: secret,
        reconnectPeriod: 5_000,
        will: {
          topic: topicOf(m.siteId, d.id, 'status'),
          payload: Buffer.from('{"state":"offline"}'),
          qos: 1,
          retain: true,
        },
      });
      client.on('connect', () =>
        send(m.siteId, d.id, 'status', { state: 'online', fw: '2.3.1', boot: Date.now() }, true),
      );
      client.on('error', (err) => process.stderr.write(`${d.id}: ${err.message}\n`));
      clients.set(d.id, client);
    }
  }

  const startReal = Date.now();
  const simStart = opts.startHour * 3_600_000;
  let lastSim = simStart;
  const hourOf = (sim: number) => (sim / 3_600_000) % 24;
  const tick = setInterval(() => {
    const sim = simStart + (Date.now() - startReal) * opts.speed;
    const dt = sim - lastSim;
    lastSim = sim;
    for (const m of models)
      for (const msg of m.model.tick(sim, dt, hourOf(sim))) send(m.siteId, msg.deviceId, msg.channel, msg.body);
  }, 1_000);
  // Heartbeats in real time, at half each type's heartbeat, staggered.
  const beats = models.flatMap((m) =>
    m.devices.map((d) => {
      const every = (DEVICE_CONTRACTS[d.type].heartbeatS * 1000) / 2;
      return setTimeout(
        () => {
          const beat = () => send(m.siteId, d.id, 'telemetry', m.model.telemetry(d, hourOf(lastSim)));
          beat();
          beats.push(setInterval(beat, every));
        },
        Math.random() * Math.min(every, 10_000),
      );
    }),
  );
  const report = setInterval(() => {
    const connected = [...clients.values()].filter((c) => c.connected).length;
    const issued = models.reduce((n, m) => n + m.model.issued, 0);
    const finished = models.reduce((n, m) => n + m.model.finished, 0);
    const h = hourOf(lastSim);
    process.stdout.write(
      `${JSON.stringify({ simTime: `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.floor((h % 1) * 60)).padStart(2, '0')}`, sites: models.length, devices: clients.size, connected, sent, failed, issued, finished })}\n`,
    );
  }, 5_000);

  const stop = async () => {
    clearInterval(tick);
    clearInterval(report);
    beats.forEach((b) => clearTimeout(b));
    // A clean stop says offline itself (the broker publishes the will only on a dropped link).
    await Promise.all(
      models.flatMap((m) =>
        m.devices.map(async (d) => {
          const c = clients.get(d.id);
          if (!c) return;
          if (c.connected)
            await c
              .publishAsync(topicOf(m.siteId, d.id, 'status'), '{"state":"offline"}', { qos: 1, retain: true })
              .catch(() => undefined);
          await c.endAsync().catch(() => undefined);
        }),
      ),
    );
    process.stdout.write(`${JSON.stringify({ done: true, sent, failed })}\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (opts.duration) setTimeout(() => void stop(), opts.duration * 1000);
  process.stdout.write(
    `Simulating ${clients.size} devices at ${models.length} sites against ${url} (×${opts.speed})\n`,
  );
}

try {
  main();
} catch (err) {
  process.stderr.write(`simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
