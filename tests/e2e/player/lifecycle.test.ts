/**
 * The lobby screen's life in a real Chromium against the real server: pairing, a brand release
 * reaching the screen, the server going away (reload and browser restart show the same content
 * from the offline cache), the server coming back (resync and ack), an emergency alert taking
 * over and clearing, a queue call on the board, fonts from our own server only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openBrowser, startServer, tempDir, type RunningServer } from './harness.js';

const SITE = 'hn-p-ba-dinh';
const NEW_SLOGAN = 'Hành chính phục vụ nhân dân';
const NEW_PRIMARY_DARK = '#0B3D91';
const VIEWPORT = { width: 1920, height: 1080 };

const data = tempDir('hcpv-e2e-player-data-');
const profile = tempDir('hcpv-e2e-player-chromium-');
let server: RunningServer | undefined;
let ctx: BrowserContext | undefined;
const requests: string[] = [];

beforeAll(async () => {
  server = await startServer(data.path, { seed: true });
});

afterAll(async () => {
  await ctx?.close();
  await server?.stop();
  data.remove();
  profile.remove();
});

async function open(): Promise<Page> {
  ctx = await openBrowser(profile.path, VIEWPORT);
  ctx.on('request', (r) => requests.push(r.url()));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return page;
}

const slogan = (page: Page) => page.locator('[data-testid=slogan]');
const appData = (page: Page, key: string) =>
  page.evaluate((k) => document.querySelector('hcpv-player-app')?.dataset[k] ?? '', key);

describe('lobby screen player', () => {
  it('pairs, shows releases, survives the server and browser going away, resyncs, shows alerts', async () => {
    const s = server!;
    const base = s.base;
    let page = await open();
    await page.goto(`${base}/display/`);

    // 1. Pairing: the code is shown large; staff claim it; the screen shows its manifest.
    const codeEl = page.locator('[data-testid=pairing-code]');
    await expect
      .poll(() => codeEl.textContent(), { timeout: 15_000 })
      .toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    const codeBox = await codeEl.boundingBox();
    expect(codeBox?.height ?? 0).toBeGreaterThan(100);
    const manager = await s.login('fm-ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const claim = await s.call('POST', '/api/v1/screens/claim', {
      token: manager,
      body: {
        code: await codeEl.textContent(),
        siteId: SITE,
        zoneId: 'waiting',
        profile: 'landscape-1080',
        name: 'Sảnh chờ',
      },
    });
    expect(claim.status).toBe(201);
    const screenId = ((await claim.json()) as { id: string }).id;
    await expect.poll(() => appData(page, 'phase'), { timeout: 15_000 }).toBe('showing');
    await expect.poll(() => slogan(page).textContent(), { timeout: 10_000 }).toBe('Hành chính phục vụ');
    await expect
      .poll(() => s.services.screens.store.get(screenId)?.shownHash ?? null, { timeout: 10_000 })
      .toBe(await appData(page, 'hash'));

    // 2. A new release (slogan and colour) rolled out to the site appears on screen.
    const actor = { kind: 'system', id: 'e2e', name: 'e2e' } as const;
    const kit = s.services.brand.cityKit('hn');
    s.services.brand.putCityKit(actor, 'hn', {
      ...kit,
      texts: { ...kit.texts, slogan: NEW_SLOGAN },
      colors: { ...kit.colors, primaryDark: NEW_PRIMARY_DARK },
    });
    const release = await s.services.brand.createRelease(actor, 'hn', 'E2E');
    const editor = await s.login('brand-hn', [{ role: 'city-admin', orgId: 'hn' }]);
    const rollout = await s.call('POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: release.release.id, target: { orgId: SITE } },
    });
    expect(rollout.status).toBe(201);
    await expect.poll(() => slogan(page).textContent(), { timeout: 20_000 }).toBe(NEW_SLOGAN);
    const headerBg = () =>
      page.evaluate(() => {
        const h = document.querySelector('hcpv-player-app')?.shadowRoot?.querySelector('hcpv-player-header');
        return h ? getComputedStyle(h).backgroundColor : '';
      });
    await expect.poll(headerBg).toBe('rgb(11, 61, 145)');
    const releasedHash = await appData(page, 'hash');
    await expect
      .poll(() => s.services.screens.store.get(screenId)?.shownHash ?? null, { timeout: 10_000 })
      .toBe(releasedHash);
    // The release's logo was downloaded, checked and is shown from the offline cache.
    const logoSrc = () =>
      page.evaluate(() => {
        const h = document.querySelector('hcpv-player-app')?.shadowRoot?.querySelector('hcpv-player-header');
        return h?.shadowRoot?.querySelector('img')?.getAttribute('src') ?? '';
      });
    await expect.poll(logoSrc).toMatch(/^blob:/);

    // 3. Server gone: a reload shows the same content; so does a browser restart.
    await s.stop();
    server = undefined;
    await page.reload();
    await expect.poll(() => slogan(page).textContent(), { timeout: 10_000 }).toBe(NEW_SLOGAN);
    expect(await appData(page, 'hash')).toBe(releasedHash);
    await expect.poll(headerBg).toBe('rgb(11, 61, 145)');
    await ctx!.close();
    page = await open();
    await page.goto(`${base}/display/`);
    await expect.poll(() => slogan(page).textContent(), { timeout: 10_000 }).toBe(NEW_SLOGAN);
    expect(await appData(page, 'hash')).toBe(releasedHash);
    expect(await logoSrc()).toMatch(/^blob:/);

    // 4. The server returns (same port, same data): the screen reconnects and acks again.
    const restartedAt = Date.now();
    server = await startServer(data.path, { port: s.port });
    const s2 = server;
    await expect.poll(() => appData(page, 'online'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => s2.services.screens.store.get(screenId)?.ackedAt ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(restartedAt);
    expect(s2.services.screens.store.get(screenId)?.shownHash).toBe(releasedHash);

    // 5. Alert on: full-screen takeover above everything; alert off: back to the screen.
    const admin = await s2.login('admin-hn', [{ role: 'city-admin', orgId: 'hn' }]);
    const started = await s2.call('POST', '/api/v1/alerts', {
      token: admin,
      body: {
        orgId: SITE,
        kind: 'custom',
        title: { vi: 'Sơ tán khẩn cấp' },
        body: { vi: 'Đề nghị công dân rời khỏi tòa nhà theo lối thoát hiểm.' },
      },
    });
    expect(started.status).toBe(201);
    const alertId = ((await started.json()) as { id: string }).id;
    const alertTitle = page.locator('[data-testid=alert-title]');
    await expect.poll(() => alertTitle.textContent().catch(() => null), { timeout: 15_000 }).toBe('Sơ tán khẩn cấp');
    const covers = await page.evaluate(() => {
      const a = document.querySelector('hcpv-player-app')?.shadowRoot?.querySelector('hcpv-player-alert');
      if (!a) return false;
      const r = a.getBoundingClientRect();
      // What is on top where the header was: the alert, not the header.
      const top = document.querySelector('hcpv-player-app')?.shadowRoot?.elementFromPoint(innerWidth / 2, 40);
      return r.width === innerWidth && r.height === innerHeight && top === a;
    });
    expect(covers).toBe(true);
    const stopped = await s2.call('POST', `/api/v1/alerts/${alertId}/stop`, { token: admin });
    expect(stopped.status).toBe(200);
    await expect.poll(() => alertTitle.count(), { timeout: 15_000 }).toBe(0);
    expect(await slogan(page).textContent()).toBe(NEW_SLOGAN);

    // 6. A queue call reaches the now-serving board, highlighted.
    s2.queue.emit('queueCall', { siteId: SITE, counter: 3, ticket: '3017', service: 'Hộ tịch', at: Date.now() });
    const row = page.locator('[data-testid=board-row][data-counter="3"]');
    await expect.poll(() => row.textContent().catch(() => ''), { timeout: 10_000 }).toContain('3017');
    expect(await row.getAttribute('class')).toContain('new');

    // 7. Vietnamese text is drawn in Be Vietnam Pro, fetched from this server; nothing else was requested.
    expect(await page.evaluate(() => document.fonts.check('16px "Be Vietnam Pro"', 'Hành chính phục vụ'))).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('16px "Be Vietnam Pro"', 'Thủ tục đăng ký khai sinh'))).toBe(
      true,
    );
    const loaded = await page.evaluate(
      () =>
        [...document.fonts].filter((f) => f.family.replaceAll('"', '') === 'Be Vietnam Pro' && f.status === 'loaded')
          .length,
    );
    expect(loaded).toBeGreaterThan(0);
    expect(requests.some((u) => u.startsWith(`${base}/fonts/be-vietnam-pro-vietnamese-`))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  });
});
