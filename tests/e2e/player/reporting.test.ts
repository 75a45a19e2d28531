/**
 * What a screen tells the server: proof of play for each card shown, heartbeats carrying page
 * errors, and an ack with the problem when a release's asset fails its sha256 (the screen then
 * keeps showing what it had: no half-applied release).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { openBrowser, pairViaApi, publishNotice, startServer, tempDir, type RunningServer } from './harness.js';

const SITE = 'hn-p-ba-dinh';
const data = tempDir('hcpv-e2e-reporting-data-');
const chrome = tempDir('hcpv-e2e-reporting-chromium-');
let server: RunningServer;
let ctx: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer(data.path, { seed: true });
  await server.services.brand.createRelease({ kind: 'system', id: 'e2e', name: 'e2e' }, 'hn', 'First');
});

afterAll(async () => {
  await ctx?.close();
  await server.stop();
  data.remove();
  chrome.remove();
});

describe('player reporting', () => {
  it('sends proof of play, heartbeats with errors, and refuses a tampered asset', async () => {
    const s = server;
    const noticeId = await publishNotice(s, SITE, {
      title: 'Thủ tục hộ tịch',
      procedureCodes: ['1.001193', '1.000894', '1.000656'],
    });
    const staff = await s.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    const creds = await pairViaApi(s, staff, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Báo cáo',
    });
    const acks: { hash: string; errors: readonly string[] }[] = [];
    s.services.screens.on('ack', (e) => acks.push(e));

    // No Service Worker here, so the test can tamper with asset downloads in the page.
    ctx = await openBrowser(chrome.path, { width: 1920, height: 1080 }, 'block');
    await ctx.addInitScript((c) => localStorage.setItem('hcpv.player.credentials', JSON.stringify(c)), creds);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    // 30× time: cards change every few hundred ms, heartbeats every second, plays flushed every 2 s.
    await page.goto(`${s.base}/display/?speed=30`);
    const hash = () => page.evaluate(() => document.querySelector('hcpv-player-app')?.dataset['hash'] ?? '');
    await expect.poll(hash, { timeout: 15_000 }).toMatch(/^[0-9a-f]{64}$/);
    const shown = await hash();
    await expect
      .poll(() => acks.some((a) => a.hash === shown && a.errors.length === 0), { timeout: 10_000 })
      .toBe(true);

    // Proof of play: every procedure card of the notice, stamped with the manifest shown.
    const plays = () => s.services.screens.store.plays(creds.screenId, 0, Number.MAX_SAFE_INTEGER);
    await expect.poll(() => new Set(plays().map((p) => p.item)).size, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const items = new Set(plays().map((p) => p.item));
    for (const code of ['1.001193', '1.000894', '1.000656']) expect(items).toContain(`${noticeId}:${code}`);
    expect(plays().every((p) => p.hash === shown && p.durationMs > 0)).toBe(true);

    // Heartbeats: uptime, and page errors reported.
    await expect
      .poll(() => s.services.screens.store.get(creds.screenId)?.uptimeS ?? null, { timeout: 10_000 })
      .not.toBeNull();
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('e2e boom');
      }, 0);
    });
    await expect
      .poll(
        () => (s.services.screens.store.get(creds.screenId)?.lastErrors ?? []).some((e) => e.includes('e2e boom')),
        { timeout: 10_000 },
      )
      .toBe(true);

    // A release whose asset arrives corrupted: acked with the sha256 problem, not swapped in.
    // Same logo files as before would come from the cache: drop it so they must be downloaded again.
    await page.evaluate(() => caches.delete('hcpv-player-assets-v1'));
    await ctx.route('**/brand/assets/**', (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: 'not the logo' }),
    );
    const actor = { kind: 'system', id: 'e2e', name: 'e2e' } as const;
    const kit = s.services.brand.cityKit('hn');
    s.services.brand.putCityKit(actor, 'hn', {
      ...kit,
      texts: { ...kit.texts, slogan: 'Khẩu hiệu chưa được hiển thị' },
      colors: { ...kit.colors, accent: '#F5C400' },
    });
    const release = await s.services.brand.createRelease(actor, 'hn', 'Tampered');
    const admin = await s.login('admin', [{ role: 'city-admin', orgId: 'hn' }]);
    expect(
      (
        await s.call('POST', '/api/v1/rollouts', {
          token: admin,
          body: { releaseId: release.release.id, target: { orgId: SITE } },
        })
      ).status,
    ).toBe(201);
    await expect
      .poll(() => acks.find((a) => a.hash !== shown && a.errors.some((e) => e.includes('sha256'))) !== undefined, {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await hash()).toBe(shown);
    expect(await page.locator('[data-testid=slogan]').textContent()).toBe('Hành chính phục vụ');
  });
});
