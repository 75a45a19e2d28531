/**
 * Every screen profile renders its branded layout without overflow, with text no smaller than
 * the 5-metre minimum, in the shipped font. Screenshots go to tests/artifacts/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PROFILE_SIZE, SCREEN_PROFILES, type ScreenProfile } from '../../../brand-kit/profiles.js';
import { layoutFor, minTextPx } from '../../../displays/player/lib/layout.js';
import { openBrowser, pairViaApi, publishNotice, startServer, tempDir, type RunningServer } from './harness.js';

const SITE = 'hn-p-ba-dinh';
const ARTIFACTS = new URL('../../artifacts/', import.meta.url);
const data = tempDir('hcpv-e2e-profiles-data-');
let server: RunningServer;
let staff: string;
let waitingIssued = false;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(data.path, { seed: true });
  // The city's default kit as a release: screens show its logo renditions for their profile.
  await server.services.brand.createRelease({ kind: 'system', id: 'e2e', name: 'e2e' }, 'hn', 'Profiles');
  staff = await server.login('fm-ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
  // Worst case first: the longest name with two fees, then the common ones.
  await publishNotice(server, SITE, {
    title: 'Thủ tục hộ tịch thường gặp',
    procedureCodes: ['1.004859', '1.001193', '2.001035'],
  });
});

afterAll(async () => {
  await server.stop();
  data.remove();
});

interface Problem {
  what: string;
  text: string;
}

/** Walk every element (through shadow roots) and report overflow, clipping and small text. */
function inspect(minPx: number): { problems: Problem[]; textElements: number } {
  const problems: Problem[] = [];
  let textElements = 0;
  const vw = innerWidth;
  const vh = innerHeight;
  const label = (el: Element) => `${el.tagName.toLowerCase()}.${el.className || ''}`;
  const walk = (root: Element | ShadowRoot, region: Element | null) => {
    for (const el of Array.from(root.children)) {
      const isRegion = region === null && el.parentElement?.classList.contains('screen') === true;
      const reg = isRegion ? el : region;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const ownText = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (r.width > 0 && r.height > 0 && cs.visibility !== 'hidden') {
        if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
          problems.push({ what: `outside viewport ${JSON.stringify(r)}`, text: label(el) });
        if (
          cs.overflow !== 'visible' &&
          (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        ) {
          problems.push({
            what: `clipped content ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`,
            text: label(el),
          });
        }
        if (ownText) {
          textElements++;
          if (parseFloat(cs.fontSize) < minPx - 0.5)
            problems.push({ what: `font ${cs.fontSize} < ${minPx}px`, text: ownText.slice(0, 60) });
          if (reg && reg !== el) {
            const b = reg.getBoundingClientRect();
            if (r.left < b.left - 1 || r.top < b.top - 1 || r.right > b.right + 1 || r.bottom > b.bottom + 1) {
              problems.push({ what: `spills out of ${label(reg)}`, text: ownText.slice(0, 60) });
            }
          }
        }
      }
      if (el.shadowRoot) walk(el.shadowRoot, reg);
      walk(el, reg);
    }
  };
  walk(document.body, null);
  return { problems, textElements };
}

describe('player profiles', () => {
  for (const profile of SCREEN_PROFILES) {
    it(`${profile} renders the branded layout without overflow`, async () => {
      const counter = profile === 'counter-720' ? 2 : undefined;
      const creds = await pairViaApi(server, staff, {
        siteId: SITE,
        zoneId: profile === 'counter-720' ? 'counters' : 'waiting',
        profile,
        name: `Màn hình ${profile}`,
        ...(counter === undefined ? {} : { counter }),
      });
      const chrome = tempDir('hcpv-e2e-profile-chromium-');
      let ctx: BrowserContext | undefined;
      try {
        ctx = await openBrowser(chrome.path, PROFILE_SIZE[profile]);
        await ctx.addInitScript((c) => {
          localStorage.setItem('hcpv.player.credentials', JSON.stringify(c));
        }, creds);
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        await page.goto(`${server.base}/display/`);
        await expect
          .poll(() => page.evaluate(() => document.querySelector('hcpv-player-app')?.dataset['phase']), {
            timeout: 15_000,
          })
          .toBe('showing');
        const now = Date.now();
        for (const [c, t] of [
          [1, '1001'],
          [4, '4012'],
          [2, '2007'],
          [3, '3020'],
        ] as const) {
          server.queue.emit('queueCall', { siteId: SITE, counter: c, ticket: t, service: 'Hộ tịch', at: now + c });
        }
        // People waiting per service (issued once: every profile shows the same site), the
        // longest service names of the demo city among them.
        if (!waitingIssued) {
          waitingIssued = true;
          const waiting = { 'Giáo dục và Đào tạo': 12, 'Lao động – Việc làm': 7, 'Hộ tịch': 3, 'Chứng thực': 1 };
          Object.entries(waiting).forEach(([service, n], si) => {
            for (let i = 0; i < n; i++)
              server.publish(SITE, `${SITE}-queue-kiosk`, { kind: 'issued', ticket: `W${si}-${i}`, service });
          });
          expect(server.pipeline.getStats().accepted).toBe(23);
        }
        if (profile === 'counter-720') {
          await expect
            .poll(() => page.locator('[data-testid=counter-ticket]').textContent(), { timeout: 10_000 })
            .toBe('2007');
        } else {
          await expect
            .poll(() => page.locator('[data-testid=procedure-name]').textContent(), { timeout: 10_000 })
            .toBe('Thay đổi, cải chính, bổ sung thông tin hộ tịch');
          await expect
            .poll(() => page.locator('[data-testid=board-row]').count(), { timeout: 10_000 })
            .toBe(Math.min(4, layoutFor(profile).boardRowsWithWaiting));
          await expect
            .poll(() => page.locator('[data-testid=waiting-count]').first().textContent(), { timeout: 10_000 })
            .toBe('12');
          expect(await page.locator('hcpv-player-qr svg path').count()).toBe(1);
          expect(await page.locator('[data-testid=wayfinding-row]').count()).toBeGreaterThan(0);
          expect(await page.locator('[data-testid=slogan]').textContent()).toBe('Hành chính phục vụ');
        }
        // The release's logo, downloaded, sha256-checked and shown from the offline cache.
        await expect
          .poll(
            () =>
              page
                .locator('hcpv-player-header img')
                .getAttribute('src')
                .catch(() => ''),
            { timeout: 10_000 },
          )
          .toMatch(/^blob:/);
        await page.evaluate(() => document.fonts.ready);
        expect(
          await page.evaluate(() => document.fonts.check('16px "Be Vietnam Pro"', 'Thủ tục đăng ký khai sinh')),
        ).toBe(true);
        await page.screenshot({ path: new URL(`player-${profile}.png`, ARTIFACTS).pathname });
        const min = minTextPx(profile);
        const result = await page.evaluate(inspect, min);
        expect(result.textElements).toBeGreaterThan(5);
        expect(result.problems).toEqual([]);
      } finally {
        await ctx?.close();
        chrome.remove();
      }
    });
  }
});

export type { ScreenProfile };
