/**
 * The authorisation matrix, generated from the OpenAPI document so every new route is covered
 * the day it lands: anonymous callers get 401 on every session route (before any validation),
 * a signed-in user without roles never gets a 2xx from a route that needs one, and a city admin
 * of one ward gets 403/404 for every route aimed at another ward.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const openapiSchema = z.object({
  paths: z.record(
    z.string(),
    z.record(z.string(), z.object({ security: z.array(z.record(z.string(), z.array(z.string()))).optional() }).loose()),
  ),
});

interface Op {
  method: string;
  path: string;
  session: boolean;
}

/** Routes a signed-in user with no role may use on themselves. */
const SELF_SERVICE = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/login']);

let t: TestApp;
let ops: Op[];
beforeAll(async () => {
  t = await createTestApp();
  const doc = openapiSchema.parse(await (await t.app.request('/api/openapi.json')).json());
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      session: (op.security ?? []).some((s) => 'bearer' in s || 'cookie' in s),
    })),
  );
});
afterAll(() => t.close());

/** Fill path parameters with ids inside (or outside) a scope: org ids where the parameter is an org. */
function fill(path: string, orgId: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (/site|org|unit|^id$/i.test(name) ? orgId : `${orgId}-x`));
}

describe('authorisation matrix (from /api/openapi.json)', () => {
  it('covers the foundation routes at least', () => {
    expect(ops.length).toBeGreaterThanOrEqual(14);
    expect(ops.filter((o) => o.session).length).toBeGreaterThanOrEqual(12);
  });

  it('answers 401 to anonymous callers on every session route, whatever the body', async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.session && !SELF_SERVICE.has(`${o.method} ${o.path}`))) {
      const res = await t.call(
        op.method,
        fill(op.path, 'hn-p-ba-dinh'),
        op.method === 'GET' ? {} : { body: { junk: true } },
      );
      if (res.status !== 401) wrong.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('never gives a signed-in user without any role a 2xx or a 5xx on a route that needs a role', async () => {
    const token = await t.login('no.roles', []);
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.session && !SELF_SERVICE.has(`${o.method} ${o.path}`))) {
      const res = await t.call(
        op.method,
        fill(op.path, 'hn-p-ba-dinh'),
        op.method === 'GET' ? { token } : { token, body: {} },
      );
      const listing = op.method === 'GET' && !op.path.includes('{');
      // A list route may answer 200 with nothing in it, or 403; anything else must be a refusal.
      if (res.status >= 500 || (res.status < 300 && !listing)) wrong.push(`${op.method} ${op.path} → ${res.status}`);
      if (listing && res.status === 200) {
        const body: unknown = await res.json();
        const items = z.object({ items: z.array(z.unknown()) }).safeParse(body);
        if (items.success && items.data.items.length > 0)
          wrong.push(`${op.method} ${op.path} leaked ${items.data.items.length} items`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a ward admin every route aimed at another ward', async () => {
    const token = await t.login('ward.admin.ba-dinh', [{ role: 'city-admin', orgId: 'hn-p-ba-dinh' }]);
    const wrong: string[] = [];
    for (const op of ops.filter(
      (o) => o.session && o.path.includes('{') && !SELF_SERVICE.has(`${o.method} ${o.path}`),
    )) {
      const res = await t.call(
        op.method,
        fill(op.path, 'hn-p-hoan-kiem'),
        op.method === 'GET' ? { token } : { token, body: {} },
      );
      if (res.status < 300 || res.status >= 500) wrong.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
