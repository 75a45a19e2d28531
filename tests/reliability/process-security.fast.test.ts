/**
 * Against the real server process: oversized bodies get 413, slow-loris bodies and headers are
 * cut off, logins are throttled, devices with a wrong secret or outside their topics are refused,
 * a screen token opens only its own manifest, the audit log has no route that changes it, and no
 * token, password or secret reaches the logs (pino output captured at LOG_LEVEL=trace).
 */
import { connect as connectTcp } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { z } from 'zod';
import { manifestSchema } from '../../displays/shared/protocol.js';
import { pairScreen } from '../integration/screens/pairing.js';
import { topicOf } from '../../devices/contract.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { recordFigure } from './figures.js';

const SITE = 'hn-p-ba-dinh';
const ADMIN_PASSWORD = 'reliability-admin-pw';
const dir = mkdtempSync(join(tmpdir(), 'hcpv-rel-sec-'));
let s: ServerProcess;
let admin = '';
let cases = 0;
let fiveXx = 0;
/** Every credential this test sees; none may appear in a log line. */
const secrets: string[] = [ADMIN_PASSWORD];

async function call(
  method: string,
  path: string,
  o: { token?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  cases++;
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers['authorization'] = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  });
  if (res.status >= 500) fiveXx++;
  return res;
}

beforeAll(async () => {
  s = await startServerProcess(dir, {
    LOG_LEVEL: 'trace',
    HTTP_REQUEST_TIMEOUT_MS: '2000',
    HTTP_HEADERS_TIMEOUT_MS: '1500',
  });
  const res = await call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  admin = z.object({ token: z.string() }).parse(await res.json()).token;
  secrets.push(admin);
}, 90_000);

afterAll(async () => {
  await s.stop();
  const logLines = s
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  recordFigure({
    scenario: 'HTTP limits + security (real process)',
    cases,
    crashes: s.crashes,
    fiveXx,
    lost: 0,
    duplicated: 0,
    note: `${logLines.length} log lines scanned for ${secrets.length} secrets`,
  });
  rmSync(dir, { recursive: true, force: true });
});

/** Open a raw socket, write `head`, then drip `drip` one byte every 250 ms; resolve with ms until the server closes it. */
function slowClient(head: string, drip: string): Promise<{ ms: number; response: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const sock = connectTcp(s.port, '127.0.0.1');
    let response = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < drip.length && !sock.destroyed) sock.write(drip[i++] ?? '');
    }, 250);
    sock.on('data', (d) => (response += d.toString()));
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, response });
    });
    sock.write(head);
    setTimeout(() => sock.destroy(), 20_000).unref();
  });
}

describe('HTTP limits (real process)', () => {
  it('oversized bodies get 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
    const a = await call('POST', '/api/v1/auth/login', { raw: big, headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        c.close();
      },
    });
    const b = await call('POST', '/api/v1/notices', {
      token: admin,
      raw: chunks,
      headers: { 'content-type': 'application/json' },
    });
    expect(b.status).toBe(413);
  });

  it('a slow-loris body and slow headers are cut off by the request timeouts; the server keeps serving', async () => {
    const [body, headers] = await Promise.all([
      slowClient(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{',
        'x'.repeat(200),
      ),
      slowClient('GET /healthz HTTP/1.1\r\n', 'X-Slow: ' + 'y'.repeat(200)),
    ]);
    cases += 2;
    for (const r of [body, headers]) {
      expect(r.ms).toBeGreaterThanOrEqual(1_400);
      expect(r.ms).toBeLessThan(8_000);
      expect(r.response).not.toMatch(/^HTTP\/1\.1 [25]\d\d/);
    }
    expect((await call('GET', '/healthz')).status).toBe(200);
  }, 30_000);
});

describe('security (real process)', () => {
  it('devices: a wrong secret is refused; subscribing or publishing outside their own topics is refused', async () => {
    const res = await call('POST', '/api/v1/devices', {
      token: admin,
      body: {
        type: 'occupancy-sensor',
        siteId: SITE,
        zoneId: 'waiting',
        position: { x: 0.5, y: 0.5 },
        model: 'Rel-1',
        installedOn: '2026-01-01',
        vendor: 'Reliability',
      },
    });
    expect(res.status).toBe(201);
    const created = z.object({ device: z.object({ id: z.string() }), secret: z.string() }).parse(await res.json());
    secrets.push(created.secret);
    const wrong = 'wrong-secret-' + 'z'.repeat(20);
    secrets.push(wrong);
    await expect(
      mqtt.connectAsync(s.mqttUrl, {
        username: created.device.id,
        password: wrong,
        clientId: 'rel-wrong',
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow();
    const dev = await mqtt.connectAsync(s.mqttUrl, {
      username: created.device.id,
      password: created.secret,
      clientId: 'rel-ok',
      reconnectPeriod: 0,
    });
    // Someone else's topics and wildcards over the tree: SUBACK failure (0x80).
    await expect(dev.subscribeAsync('hcpv/v1/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(dev.subscribeAsync(topicOf(SITE, `${SITE}-queue-kiosk`, 'command'), { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    const own = await dev.subscribeAsync(topicOf(SITE, created.device.id, 'command'), { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    const closed = new Promise<void>((r) => dev.once('close', () => r()));
    dev.publish(
      topicOf(SITE, `${SITE}-queue-kiosk`, 'event'),
      JSON.stringify({ kind: 'issued', ticket: 'A001', service: 'x' }),
      { qos: 1 },
    );
    await closed;
    expect(dev.connected).toBe(false);
    await dev.endAsync(true);
    cases += 4;
  });

  it('a screen token reads only its own manifest and no staff route', async () => {
    const a = await pairScreen(s.base, admin, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Rel A',
    });
    const b = await pairScreen(s.base, admin, {
      siteId: 'hn-p-ngoc-ha',
      zoneId: 'waiting',
      profile: 'portrait-1080',
      name: 'Rel B',
    });
    secrets.push(a.token, b.token);
    const ma = manifestSchema.parse(await (await call('GET', '/api/v1/display/manifest', { token: a.token })).json());
    const mb = manifestSchema.parse(await (await call('GET', '/api/v1/display/manifest', { token: b.token })).json());
    expect(ma.screen).toMatchObject({ id: a.screenId, siteId: SITE });
    expect(mb.screen).toMatchObject({ id: b.screenId, siteId: 'hn-p-ngoc-ha' });
    for (const path of [
      '/api/v1/screens',
      `/api/v1/screens/${b.screenId}`,
      '/api/v1/audit',
      '/api/v1/devices',
      '/api/v1/users',
    ]) {
      expect((await call('GET', path, { token: a.token })).status, path).toBe(401);
    }
    // Asking for another screen's manifest still yields one's own (or a refusal), never B's.
    const asB = await call('GET', `/api/v1/display/manifest?screenId=${b.screenId}`, {
      token: a.token,
      headers: { 'x-screen-id': b.screenId },
    });
    if (asB.status === 200) expect(manifestSchema.parse(await asB.json()).screen.id).toBe(a.screenId);
    else expect(asB.status).toBeLessThan(500);
  });

  it('the audit log has no changing route and keeps its entries', async () => {
    const doc = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse(await (await call('GET', '/api/openapi.json')).json());
    const auditPaths = Object.entries(doc.paths).filter(([p]) => p.includes('audit'));
    expect(auditPaths.length).toBeGreaterThan(0);
    for (const [p, ops] of auditPaths)
      expect(
        Object.keys(ops).filter((m) => m !== 'get' && m !== 'parameters'),
        p,
      ).toEqual([]);
    const list = async () =>
      z
        .object({ items: z.array(z.object({ id: z.number() }).passthrough()) })
        .parse(await (await call('GET', '/api/v1/audit?limit=500', { token: admin })).json()).items;
    const before = await list();
    expect(before.length).toBeGreaterThan(0);
    const first = before[before.length - 1]?.id ?? 1;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/v1/audit', `/api/v1/audit/${first}`, `/api/v1/audit?id=${first}`]) {
        const r = await call(method, path, { token: admin, body: { action: 'forged', entity: 'user' } });
        expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path}`).toBeLessThan(500);
      }
    }
    const after = await list();
    const byId = new Map(after.map((e) => [e.id, e]));
    for (const e of before) expect(byId.get(e.id)).toEqual(e);
    expect(JSON.stringify(after)).not.toContain('forged');
  });

  it('logins are throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const wrong = `not-the-password-${i}`;
      secrets.push(wrong);
      statuses.push(
        (await call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: wrong } })).status,
      );
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses).toContain(429);
    const r = await call('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('no token, password or secret in the logs', async () => {
    // A failing call with a token, and a bad token, so error paths log too.
    await call('GET', '/api/v1/notices/does-not-exist', { token: admin });
    await call('GET', '/api/v1/notices', { token: `${admin}x` });
    await new Promise((r) => setTimeout(r, 500));
    const logLines = s
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      const hit = logLines.find((l) => l.includes(secret));
      expect(hit, `secret ${secret.slice(0, 6)}… in a log line`).toBeUndefined();
    }
  });
});
