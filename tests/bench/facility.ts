/**
 * `npm run bench -- facility`: the facility dashboard's 3D floor in Debian Chromium (SwiftShader
 * WebGL) against the real server.
 * - frame_ms_p95: 95th percentile of one full render of a site floor holding 200 devices.
 * - heap_growth_pct: JS heap (after a forced GC) growth of the site page over 30 minutes of live
 *   updates, accelerated with Playwright's clock: 600 steps of 3 s in which devices go in and out
 *   of fault and occupancy changes, each arriving over the live stream and applied to the page.
 */
import { SYSTEM_ACTOR } from '../../server/audit/audit.store.js';
import { provisionDeviceSchema } from '../../server/devices/devices.schemas.js';
import {
  FIND_FLOOR,
  PASSWORD,
  CHROMIUM_ARGS,
  startFacilityServer,
  type DeviceClient,
} from '../e2e/facility/harness.js';
import { chromium } from 'playwright-core';

const SITE = 'hn-ttpvhcc-tru-so';
const DEVICES = 200;
const FRAMES = 120;
const LIVE_STEP_MS = 3_000;
const ACCELERATED_MS = 30 * 60_000;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0;
}

export async function run(): Promise<void> {
  const srv = await startFacilityServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await srv.addUser('bench.csvc', [{ role: 'facility-manager', orgId: 'hn' }]);
    // Fill the site up to 200 devices, spread over its zones.
    const layout = srv.services.org.layout(SITE);
    const existing = srv.city.devices.filter((d) => d.siteId === SITE).length;
    for (let i = 0; i < DEVICES - existing; i++) {
      const zone = layout.zones[i % layout.zones.length];
      if (!zone) throw new Error('site has no zones');
      srv.services.devices.provision(
        SYSTEM_ACTOR,
        provisionDeviceSchema.parse({
          id: `${SITE}-bench-${i}`,
          type: 'camera',
          siteId: SITE,
          zoneId: zone.id,
          position: { x: ((i * 37) % 100) / 100, y: ((i * 61) % 100) / 100 },
          model: 'Bench cam',
          installedOn: '2025-01-01',
          vendor: 'Bench',
        }),
      );
    }
    const real = srv.city.devices.filter((d) => d.siteId === SITE);
    const clients: { id: string; type: string; c: DeviceClient }[] = [];
    for (const d of real) clients.push({ id: d.id, type: d.type, c: await srv.device(d.id) });

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.clock.install();
    await page.goto(`${srv.base}/facility/`);
    await page.locator('hcpv-login input[name=username]').fill('bench.csvc');
    await page.locator('hcpv-login input[name=password]').fill(PASSWORD);
    await page.locator('hcpv-login button[type=submit]').click();
    await page.locator('hcpv-facility-app header').waitFor();
    await page.evaluate(`location.hash = '#/site/${SITE}/floor'`);
    await page.locator('hcpv-facility-floor canvas').waitFor();
    await page.waitForTimeout(500);

    const drawn = await page.evaluate(`${FIND_FLOOR}.plan.devices.length`);
    if (drawn !== DEVICES) throw new Error(`floor shows ${String(drawn)} devices, expected ${DEVICES}`);
    const frames: number[] = [];
    for (let i = 0; i < FRAMES; i++) {
      const ms = await page.evaluate(`${FIND_FLOOR}.scene.renderNow()`);
      if (typeof ms === 'number') frames.push(ms);
    }

    const cdp = await page.context().newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const steps = ACCELERATED_MS / LIVE_STEP_MS;
    const step = async (i: number) => {
      // Every step some devices change: a fault raised or cleared, occupancy moves.
      const d = clients[i % clients.length];
      if (d) await d.c.publish('event', { kind: i % 2 === 0 ? 'fault' : 'fault_cleared', code: 'JAM' });
      const occ = clients.find((x) => x.type === 'occupancy-sensor');
      await occ?.c.publish('telemetry', { people: 50 + (i % 200) });
      await page.clock.fastForward(LIVE_STEP_MS);
      await page.waitForTimeout(25);
    };
    for (let i = 0; i < 20; i++) await step(i);
    const before = await heap();
    for (let i = 20; i < steps; i++) await step(i);
    await page.waitForTimeout(300);
    const after = await heap();
    for (const c of clients) await c.c.client.endAsync(true);

    process.stdout.write(
      `${JSON.stringify({
        bench: 'facility',
        devices: DEVICES,
        frame_ms_p95: Math.round(percentile(frames, 0.95) * 100) / 100,
        frame_ms_p50: Math.round(percentile(frames, 0.5) * 100) / 100,
        live_updates: steps,
        heap_before_mb: Math.round((before / 1048576) * 10) / 10,
        heap_after_mb: Math.round((after / 1048576) * 10) / 10,
        heap_growth_pct: Math.round(((after - before) / before) * 1000) / 10,
      })}\n`,
    );
  } finally {
    await browser.close();
    await srv.stop();
  }
}
