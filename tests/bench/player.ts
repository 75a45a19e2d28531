/**
 * Lobby-screen player benchmark (issue 6):
 * - bundle_gzip_kb: the JS a screen downloads (main.js + sw.js), gzip -9;
 * - first_frame_cached_ms: navigation start → first branded frame, reloading with the server
 *   gone (everything from the Service Worker and the offline cache), median of 5 reloads;
 * - heap_growth_pct_1h: JS heap (after forced GC) growth over an accelerated hour: the carousel
 *   at 60× speed for 60 s, ~600 queue calls and a manifest swap every 4 s (alerts on/off,
 *   notices published), measured from a warmed-up start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  builtDisplays,
  openBrowser,
  pairViaApi,
  publishNotice,
  startServer,
  tempDir,
  type RunningServer,
} from '../e2e/player/harness.js';

const SITE = 'hn-p-ba-dinh';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const dir = await builtDisplays();
  const js = ['main.js', 'sw.js'].map((f) => readFileSync(join(dir, 'player', f)));
  const bundleGzipKb = js.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) / 1024;

  const data = tempDir('hcpv-bench-player-data-');
  const chrome = tempDir('hcpv-bench-player-chromium-');
  let server: RunningServer | undefined = await startServer(data.path, { seed: true });
  const s = server;
  const ctx = await openBrowser(chrome.path, { width: 1920, height: 1080 });
  try {
    await s.services.brand.createRelease({ kind: 'system', id: 'bench', name: 'bench' }, 'hn', 'Bench');
    await publishNotice(s, SITE, {
      title: 'Thủ tục thường gặp',
      procedureCodes: ['1.001193', '1.000894', '1.000656', '1.004859', '2.000815', '2.000720'],
    });
    await publishNotice(s, SITE, {
      title: 'Lịch làm việc',
      body: 'Bộ phận Một cửa làm việc sáng thứ Bảy.\n\n- Mang theo giấy tờ tùy thân\n- Lấy số thứ tự tại quầy lễ tân',
    });
    const staff = await s.login('bench-fm', [{ role: 'facility-manager', orgId: SITE }]);
    const admin = await s.login('bench-admin', [{ role: 'city-admin', orgId: 'hn' }]);
    const creds = await pairViaApi(s, staff, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Bench',
    });
    await ctx.addInitScript((c) => {
      if (!localStorage.getItem('hcpv.player.credentials'))
        localStorage.setItem('hcpv.player.credentials', JSON.stringify(c));
    }, creds);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const showing = () =>
      page.waitForFunction(() => document.querySelector('hcpv-player-app')?.dataset['phase'] === 'showing', undefined, {
        timeout: 20_000,
      });

    // ---- heap over an accelerated hour ----
    await page.goto(`${s.base}/display/?speed=60`);
    await showing();
    await page.waitForFunction(
      () => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true),
      undefined,
      { timeout: 20_000 },
    );
    const cdp = await ctx.newCDPSession(page);
    // Median of three GC'd readings, taken in the same quiet state (no alert, swaps settled).
    const heap = async () => {
      await sleep(2_000);
      const readings: number[] = [];
      for (let i = 0; i < 3; i++) {
        await cdp.send('HeapProfiler.collectGarbage');
        await sleep(300);
        await cdp.send('HeapProfiler.collectGarbage');
        readings.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
        await sleep(700);
      }
      return readings.sort((a, b) => a - b)[1] ?? Number.NaN;
    };
    const accelerate = async (seconds: number) => {
      let alertId: string | null = null;
      let ticket = 1000;
      for (let i = 0; i < seconds * 10; i++) {
        // ~10 queue calls a second across 8 counters.
        s.queue.emit('queueCall', {
          siteId: SITE,
          counter: 1 + (i % 8),
          ticket: String(ticket++),
          service: 'Hộ tịch',
          at: Date.now(),
        });
        if (i % 40 === 0) {
          if (alertId) {
            await s.call('POST', `/api/v1/alerts/${alertId}/stop`, { token: admin });
            alertId = null;
          } else {
            const res = await s.call('POST', '/api/v1/alerts', {
              token: admin,
              body: { orgId: SITE, kind: 'power-cut' },
            });
            const json: unknown = await res.json();
            alertId =
              typeof json === 'object' && json !== null && 'id' in json && typeof json.id === 'string' ? json.id : null;
          }
        }
        await sleep(100);
      }
      if (alertId) await s.call('POST', `/api/v1/alerts/${alertId}/stop`, { token: admin });
    };
    await accelerate(20); // warm-up: JIT, caches, first swaps and pages of every panel
    const before = await heap();
    await accelerate(60);
    const after = await heap();
    const heapGrowthPct = ((after - before) / before) * 100;

    // ---- first branded frame from the offline cache ----
    await page.goto(`${s.base}/display/`);
    await showing();
    await s.stop();
    server = undefined;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await showing();
      await page.waitForFunction(() => performance.getEntriesByName('hcpv-first-frame').length > 0, undefined, {
        timeout: 10_000,
      });
      times.push(
        await page.evaluate(() => performance.getEntriesByName('hcpv-first-frame')[0]?.startTime ?? Number.NaN),
      );
    }
    times.sort((a, b) => a - b);
    const firstFrame = times[2] ?? Number.NaN;

    process.stdout.write(
      `${JSON.stringify({
        bench: 'player',
        bundle_gzip_kb: Math.round(bundleGzipKb * 10) / 10,
        first_frame_cached_ms: Math.round(firstFrame),
        heap_growth_pct_1h: Math.round(heapGrowthPct * 10) / 10,
      })}\n`,
    );
  } finally {
    await ctx.close();
    await server?.stop();
    data.remove();
    chrome.remove();
  }
}
