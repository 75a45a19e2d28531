/**
 * The screens' fast path (server/screens/fast-path.ts) answers exactly as the app's documented
 * routes do: the same requests against a server with it and one without give the same status,
 * body and protocol headers; successes never reach the app, every refusal is the app's own.
 */
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { serveOptions } from '../../../server/http-server.js';
import { silentLogger } from '../../../server/core/logger.js';

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}
const COMPARED = ['content-type', 'etag', 'cache-control', 'x-content-type-options', 'cross-origin-resource-policy'];

let t: TestApp;
const servers: ServerType[] = [];
let fast = '';
let plain = '';
let appCalls = 0;

const listen = (opts: Parameters<typeof serve>[0]) =>
  new Promise<string>((resolve) => {
    const s = serve({ ...opts, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    servers.push(s);
  });

beforeEach(async () => {
  t = await createTestApp();
  appCalls = 0;
  const counted = {
    fetch: (req: Request, env?: unknown) => {
      appCalls++;
      return t.app.fetch(req, env);
    },
  };
  fast = await listen(serveOptions({ app: counted, services: t.services, config: t.config, logger: silentLogger() }));
  plain = await listen({ fetch: t.app.fetch });
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    await new Promise((r) => s.close(() => r(undefined)));
  }
  t.close();
});

/** A raw request (so Content-Length and Content-Type can be anything). */
function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : '';
        } catch {
          // not JSON: compared as text
        }
        if (typeof parsed === 'object' && parsed !== null && 'generatedAt' in parsed) delete parsed.generatedAt;
        const picked: Record<string, string | undefined> = {};
        for (const h of COMPARED) picked[h] = res.headers[h] as string | undefined;
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: picked });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function same(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const a = await send(fast, method, path, headers, body);
  const b = await send(plain, method, path, headers, body);
  expect(a).toEqual(b);
  return a;
}

describe('screens fast path', () => {
  it('serves manifests and acks like the app, and hands every refusal to it', async () => {
    const id = t.services.screens.store.list({ siteId: 'hn-p-ba-dinh' })[0]?.id ?? '';
    const token = t.services.screens.issueToken(id);
    const auth = { authorization: `Bearer ${token}` };

    const m = await same('GET', '/api/v1/display/manifest', auth);
    expect(m.status).toBe(200);
    expect(m.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/);
    const hash = (m.body as { hash: string }).hash;
    expect(m.headers['x-content-type-options']).toBe('nosniff');
    const m304 = await same('GET', '/api/v1/display/manifest', { ...auth, 'if-none-match': `"${hash}"` });
    expect(m304.status).toBe(304);
    const json = (b: unknown) => {
      const s = JSON.stringify(b);
      return { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(s)) };
    };
    const okAck = JSON.stringify({ hash });
    const acked = await same('POST', '/api/v1/display/ack', { ...auth, ...json({ hash }) }, okAck);
    expect(acked).toMatchObject({ status: 200, body: { ok: true } });
    // Three successes on the fast server: none reached the app.
    expect(appCalls).toBe(0);
    expect(t.services.screens.require(id).shownHash).toBe(hash);

    const refusals: [string, Record<string, string>, string | undefined, number][] = [
      ['GET', {}, undefined, 401],
      ['GET', { authorization: 'Bearer hcpvs_nope' }, undefined, 401],
      ['POST', { ...auth, ...json({ hash: 'xyz' }) }, JSON.stringify({ hash: 'xyz' }), 400],
      ['POST', { ...auth, 'content-type': 'application/json', 'content-length': '9' }, '{"hash":1', 400],
      ['POST', { ...auth, 'content-type': 'text/plain', 'content-length': String(okAck.length) }, okAck, 415],
      ['POST', { ...auth, ...json({ hash, extra: 1 }) }, JSON.stringify({ hash, extra: 1 }), 400],
      ['POST', { 'content-type': 'application/json', 'content-length': String(okAck.length) }, okAck, 401],
    ];
    let calls = appCalls;
    for (const [method, headers, body, status] of refusals) {
      const path = method === 'GET' ? '/api/v1/display/manifest' : '/api/v1/display/ack';
      const r = await same(method, path, headers, body);
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ error: { code: expect.any(String) as string } });
      expect(appCalls).toBe(++calls);
    }
    // Too large for the body limit: refused by the app before reading.
    const big = JSON.stringify({ hash, errors: ['x'.repeat(t.config.BODY_LIMIT_BYTES)] });
    const large = await send(fast, 'POST', '/api/v1/display/ack', { ...auth, ...json(JSON.parse(big)) }, big);
    expect(large.status).toBe(413);

    // A revoked screen is told so by the app's own answer.
    t.services.screens.revoke({ kind: 'system', id: 'test', name: 'test' }, id);
    const revoked = await same('GET', '/api/v1/display/manifest', auth);
    expect(revoked).toMatchObject({ status: 401, body: { error: { code: 'SCREEN_REVOKED' } } });
  });
});
