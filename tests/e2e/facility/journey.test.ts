/**
 * The facility manager's journey in Debian Chromium against the real server: sign in, the city
 * overview, a site's 3D floor with live devices, a fault injected over MQTT turning its device
 * red through the live stream (checked in the rendered pixels), device details, charts; leaving
 * the floor frees WebGL.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { publishHistory } from './history.js';
import {
  FIND_FLOOR,
  launchBrowser,
  signIn,
  startFacilityServer,
  type DeviceClient,
  type FacilityServer,
} from './harness.js';

const ART = 'tests/artifacts/facility';
const SITE = 'hn-ttpvhcc-tru-so';
const FAULTY = `${SITE}-queue-kiosk`;

let srv: FacilityServer;
let browser: Browser;
let page: Page;
const devices = new Map<string, DeviceClient>();

/** Colour of the rendered floor at a device's screen position. */
async function pixelAt(p: Page, deviceId: string): Promise<{ r: number; g: number; b: number }> {
  const pt = await p.evaluate(`${FIND_FLOOR}.scene.screenPoint(${JSON.stringify(deviceId)})`);
  if (
    typeof pt !== 'object' ||
    pt === null ||
    !('x' in pt) ||
    !('y' in pt) ||
    typeof pt.x !== 'number' ||
    typeof pt.y !== 'number'
  ) {
    throw new Error('device not on screen');
  }
  const png = await p.screenshot({ clip: { x: Math.round(pt.x) - 1, y: Math.round(pt.y) - 1, width: 3, height: 3 } });
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { r: data[12] ?? 0, g: data[13] ?? 0, b: data[14] ?? 0 };
}

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  srv = await startFacilityServer();
  await srv.addUser('quan.ly.csvc', [{ role: 'facility-manager', orgId: 'hn' }]);
  // Every device of the site comes online, sends three days of buffered history, then reports now.
  for (const d of srv.city.devices.filter((x) => x.siteId === SITE)) devices.set(d.id, await srv.device(d.id));
  await publishHistory(devices, SITE, Date.now(), 72);
  for (const d of srv.city.devices.filter((x) => x.siteId === SITE)) {
    const c = devices.get(d.id);
    if (!c) continue;
    if (d.type === 'occupancy-sensor') await c.publish('telemetry', { people: 210 });
    else if (d.type === 'env-sensor') await c.publish('telemetry', { temperature: 27.5, co2: 720 });
    else if (d.type === 'queue-kiosk') await c.publish('telemetry', { waiting: 14, paperPct: 60 });
    else await c.publish('telemetry', { uptimeS: 3600 });
  }
  const kiosk = devices.get(FAULTY);
  for (let i = 1; i <= 9; i++)
    await kiosk?.publish('event', { kind: 'issued', ticket: `A${String(i).padStart(3, '0')}`, service: 'Hộ tịch' });
  await srv.ingest.pipeline.flush();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, srv.base, 'quan.ly.csvc');
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('facility dashboard journey', () => {
  it('shows the city overview as a sortable, filterable league table', async () => {
    const league = page.locator('table[data-testid=league]');
    await league.waitFor();
    // The live stream is connected (the header says so).
    await expect
      .poll(() => page.locator('[data-testid=live-indicator]').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live');
    const sites = srv.city.sites.length;
    await expect.poll(() => league.locator('tbody tr').count()).toBe(sites);
    // Live figures arrive: people waiting at the site that reported.
    const row = league.locator(`tr[data-site=${SITE}]`);
    await expect.poll(() => row.locator('td').nth(3).innerText(), { timeout: 20_000 }).toBe('9');
    // Sort by waiting, most first: the site that has people waiting leads.
    await page.locator('th button[data-sort=waiting]').click();
    await expect.poll(() => league.locator('tbody tr').first().getAttribute('data-site')).toBe(SITE);
    await page.screenshot({ path: `${ART}/overview.png`, fullPage: false });
    // Filter by a branch: only its sites remain.
    const branch = srv.city.units.find((u) => u.kind === 'branch');
    if (!branch) throw new Error('no branch');
    await page.locator('select[data-testid=branch-filter]').selectOption(branch.id);
    const expected = srv.city.units.filter((u) => u.kind === 'site' && u.parentId === branch.id).length;
    await expect.poll(() => league.locator('tbody tr').count()).toBe(expected);
    await page.locator('select[data-testid=branch-filter]').selectOption('');
  });

  it('opens a site on its 3D floor with devices coloured by live state', async () => {
    await page.locator(`tr[data-site=${SITE}] a`).click();
    await page.locator('hcpv-facility-floor canvas').waitFor();
    const legend = page.locator('[data-testid=legend]');
    const total = [...devices.keys()].length;
    await expect
      .poll(() => legend.locator('[data-condition=ok] strong').innerText(), { timeout: 15_000 })
      .toBe(String(total));
    // WebGL really rendered: the kiosk's pixel is the "ok" green.
    await page.waitForTimeout(300);
    const ok = await pixelAt(page, FAULTY);
    expect(ok.g).toBeGreaterThan(ok.r);
    await page.screenshot({ path: `${ART}/site-floor.png` });
  });

  it('turns a device red when it reports a fault, and shows its details on click', async () => {
    await devices.get(FAULTY)?.publish('event', { kind: 'fault', code: 'PRINTER_JAM', message: 'Kẹt giấy' });
    const legend = page.locator('[data-testid=legend]');
    // Through the live stream: well before the 15 s fallback poll would have fetched it.
    await expect.poll(() => legend.locator('[data-condition=fault] strong').innerText(), { timeout: 5_000 }).toBe('1');
    await expect.poll(() => page.locator('[data-testid=kpi-fault]').innerText()).toBe('1');
    await page.waitForTimeout(300);
    const red = await pixelAt(page, FAULTY);
    expect(red.r).toBeGreaterThan(red.g + 40);
    // Click the device on the canvas: its panel opens with the fault.
    const pt = await page.evaluate(`${FIND_FLOOR}.scene.screenPoint(${JSON.stringify(FAULTY)})`);
    if (
      typeof pt !== 'object' ||
      pt === null ||
      !('x' in pt) ||
      !('y' in pt) ||
      typeof pt.x !== 'number' ||
      typeof pt.y !== 'number'
    ) {
      throw new Error('device not on screen');
    }
    await page.mouse.click(pt.x, pt.y);
    const panel = page.locator('hcpv-facility-device-panel');
    await panel.waitFor();
    await expect
      .poll(() => panel.locator('[data-testid=device-condition]').getAttribute('data-condition'))
      .toBe('fault');
    await expect.poll(() => panel.locator('.faults').innerText()).toContain('PRINTER_JAM');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${ART}/site-fault.png` });
  });

  it('charts the site from the stored telemetry', async () => {
    await page.locator('hcpv-facility-site nav a[href$="/charts"]').click();
    const occupancy = page.locator('hcpv-facility-chart[data-metric=occupancy]');
    await occupancy.waitFor();
    await expect.poll(() => occupancy.locator('dd').first().innerText(), { timeout: 15_000 }).toBe('210');
    await expect
      .poll(() => page.locator('hcpv-facility-chart[data-metric=temperature] dd').first().innerText())
      .toMatch(/27[,.]5/);
    // Seven days from the hour rollups: the history's peak and the ratings show.
    await page.locator('hcpv-facility-charts button', { hasText: /7 ngày/ }).click();
    const peak = page.locator('hcpv-facility-chart[data-metric=occupancy] dd').nth(1);
    await expect
      .poll(async () => Number((await peak.innerText()).replace(/\D/g, '')), { timeout: 15_000 })
      .toBeGreaterThan(150);
    await expect
      .poll(() => page.locator('hcpv-facility-chart[data-metric=rating] dd').nth(2).innerText())
      .toMatch(/^[34]([,.]\d+)?$/);
    await expect.poll(() => page.locator('hcpv-facility-chart[data-metric=wait] canvas').count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${ART}/site-charts.png`, fullPage: true });
  });

  it('lists the alarm the fault raised and acknowledges it with a comment', async () => {
    await page.locator('hcpv-facility-site nav a[href$="/alarms"]').click();
    const row = page.locator('hcpv-facility-alarms tr.row', { hasText: FAULTY });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => row.locator('.sev').getAttribute('class')).toContain('critical');
    await expect.poll(() => row.locator('.state').getAttribute('class')).toContain('active-unacked');
    await row.locator('button[data-action=ack]').click();
    await page.locator('hcpv-facility-alarms textarea[name=comment]').fill('Đã báo kỹ thuật viên thay cuộn giấy');
    await page.locator('hcpv-facility-alarms form button[type=submit]').click();
    await expect.poll(() => row.locator('.state').getAttribute('class'), { timeout: 15_000 }).toContain('active-acked');
    await row.click();
    await expect
      .poll(() => page.locator('hcpv-facility-alarms tr.detail ol').innerText())
      .toContain('Đã báo kỹ thuật viên thay cuộn giấy');
    await page.screenshot({ path: `${ART}/alarms.png` });
  });

  it("moves the fault's work order across the board to resolved", async () => {
    await page.locator('hcpv-facility-site nav a[href$="/orders"]').click();
    const openCol = page.locator('hcpv-facility-orders section[data-status=open]');
    const card = page.locator('hcpv-facility-orders .card', { hasText: /./ }).first();
    await expect.poll(() => openCol.locator('.card').count(), { timeout: 20_000 }).toBe(1);
    // Drag it to "in progress".
    await openCol
      .locator('.card')
      .first()
      .dragTo(page.locator('hcpv-facility-orders section[data-status=in_progress]'));
    await expect
      .poll(() => page.locator('hcpv-facility-orders section[data-status=in_progress] .card').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    // And with the keyboard-friendly menu to "resolved".
    await page
      .locator('hcpv-facility-orders section[data-status=in_progress] select[data-action=move]')
      .selectOption('resolved');
    const resolved = page.locator('hcpv-facility-orders section[data-status=resolved] .card');
    await expect.poll(() => resolved.count(), { timeout: 15_000 }).toBe(1);
    await resolved.first().click();
    await expect
      .poll(() => page.locator('hcpv-facility-order-detail [data-testid=timeline]').innerText())
      .toMatch(/resolved/);
    expect(await card.count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ART}/work-orders.png` });
  });

  it('downloads a report as CSV', async () => {
    await page.locator('header nav a[href="#/reports"]').click();
    await page.locator('hcpv-facility-reports [data-testid=report-table]').waitFor();
    await page.screenshot({ path: `${ART}/reports-availability.png` });
    await page.locator('hcpv-facility-reports button[data-report=compliance]').click();
    await page.locator('hcpv-facility-reports [data-testid=report-table]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('hcpv-facility-reports a[data-testid=csv]').click(),
    ]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain('siteId');
    expect(lines.length - 1).toBe(srv.city.sites.length);
    expect(csv).toContain(SITE);
    await page.screenshot({ path: `${ART}/reports-compliance.png` });
  });

  it('frees the WebGL renderer when the floor view is left', async () => {
    await page.evaluate(`location.hash = '#/site/${SITE}/floor'`);
    await page.locator('hcpv-facility-floor canvas').waitFor();
    expect(await page.evaluate('globalThis.hcpvFloorScenes.renderers')).toBe(1);
    await page.locator('header nav a[href="#/"]').click();
    await page.locator('table[data-testid=league]').waitFor();
    expect(await page.evaluate('globalThis.hcpvFloorScenes')).toEqual({ renderers: 0, scenes: 0 });
    // The overview shows the open critical alarm of the site.
    await expect.poll(() => page.locator(`tr[data-site=${SITE}] .sev.critical`).count(), { timeout: 20_000 }).toBe(1);
  });
});
