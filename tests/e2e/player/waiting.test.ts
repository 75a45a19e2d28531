/**
 * People waiting per service on a lobby screen, in a real Chromium against the real server:
 * ticket events enter the ingest pipeline as the MQTT broker hands them over (kiosk issues,
 * counter terminal calls), the server pushes `queue-stats`, the board shows service → count;
 * a screen (re)connecting mid-day shows the current figures without waiting for a new ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openBrowser, pairViaApi, startServer, tempDir, type RunningServer } from './harness.js';

const SITE = 'hn-p-ba-dinh';
const KIOSK = `${SITE}-queue-kiosk`;
const COUNTER = `${SITE}-counter-terminal-q1`;
const data = tempDir('hcpv-e2e-waiting-data-');
const chrome = tempDir('hcpv-e2e-waiting-chromium-');
let server: RunningServer;
let ctx: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer(data.path, { seed: true });
});

afterAll(async () => {
  await ctx?.close();
  await server.stop();
  data.remove();
  chrome.remove();
});

const count = (page: Page, service: string) =>
  page
    .locator(`[data-testid=waiting-row][data-service="${service}"] [data-testid=waiting-count]`)
    .textContent({ timeout: 500 })
    .catch(() => null);

describe('people waiting per service', () => {
  it('shows the count per service, follows calls, and shows the figures again after a reconnect', async () => {
    const staff = await server.login('fm-ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const creds = await pairViaApi(server, staff, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Sảnh chờ',
    });
    ctx = await openBrowser(chrome.path, { width: 1920, height: 1080 });
    await ctx.addInitScript((c) => localStorage.setItem('hcpv.player.credentials', JSON.stringify(c)), creds);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${server.base}/display/`);
    await expect
      .poll(() => page.evaluate(() => document.querySelector('hcpv-player-app')?.dataset['online']), {
        timeout: 15_000,
      })
      .toBe('true');
    expect(await page.locator('[data-testid=waiting-row]').count()).toBe(0);

    for (const t of ['A001', 'A002', 'A003'])
      server.publish(SITE, KIOSK, { kind: 'issued', ticket: t, service: 'Hộ tịch' });
    server.publish(SITE, KIOSK, { kind: 'issued', ticket: 'B001', service: 'Chứng thực' });
    expect(server.pipeline.getStats().accepted).toBe(4);
    await expect.poll(() => count(page, 'Hộ tịch'), { timeout: 10_000 }).toBe('3');
    await expect.poll(() => count(page, 'Chứng thực'), { timeout: 10_000 }).toBe('1');
    // Longest queue first.
    expect(await page.locator('[data-testid=waiting-row]').first().getAttribute('data-service')).toBe('Hộ tịch');
    // Readable from 5 m: the count is at least the profile's minimum text size.
    const px = await page
      .locator('[data-testid=waiting-row][data-service="Hộ tịch"] [data-testid=waiting-count]')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(
      await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)),
    );

    // A call at counter 1: one fewer waiting, and the ticket on the now-serving board.
    server.publish(SITE, COUNTER, { kind: 'called', ticket: 'A001', service: 'Hộ tịch', counter: 1 });
    await expect.poll(() => count(page, 'Hộ tịch'), { timeout: 10_000 }).toBe('2');
    await expect
      .poll(() => page.locator('[data-testid=board-row][data-counter="1"]').textContent(), { timeout: 10_000 })
      .toContain('A001');

    // Reload = a screen connecting mid-day: the figures are back with no new ticket event.
    const before = server.pipeline.getStats().accepted;
    await page.reload();
    await expect.poll(() => count(page, 'Hộ tịch'), { timeout: 15_000 }).toBe('2');
    expect(await count(page, 'Chứng thực')).toBe('1');
    expect(server.pipeline.getStats().accepted).toBe(before);
  });
});
