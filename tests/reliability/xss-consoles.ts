/**
 * XSS through every text a user can enter, shown in the admin console and the facility
 * dashboard: hostile strings go in through the API (and MQTT for device fault messages), a real
 * Chromium visits every page that shows them, and no script runs, no dialog opens, while the
 * strings are visible as literal characters.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { recordFigure } from './figures.js';
import {
  FIND_FLOOR,
  PASSWORD,
  launchBrowser,
  startFacilityServer,
  type FacilityServer,
} from '../e2e/facility/harness.js';

export const XSS_PAYLOADS = [
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<script>window.__xss=1</script>',
  '"><svg onload=window.__xss=1>',
  'javascript:window.__xss=1//',
  "{{constructor.constructor('window.__xss=1')()}}",
  '<a href="javascript:window.__xss=1">x</a><iframe src="javascript:window.__xss=1"></iframe>',
] as const;

export const SITE = 'hn-ttpvhcc-tru-so';
const KIOSK = `${SITE}-queue-kiosk`;

/** A user-enterable field and the text that went into it: `⟦field#i⟧ payload`. */
export interface Seeded {
  field: string;
  text: string;
}
const mark = (field: string, i: number, p: string) => `⟦${field}#${i}⟧ ${p}`;

export interface XssWorld {
  srv: FacilityServer;
  token: string;
  seeded: Seeded[];
  ids: { notice: string; order: string; device: string };
}

/** Call the API with a bearer token; anything but the expected status is a failure. */
async function api(
  srv: FacilityServer,
  token: string | null,
  method: string,
  path: string,
  body: unknown,
  expect: number,
): Promise<unknown> {
  const res = await fetch(`${srv.base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const withId = z.object({ id: z.string() });

/** Start the server and put every payload into every field an editor, manager or device can fill. */
export async function seedXssWorld(payloads: readonly string[]): Promise<XssWorld> {
  const srv = await startFacilityServer();
  await srv.addUser('rel.xss', [
    { role: 'city-admin', orgId: 'hn' },
    { role: 'facility-manager', orgId: 'hn' },
  ]);
  const { token } = z
    .object({ token: z.string() })
    .parse(await api(srv, null, 'POST', '/auth/login', { username: 'rel.xss', password: PASSWORD }, 200));
  const seeded: Seeded[] = [];
  const put = (field: string, i: number, p: string) => {
    const text = mark(field, i, p);
    seeded.push({ field, text });
    return text;
  };
  const call = (method: string, path: string, body: unknown, expect: number) =>
    api(srv, token, method, path, body, expect);

  // Org: a site's name and address, its zone names, and new branches named after the payloads.
  const p0 = payloads[0] ?? '';
  await call(
    'PATCH',
    `/org/units/${SITE}`,
    { name: put('site.name', 0, p0), site: { address: put('site.address', 0, p0) } },
    200,
  );
  const layout = z
    .object({
      zones: z.array(
        z.object({ id: z.string(), kind: z.string(), name: z.string(), areaM2: z.number(), capacity: z.number() }),
      ),
    })
    .parse(await call('GET', `/org/units/${SITE}/layout`, undefined, 200));
  await call(
    'PUT',
    `/org/units/${SITE}/zones`,
    { zones: layout.zones.map((zn, i) => ({ ...zn, name: put('zone.name', i, payloads[i % payloads.length] ?? '') })) },
    200,
  );
  for (const [i, p] of payloads.entries()) {
    await call(
      'POST',
      '/org/units',
      { id: `hn-xss-${i}`, parentId: 'hn', kind: 'centre', name: put('unit.name', i, p) },
      201,
    );
    await call(
      'POST',
      '/users',
      {
        username: `xss.user.${i}`,
        displayName: put('user.displayName', i, p).slice(0, 120),
        homeOrgId: 'hn',
        password: PASSWORD,
        grants: [{ role: 'viewer', orgId: 'hn' }],
      },
      201,
    );
  }

  // Procedures through the import: names and papers.
  const rows = z
    .array(z.record(z.string(), z.string()))
    .parse(parse(readFileSync('config/procedures/thu-tuc-cap-xa.csv', 'utf8'), { columns: true }));
  const picked = payloads.map((p, i) => ({
    ...rows[i % rows.length],
    maTTHC: `1.00880${i}`,
    tenTTHC: put('procedure.name', i, p),
    thanhPhanHoSo: `${put('procedure.paper', i, p.replaceAll('|', '/'))} | 1 | 0`,
  }));
  const job = withId.parse(
    await call(
      'POST',
      '/procedures/imports',
      { orgId: 'hn', format: 'csv', content: stringify(picked, { header: true }), mode: 'good-rows' },
      202,
    ),
  );
  for (let k = 0; k < 100; k++) {
    const j = z.object({ state: z.string() }).parse(await call('GET', `/procedures/imports/${job.id}`, undefined, 200));
    if (j.state === 'done' || j.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }

  // Notices (title and body) and a custom emergency alert.
  let notice = '';
  for (const [i, p] of payloads.entries()) {
    const n = withId.parse(
      await call(
        'POST',
        '/notices',
        {
          title: { vi: put('notice.title', i, p) },
          body: { vi: put('notice.body', i, p) },
          target: { orgId: SITE },
          validFrom: new Date().toISOString(),
        },
        201,
      ),
    );
    if (i === 0) notice = n.id;
  }
  await call(
    'POST',
    '/alerts',
    {
      orgId: SITE,
      kind: 'custom',
      title: { vi: put('alert.title', 0, p0) },
      body: { vi: put('alert.body', 0, p0) },
      durationMinutes: 30,
    },
    201,
  );

  // Screens, devices, assets, work orders and comments.
  let device = '';
  for (const [i, p] of payloads.entries()) {
    const start = z
      .object({ code: z.string() })
      .parse(await api(srv, null, 'POST', '/display/pairing', undefined, 201));
    await call(
      'POST',
      '/screens/claim',
      {
        code: start.code,
        siteId: SITE,
        zoneId: layout.zones[0]?.id ?? 'waiting',
        profile: 'landscape-1080',
        name: put('screen.name', i, p).slice(0, 120),
      },
      201,
    );
    const dev = z.object({ device: withId }).parse(
      await call(
        'POST',
        '/devices',
        {
          type: 'printer',
          siteId: SITE,
          zoneId: layout.zones[0]?.id ?? 'waiting',
          position: { x: 0.1 + i / 20, y: 0.5 },
          model: put('device.model', i, p).slice(0, 120),
          vendor: put('device.vendor', i, p),
          installedOn: '2026-01-01',
        },
        201,
      ),
    );
    if (i === 0) device = dev.device.id;
    await call(
      'POST',
      '/assets',
      {
        siteId: SITE,
        kind: 'chair',
        name: put('asset.name', i, p),
        model: put('asset.model', i, p).slice(0, 120),
        vendor: 'v',
        installedOn: '2026-01-01',
      },
      201,
    );
  }
  let order = '';
  for (const [i, p] of payloads.entries()) {
    const o = withId.parse(
      await call(
        'POST',
        '/work-orders',
        {
          siteId: SITE,
          title: put('workorder.title', i, p),
          description: put('workorder.description', i, p),
          severity: 'minor',
        },
        201,
      ),
    );
    await call('POST', `/work-orders/${o.id}/comments`, { text: put('workorder.comment', i, p) }, 204);
    if (i === 0) order = o.id;
  }

  // A device fault with a hostile message raises an alarm; it is acknowledged with a hostile comment.
  const kiosk = await srv.device(KIOSK);
  await kiosk.publish('event', { kind: 'fault', code: 'PRINTER_JAM', message: put('alarm.message', 0, p0) });
  await srv.ingest.pipeline.flush();
  const alarms = z.object({ items: z.array(z.object({ id: z.string(), deviceId: z.string().nullable() })) });
  let alarmId: string | undefined;
  for (let k = 0; k < 100 && !alarmId; k++) {
    alarmId = alarms
      .parse(await call('GET', `/alarms?orgId=${SITE}`, undefined, 200))
      .items.find((a) => a.deviceId === KIOSK)?.id;
    if (!alarmId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!alarmId) throw new Error('the fault raised no alarm');
  await call('POST', `/alarms/${alarmId}/ack`, { comment: put('alarm.ackComment', 0, p0) }, 200);
  return { srv, token, seeded, ids: { notice, order, device } };
}

/** Click a device on the site's 3D floor so its panel opens. */
export async function openDevicePanel(page: Page, deviceId: string): Promise<void> {
  await page.locator('hcpv-facility-floor canvas').waitFor();
  const point = z.object({ x: z.number(), y: z.number() });
  let pt: z.infer<typeof point> | undefined;
  for (let k = 0; k < 50 && !pt; k++) {
    pt = point.safeParse(
      await page.evaluate(`${FIND_FLOOR}?.scene?.screenPoint(${JSON.stringify(deviceId)}) ?? null`),
    ).data;
    if (!pt) await page.waitForTimeout(200);
  }
  if (!pt) throw new Error(`device ${deviceId} is not on the floor`);
  await page.mouse.click(pt.x, pt.y);
  await page.locator('hcpv-facility-device-panel').waitFor();
}

/** Every text node of the page, through open shadow roots. */
const DEEP_TEXT = `(() => {
  const parts = [];
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof HTMLTextAreaElement || n instanceof HTMLInputElement) parts.push(n.value);
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
  };
  walk(document.body);
  return parts.join('\\n');
})()`;

export interface Visit {
  app: 'admin' | 'facility';
  path: string;
  /** Optional clicks after load (e.g. open a card) before reading. */
  then?: (page: Page) => Promise<void>;
}

export interface VisitResult {
  visit: string;
  /** Fields whose marked payload was visible literally. */
  seen: string[];
}

export interface XssRun {
  results: VisitResult[];
  scriptsRun: number;
  dialogs: string[];
  /** Markers visible with the payload mangled (partly eaten as markup). */
  mangled: string[];
  /** Distinct seeded texts seen literally on some page. */
  literal: string[];
}

/** A context whose pages flag any `window.__xss` write on the document element. */
async function trapContext(browser: Browser, dialogs: string[]): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  await ctx.addInitScript(() => {
    Object.defineProperty(window, '__xss', {
      set: () =>
        document.documentElement.setAttribute(
          'data-xss',
          String(Number(document.documentElement.getAttribute('data-xss') ?? 0) + 1),
        ),
      get: () => undefined,
      configurable: false,
    });
  });
  ctx.on('page', (p) =>
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    }),
  );
  return ctx;
}

/** Sign in to both apps in one context (they share the session cookie), then visit each page. */
export async function visitAll(world: XssWorld, visits: readonly Visit[]): Promise<XssRun & { probeWorks: boolean }> {
  const browser = await launchBrowser();
  const dialogs: string[] = [];
  try {
    const ctx = await trapContext(browser, dialogs);
    const page = await ctx.newPage();
    await page.goto(`${world.srv.base}/facility/`);
    await page.locator('hcpv-login input[name=username]').fill('rel.xss');
    await page.locator('hcpv-login input[name=password]').fill(PASSWORD);
    await page.locator('hcpv-login button[type=submit]').click();
    await page.locator('hcpv-facility-app header').waitFor();
    await page.goto(`${world.srv.base}/admin`);
    const nav = page.locator('nav[aria-label="Điều hướng chính"]');
    if (!(await nav.isVisible().catch(() => false))) {
      await page.getByLabel('Tên đăng nhập').fill('rel.xss');
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByLabel('Mật khẩu').press('Enter');
    }
    await nav.waitFor();

    const results: VisitResult[] = [];
    const literal = new Set<string>();
    const mangled: string[] = [];
    let ran = 0;
    for (const v of visits) {
      const url = v.app === 'admin' ? `${world.srv.base}/admin#${v.path}` : `${world.srv.base}/facility/#${v.path}`;
      await page.goto(url);
      // Wait until some marked text has arrived, then let late renders settle.
      await page.waitForFunction(`${DEEP_TEXT}.includes('⟦')`, undefined, { timeout: 20_000 }).catch(() => undefined);
      if (v.then) await v.then(page);
      await page.waitForTimeout(400);
      const text = z.string().parse(await page.evaluate(DEEP_TEXT));
      const hits = world.seeded.filter((s) => text.includes(s.text));
      for (const s of hits) literal.add(s.text);
      const seen = [...new Set(hits.map((s) => s.field))].sort();
      for (const m of text.matchAll(/⟦([a-zA-Z.]+)#(\d+)⟧([^\n]*)/g)) {
        const s = world.seeded.find((x) => x.text.startsWith(`⟦${m[1]}#${m[2]}⟧`));
        // A marker followed by less than its payload (truncated to a column is fine, eaten markup is not).
        if (s && !s.text.startsWith(`⟦${m[1]}#${m[2]}⟧${m[3] ?? ''}`.trimEnd()) && !(m[3] ?? '').endsWith('…'))
          mangled.push(`${v.path}: ${m[0]}`);
      }
      results.push({ visit: `${v.app} ${v.path}`, seen });
      ran += await page.evaluate(() => {
        const n = Number(document.documentElement.getAttribute('data-xss') ?? 0);
        document.documentElement.removeAttribute('data-xss');
        return n;
      });
    }
    // The detector works: a script that does run is counted.
    const probe = await ctx.newPage();
    await probe.setContent('<p>probe</p>');
    await probe.evaluate('window.__xss = 1');
    const probeWorks = (await probe.evaluate(() => document.documentElement.getAttribute('data-xss'))) === '1';
    await ctx.close();
    return { results, scriptsRun: ran, dialogs, mangled, literal: [...literal], probeWorks };
  } finally {
    await browser.close();
  }
}

/** Fields no admin or facility page shows (the player shows them; its own test covers it). */
export const NOT_SHOWN = ['procedure.paper', 'alert.body', 'asset.model', 'alarm.message'] as const;

/** The pages that show user text, with the clicks that open details. */
export function consoleVisits(w: XssWorld): Visit[] {
  return [
    { app: 'admin', path: '/org' },
    { app: 'admin', path: `/org/${SITE}` },
    { app: 'admin', path: '/users' },
    { app: 'admin', path: '/audit' },
    { app: 'admin', path: '/procedures' },
    { app: 'admin', path: '/notices' },
    { app: 'admin', path: `/notices/${w.ids.notice}` },
    { app: 'admin', path: '/alerts' },
    { app: 'admin', path: '/fleet' },
    { app: 'facility', path: '/' },
    { app: 'facility', path: `/site/${SITE}/floor`, then: (p) => openDevicePanel(p, w.ids.device) },
    { app: 'facility', path: `/site/${SITE}/alarms` },
    { app: 'facility', path: '/alarms', then: (p) => p.locator('tr[data-alarm]').first().click() },
    { app: 'facility', path: '/orders', then: (p) => p.locator(`[data-order="${w.ids.order}"]`).click() },
    { app: 'facility', path: '/reports' },
  ];
}

export interface XssOutcome {
  run: XssRun & { probeWorks: boolean };
  /** Fields that should be on some page but were not seen literally. */
  missing: string[];
  /** Marked texts (field × payload) seen literally somewhere. */
  literal: number;
  /** Payloads not seen literally on any page. */
  unseenPayloads: string[];
}

/** Seed, visit every page, record the figures; the caller asserts. */
export async function runXssScenario(scenario: string, payloads: readonly string[]): Promise<XssOutcome> {
  const w = await seedXssWorld(payloads);
  try {
    const visits = consoleVisits(w);
    const run = await visitAll(w, visits);
    const fields = [...new Set(w.seeded.map((s) => s.field))];
    const seen = new Set(run.results.flatMap((r) => r.seen));
    const missing = fields.filter((f) => !seen.has(f) && !(NOT_SHOWN as readonly string[]).includes(f));
    const literal = run.literal.length;
    const unseenPayloads = payloads.filter((p) => !run.literal.some((t) => t.endsWith(` ${p}`)));
    recordFigure({
      scenario,
      cases: w.seeded.length,
      crashes: 0,
      fiveXx: 0,
      lost: missing.length,
      duplicated: 0,
      note: `${payloads.length} payloads in ${fields.length} fields, ${visits.length} pages; scripts run: ${run.scriptsRun}, dialogs: ${run.dialogs.length}, mangled: ${run.mangled.length}; shown literally: ${literal}/${w.seeded.length} texts (${NOT_SHOWN.length} fields shown only by the player)`,
    });
    return { run, missing, literal, unseenPayloads };
  } finally {
    await w.srv.stop();
  }
}
