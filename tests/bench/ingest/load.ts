/**
 * Load process for the ingest benchmark: connects its share of devices (each with its own
 * credentials), waits for "go" on stdin, then publishes `perDevice` ~100-byte JSON readings per
 * device at QoS 1 with a window of unacknowledged messages per connection, and prints a JSON
 * summary (with its own CPU time from go to the last ack). `ts` in each payload is the publish time, for the publish→query latency.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';

const [url = '', devicesFile = '', perDeviceArg = '100', windowArg = '16'] = process.argv.slice(2);
const devices = z
  .array(z.object({ id: z.string(), siteId: z.string(), secret: z.string() }))
  .parse(JSON.parse(readFileSync(devicesFile, 'utf8')));
const perDevice = Number(perDeviceArg);
const windowSize = Number(windowArg);

async function connectAll(): Promise<MqttClient[]> {
  const clients: MqttClient[] = [];
  // Connect in waves so the listen backlog is never the thing measured.
  for (let i = 0; i < devices.length; i += 50) {
    const wave = devices.slice(i, i + 50).map((d) =>
      mqtt.connectAsync(url, {
        clientId: d.id,
        username: d.id,
        password: d.secret,
        reconnectPeriod: 0,
        keepalive: 120,
        clean: true,
      }),
    );
    clients.push(...(await Promise.all(wave)));
  }
  return clients;
}

async function main(): Promise<void> {
  const clients = await connectAll();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  let acked = 0;
  let failed = 0;
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    clients.map(
      (c, i) =>
        new Promise<void>((resolve) => {
          const d = devices[i];
          if (!d) return resolve();
          const topic = `hcpv/v1/${d.siteId}/${d.id}/telemetry`;
          let sent = 0;
          let done = 0;
          const pump = () => {
            while (sent < perDevice && sent - done < windowSize) {
              const n = sent++;
              // ~100 bytes: {"ts":1795299122567,"values":{"people":12,"cpuPct":41.5,"tempC":36.2,"uptimeS":86400}}
              const payload = `{"ts":${Date.now()},"values":{"people":${n % 500},"cpuPct":${(n % 97) + 0.5},"tempC":${30 + (n % 20)},"uptimeS":${86_400 + n}}}`;
              c.publish(topic, payload, { qos: 1 }, (err) => {
                done++;
                if (err) failed++;
                else acked++;
                if (done === perDevice) resolve();
                else pump();
              });
            }
          };
          pump();
        }),
    ),
  );
  const ended = Date.now();
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  process.stdout.write(`${JSON.stringify({ acked, failed, started, ended, cpuUs: cpu.user + cpu.system })}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`load failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
