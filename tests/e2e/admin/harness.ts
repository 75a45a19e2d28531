/**
 * The real server for browser tests: the test app (temp SQLite, demo city) with the display apps
 * freshly built by scripts/build-displays.ts, listening on a free loopback port; plus Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildDisplays } from '../../../scripts/build-displays.js';
import { createApp } from '../../../server/app.js';
import { silentLogger } from '../../../server/core/logger.js';
import { serveOptions } from '../../../server/http-server.js';
import type { Role } from '../../../server/auth/roles.js';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../../helpers/test-app.js';

export const ARTIFACTS = resolve('tests/artifacts/admin');

export interface AdminHarness {
  t: TestApp;
  base: string;
  browser: Browser;
  addUser(username: string, displayName: string, grants: { role: Role; orgId: string }[]): Promise<void>;
  /** A fresh page signed in through the login form. */
  signIn(username: string): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startAdminHarness(): Promise<AdminHarness> {
  const displaysDir = mkdtempSync(join(tmpdir(), 'hcpv-displays-'));
  // The console, and the player its brand previews embed (/display/?preview=<profile>).
  await buildDisplays(displaysDir, ['admin', 'player']);
  const t = await createTestApp();
  // The browser judges the session cookie's expiry by its own clock: keep server time in step.
  t.clock.set(Date.now());
  const app = createApp({ config: t.config, services: t.services, logger: silentLogger(), probes: [], displaysDir });
  const server: ServerType = await new Promise((ok) => {
    const opts = serveOptions({ app, services: t.services, config: t.config, logger: silentLogger() });
    const s = serve({ ...opts, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const base = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });

  const h: AdminHarness = {
    t,
    base,
    browser,
    async addUser(username, displayName, grants) {
      await t.services.auth.createUser(
        { kind: 'system', id: 'test' },
        { username, displayName, homeOrgId: grants[0]?.orgId ?? 'hn', password: TEST_PASSWORD, grants },
      );
    },
    async signIn(username) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
      await page.goto(`${base}/admin`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
      await page.getByLabel('Mật khẩu').press('Enter');
      await page.locator('nav[aria-label="Điều hướng chính"]').waitFor();
      return page;
    },
    async shot(page, name) {
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
    },
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      t.close();
      rmSync(displaysDir, { recursive: true, force: true });
    },
  };
  return h;
}
