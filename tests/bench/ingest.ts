/**
 * `npm run bench -- ingest`: 1,000 device connections at QoS 1 with ~100-byte JSON from separate
 * load processes, against (a) a bare embedded Aedes with no processing, (b) HCPV ingest into
 * SQLite, (c) HCPV ingest into InfluxDB (a real influxd). Each rate is messages / seconds from
 * "go" until the last message is received (a) or stored and queryable (b, c). `lost` = messages
 * the broker acknowledged minus rows found in the stores afterwards. `p99_publish_to_query_ms`
 * is measured in (b): from the publish time in each payload to the commit of its batch.
 * `*_cpu_us_per_msg` is this (broker) process's CPU time per message in each phase (all threads,
 * the SQLite writer thread included): on a busy shared machine it moves far less than the rates
 * do, and ingest cost = sqlite − raw. `*_main_cpu_us_per_msg` is the main thread's alone, where
 * Aedes runs: the part of ingest that competes with the broker.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { systemClock } from '../../server/core/clock.js';
import { silentLogger } from '../../server/core/logger.js';
import { migrate, openDatabase, type Db } from '../../server/db/database.js';
import { allMigrations } from '../../server/db/schema.js';
import { createServices, type Services } from '../../server/services.js';
import { seedDemoCity, SEED_ACTOR } from '../../server/seed/seed.js';
import { startEmbeddedBroker } from '../../devices/broker.js';
import { startIngest } from '../../server/telemetry/ingest-runtime.js';
import { InfluxTelemetryStore } from '../../server/telemetry/influx-telemetry.store.js';
import { startInfluxd } from '../integration/devices/servers.js';

const DEVICES = 1_000;
const PER_DEVICE = 120;
const PROCESSES = 2;
const WINDOW = 8;
const TOTAL = DEVICES * PER_DEVICE;
const TIMEOUT_MS = 180_000;

const loadResult = z.object({
  acked: z.number(),
  failed: z.number(),
  started: z.number(),
  ended: z.number(),
  cpuUs: z.number(),
});

interface Setup {
  dir: string;
  db: Db;
  services: Services;
  devicesFiles: string[];
}

function setup(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-bench-ingest-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const db = openDatabase(join(dir, 'hcpv.db'));
  migrate(db, allMigrations);
  const services = createServices({ config, db, clock: systemClock, logger: silentLogger() });
  const city = demoCity();
  seedDemoCity(services, { ...city, devices: [] });
  const sites = city.sites.map((s) => s.unit.id);
  const devices = Array.from({ length: DEVICES }, (_, i) => {
    const siteId = sites[i % sites.length] ?? 'hn-p-ba-dinh';
    const r = services.devices.provision(SEED_ACTOR, {
      id: `bench-occ-${String(i).padStart(4, '0')}`,
      type: 'occupancy-sensor',
      siteId,
      zoneId: 'waiting',
      position: { x: 0.5, y: 0.5 },
      model: 'OS-3D',
      installedOn: '2026-01-01',
      vendor: 'bench',
    });
    return { id: r.device.id, siteId, secret: r.secret };
  });
  const devicesFiles = Array.from({ length: PROCESSES }, (_, p) => {
    const file = join(dir, `devices-${p}.json`);
    writeFileSync(file, JSON.stringify(devices.filter((_, i) => i % PROCESSES === p)), { mode: 0o600 });
    return file;
  });
  return { dir, db, services, devicesFiles };
}

/** Start the load processes, wait until all devices are connected, then say go. */
async function load(
  url: string,
  s: Setup,
  done: () => boolean,
): Promise<{
  acked: number;
  failed: number;
  seconds: number;
  cpuUsPerMsg: number;
  mainCpuUsPerMsg: number;
  loadCpuUsPerMsg: number;
}> {
  const procs = s.devicesFiles.map((file) =>
    spawn('npx', ['tsx', 'tests/bench/ingest/load.ts', url, file, String(PER_DEVICE), String(WINDOW)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const lines = procs.map((p) => createInterface({ input: p.stdout })[Symbol.asyncIterator]());
  for (const l of lines) {
    const first = await l.next();
    if (first.value !== 'ready') throw new Error(`load process said ${String(first.value)}`);
  }
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuUs();
  for (const p of procs) p.stdin.write('go\n');
  const results = await Promise.all(
    lines.map(async (l) => loadResult.parse(JSON.parse(String((await l.next()).value)))),
  );
  const until = Date.now() + TIMEOUT_MS;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  const seconds = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mainUs = mainThreadCpuUs() - main0;
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode === null ? p.once('exit', r) : r(null)))));
  return {
    acked: results.reduce((n, r) => n + r.acked, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    seconds,
    cpuUsPerMsg: (cpu.user + cpu.system) / TOTAL,
    mainCpuUsPerMsg: mainUs / TOTAL,
    loadCpuUsPerMsg: results.reduce((n, r) => n + r.cpuUs, 0) / TOTAL,
  };
}

/**
 * CPU time of this process's main thread (the broker and ingest run there; the SQLite writer
 * and libuv's pool do not), from /proc: utime + stime in USER_HZ ticks (100 per second on Linux).
 */
function mainThreadCpuUs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function rawPhase(
  s: Setup,
): Promise<{ rate: number; cpuUsPerMsg: number; mainCpuUsPerMsg: number; loadCpuUsPerMsg: number }> {
  const broker = await startEmbeddedBroker(0, '127.0.0.1');
  let received = 0;
  broker.aedes.on('publish', (packet) => {
    if (packet.topic.startsWith('hcpv/')) received++;
  });
  const r = await load(`mqtt://127.0.0.1:${broker.port}`, s, () => received >= TOTAL);
  await broker.close();
  if (received < r.acked) throw new Error(`raw broker received ${received} of ${r.acked}`);
  return {
    rate: TOTAL / r.seconds,
    cpuUsPerMsg: r.cpuUsPerMsg,
    mainCpuUsPerMsg: r.mainCpuUsPerMsg,
    loadCpuUsPerMsg: r.loadCpuUsPerMsg,
  };
}

async function ingestPhase(s: Setup, env: Record<string, string>, name: string) {
  const config = loadConfig({ DATA_DIR: s.dir, LOG_LEVEL: 'silent', MQTT_PORT: '0', ...env });
  const telemetryDb = openDatabase(join(s.dir, `telemetry-${name}.db`));
  const outboxDb = openDatabase(join(s.dir, `outbox-${name}.db`));
  const ingest = await startIngest({
    config,
    devices: s.services.devices,
    clock: systemClock,
    logger: silentLogger(),
    telemetryDb,
    outboxDb,
    mqttHost: '127.0.0.1',
  });
  // Publish→commit latency: readings enter the batch queue in order, batches leave it in order.
  const accepted: number[] = [];
  const latencies: number[] = [];
  let head = 0;
  ingest.pipeline.events.on('telemetry', (e) => accepted.push(e.ts));
  ingest.pipeline.events.on('stored', ({ count, at }) => {
    for (let i = 0; i < count; i++) latencies.push(at - (accepted[head++] ?? at));
  });
  const influx = ingest.store instanceof InfluxTelemetryStore ? ingest.store : undefined;
  const isDone = () => ingest.pipeline.getStats().stored >= TOTAL && (!influx || influx.outbox.pending() === 0);
  const port = ingest.broker?.port ?? 0;
  const r = await load(`mqtt://127.0.0.1:${port}`, s, isDone);
  if (influx) await influx.outbox.idle();
  const stored = influx
    ? (z
        .object({
          results: z.array(
            z.object({ series: z.array(z.object({ values: z.array(z.tuple([z.number(), z.number()])) })) }),
          ),
        })
        .parse(await influx.influx.queryRaw('SELECT count("people") FROM "telemetry"', { precision: 'ms' })).results[0]
        ?.series[0]?.values[0]?.[1] ?? 0)
    : (telemetryDb.prepare<[], { n: number }>('SELECT count(*) AS n FROM telemetry_raw').get()?.n ?? 0);
  const stats = ingest.pipeline.getStats();
  await ingest.close();
  telemetryDb.close();
  outboxDb.close();
  latencies.sort((a, b) => a - b);
  return {
    rate: TOTAL / r.seconds,
    cpuUsPerMsg: r.cpuUsPerMsg,
    mainCpuUsPerMsg: r.mainCpuUsPerMsg,
    loadCpuUsPerMsg: r.loadCpuUsPerMsg,
    lost: Math.max(0, r.acked - stored) + r.failed,
    quarantined: Object.values(stats.quarantined).reduce((a, b) => a + b, 0),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
  };
}

export async function run(): Promise<void> {
  const s = setup();
  const influxd = await startInfluxd();
  try {
    const raw = await rawPhase(s);
    const sqlite = await ingestPhase(s, {}, 'sqlite');
    const influx = await ingestPhase(s, { INFLUX_URL: influxd.url }, 'influx');
    const round = (x: number) => Math.round(x);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ingest',
        devices: DEVICES,
        messages: TOTAL,
        qos: 1,
        raw_msgs_per_s: round(raw.rate),
        sqlite_msgs_per_s: round(sqlite.rate),
        influx_msgs_per_s: round(influx.rate),
        ratio_sqlite: Math.round((sqlite.rate / raw.rate) * 100) / 100,
        lost: sqlite.lost + influx.lost,
        quarantined: sqlite.quarantined + influx.quarantined,
        p99_publish_to_query_ms: round(sqlite.p99),
        influx_p99_publish_to_outbox_ms: round(influx.p99),
        // Broker-process CPU (all threads) per message: steadier than rates on a shared machine.
        raw_cpu_us_per_msg: round(raw.cpuUsPerMsg * 10) / 10,
        sqlite_cpu_us_per_msg: round(sqlite.cpuUsPerMsg * 10) / 10,
        influx_cpu_us_per_msg: round(influx.cpuUsPerMsg * 10) / 10,
        // The main thread alone (broker + ingest; not the SQLite writer thread): what competes with Aedes.
        raw_main_cpu_us_per_msg: round(raw.mainCpuUsPerMsg * 10) / 10,
        sqlite_main_cpu_us_per_msg: round(sqlite.mainCpuUsPerMsg * 10) / 10,
        influx_main_cpu_us_per_msg: round(influx.mainCpuUsPerMsg * 10) / 10,
        // The load processes' CPU per message (publishing and acks): on 2 cores it shares the
        // machine with the broker, so ratio ≈ (load + raw) / (load + sqlite) when CPU-bound.
        raw_load_cpu_us_per_msg: round(raw.loadCpuUsPerMsg * 10) / 10,
        sqlite_load_cpu_us_per_msg: round(sqlite.loadCpuUsPerMsg * 10) / 10,
      })}\n`,
    );
  } finally {
    await influxd.destroy();
    s.db.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
}
