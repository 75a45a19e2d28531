/**
 * `npm run bench -- reports`: one year (2026) of the demo city's facility history in the
 * embedded stores, then the availability, MTBF/MTTR and citizen-impact reports timed for the
 * whole city and for its largest site.
 *
 * Generated in bulk: per device, downtime episodes (failures every few weeks, repairs of
 * 20 min – 2 days); per site, queue figures simulated minute by minute over opening hours and
 * stored as hourly aggregates (worse while a queue kiosk or counter terminal is down); per
 * site, minute occupancy telemetry over opening hours into the SQLite telemetry store's minute
 * rollup (plus its hour rollup).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { ManualClock } from '../../server/core/clock.js';
import { silentLogger } from '../../server/core/logger.js';
import { migrate, openDatabase } from '../../server/db/database.js';
import { allMigrations } from '../../server/db/schema.js';
import { createServices } from '../../server/services.js';
import { seedDemoCity } from '../../server/seed/seed.js';
import { sqliteTelemetryMigrations } from '../../server/telemetry/sqlite-telemetry.store.js';
import type { Episode, QueueHour } from '../../server/facility/history.store.js';
import { HOUR_MS } from '../../server/facility/history.store.js';
import { mergeSpans } from '../../server/reports/intervals.js';

const MIN = 60_000;
const DAY = 86_400_000;
const FROM = Date.parse('2026-01-01T00:00:00+07:00');
const TO = Date.parse('2027-01-01T00:00:00+07:00');

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? 0) * 10) / 10;
};

export function run(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-bench-reports-'));
  try {
    const t0 = performance.now();
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const db = openDatabase(join(dir, 'hcpv.db'));
    migrate(db, allMigrations);
    const tdb = openDatabase(join(dir, 'telemetry.db'));
    migrate(tdb, sqliteTelemetryMigrations);
    const clock = new ManualClock(FROM);
    const services = createServices({ config, db, clock, logger: silentLogger() });
    const city = demoCity();
    seedDemoCity(services, city);
    const f = services.facility;
    const random = rng(20_260_101);
    let rows = 0;

    // Downtime episodes per device.
    const devices = services.devices.list({ status: 'active' });
    const episodes: Episode[] = [];
    for (const d of devices) {
      let at = FROM + random() * 20 * DAY;
      while (at < TO) {
        const repair = 20 * MIN + random() ** 3 * 2 * DAY;
        episodes.push({
          deviceId: d.id,
          siteId: d.siteId,
          deviceType: d.type,
          cause: random() < 0.6 ? 'offline' : 'fault:E1',
          startedAt: Math.round(at),
          endedAt: Math.min(TO, Math.round(at + repair)),
        });
        at += repair + (5 + random() * 50) * DAY;
      }
    }
    f.history.insertEpisodes(episodes);
    rows += episodes.length;

    // Queue figures per site, minute by minute over opening hours, stored hourly.
    const queueDown = new Map<string, [number, number][]>();
    for (const e of episodes) {
      if (e.deviceType !== 'queue-kiosk' && e.deviceType !== 'counter-terminal') continue;
      const list = queueDown.get(e.siteId) ?? [];
      list.push([e.startedAt, e.endedAt ?? TO]);
      queueDown.set(e.siteId, list);
    }
    const insertMinute = tdb.prepare(
      `INSERT INTO telemetry_minute (bucket, measurement, site, zone, dtype, device, service, field, count, sum, min, max) VALUES (?, 'telemetry', ?, 'waiting', 'occupancy-sensor', ?, '', 'people', 2, ?, ?, ?)`,
    );
    const insertHour = tdb.prepare(
      `INSERT INTO telemetry_hour (bucket, measurement, site, zone, dtype, device, service, field, count, sum, min, max) VALUES (?, 'telemetry', ?, 'waiting', 'occupancy-sensor', ?, '', 'people', ?, ?, ?, ?)`,
    );
    let telemetryRows = 0;
    for (const site of city.sites) {
      const id = site.unit.id;
      const cal = f.sites.calendar(id);
      if (!cal) continue;
      const down = mergeSpans(queueDown.get(id) ?? []);
      const perMinute = Math.max(0.2, site.counters.length * 0.12);
      const sensor = `${id}-occupancy-sensor`;
      const hours: QueueHour[] = [];
      tdb.transaction(() => {
        let j = 0;
        for (const [a, b] of cal.intervals(FROM, TO)) {
          for (let h = a - (a % HOUR_MS); h < b; h += HOUR_MS) {
            while (j < down.length && (down[j]?.[1] ?? 0) <= h) j++;
            const isDown = (down[j]?.[0] ?? Infinity) < h + HOUR_MS;
            const q: QueueHour = { siteId: id, hour: h, issued: 0, called: 0, waitSumMs: 0, finished: 0, noShow: 0 };
            let hSum = 0;
            let hMin = Infinity;
            let hMax = 0;
            let hN = 0;
            for (let m = Math.max(a, h); m < Math.min(b, h + HOUR_MS); m += MIN) {
              const n = Math.floor(perMinute * 2 * random() + 0.5);
              q.issued += n;
              q.called += n;
              q.waitSumMs += n * (isDown ? 25 + random() * 30 : 8 + random() * 12) * MIN;
              const ns = random() < (isDown ? 0.18 : 0.07) ? Math.min(n, 1) : 0;
              q.noShow += ns;
              q.finished += n - ns;
              const people = Math.round(perMinute * (isDown ? 40 : 15) * (0.5 + random()));
              insertMinute.run(m, id, sensor, people * 2, people, people);
              hSum += people * 2;
              hN += 2;
              hMin = Math.min(hMin, people);
              hMax = Math.max(hMax, people);
              telemetryRows++;
            }
            if (hN > 0) {
              insertHour.run(h, id, sensor, hN, hSum, hMin, hMax);
              telemetryRows++;
            }
            hours.push(q);
          }
        }
      })();
      f.history.insertQueueHours(hours);
      rows += hours.length;
    }
    rows += telemetryRows;
    db.pragma('optimize');
    const generateMs = Math.round(performance.now() - t0);

    // Time the reports.
    const period = { from: FROM, to: TO };
    const bigSite = 'hn-ttpvhcc-tru-so';
    const reports = {
      availability: (org: string) => f.reports.availability(org, period, 'site'),
      reliability: (org: string) => f.reports.reliability(org, period, 'site'),
      citizenImpact: (org: string) => f.reports.citizenImpact(org, period),
    };
    const timings: Record<string, { city: number[]; site: number[] }> = {};
    const ITER = 15;
    for (const [name, fn] of Object.entries(reports)) {
      fn('hn');
      fn(bigSite); // warm-up
      const t = { city: [] as number[], site: [] as number[] };
      for (let i = 0; i < ITER; i++) {
        let s = performance.now();
        fn('hn');
        t.city.push(performance.now() - s);
        s = performance.now();
        fn(bigSite);
        t.site.push(performance.now() - s);
      }
      timings[name] = t;
    }
    const all = Object.values(timings);
    const cityAvail = f.reports.availability('hn', period, 'site');
    const meanAvail = cityAvail.reduce((s, r) => s + (r.availabilityPct ?? 0), 0) / cityAvail.length;
    process.stdout.write(
      JSON.stringify({
        bench: 'reports',
        sites: city.sites.length,
        rows,
        city_p95_ms: p95(all.flatMap((x) => x.city)),
        site_p95_ms: p95(all.flatMap((x) => x.site)),
        devices: devices.length,
        episodes: episodes.length,
        telemetry_rows: telemetryRows,
        generate_ms: generateMs,
        per_report_p95_ms: Object.fromEntries(
          Object.entries(timings).map(([k, v]) => [k, { city: p95(v.city), site: p95(v.site) }]),
        ),
        city_mean_availability_pct: Math.round(meanAvail * 100) / 100,
      }) + '\n',
    );
    db.close();
    tdb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
