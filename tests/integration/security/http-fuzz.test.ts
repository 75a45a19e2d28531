/**
 * Property-based fuzzing of every documented route's JSON body, query and path (fast-check):
 * whatever arrives, the answer is a 2xx/3xx/4xx with the error body, never a 5xx. Routes come
 * from the OpenAPI document, so new routes are fuzzed the day they land.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const docSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

/** Routes whose success has side effects outside the request (sign-out ends the fuzzer's session). */
const SKIP = new Set(['POST /api/v1/auth/logout']);
const RUNS_PER_ROUTE = 25;

let t: TestApp;
let token: string;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  t = await createTestApp();
  token = await t.login('fuzz.admin', [{ role: 'city-admin', orgId: 'hn' }]);
  const doc = docSchema.parse(await (await t.app.request('/api/openapi.json')).json());
  routes = Object.entries(doc.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })))
    .filter((r) => !SKIP.has(`${r.method} ${r.path}`));
});
afterAll(() => t.close());

const segment = fc.oneof(
  fc.constantFrom('hn', 'hn-p-ba-dinh', 'hn-cn01', '0', '-1', '..', '%00', 'null', 'a'.repeat(300)),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
);
const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constant('{"a":'),
  fc.constant('[]'),
  fc.constant('{"__proto__":{"admin":true}}'),
);
const query = fc.dictionary(
  fc.constantFrom('limit', 'q', 'kind', 'from', 'to', 'under', 'tag', 'before', 'status', 'siteId'),
  fc.string({ maxLength: 30 }),
  {
    maxKeys: 4,
  },
);

describe('HTTP fuzzing (fast-check)', () => {
  it('never answers a 5xx, and every 4xx carries the error body', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      await fc
        .assert(
          fc.asyncProperty(fc.array(segment, { minLength: 3, maxLength: 3 }), jsonish, query, async (segs, body, q) => {
            let i = 0;
            const path = r.path.replace(/\{\w+\}/g, () => segs[i++ % segs.length] ?? 'x');
            const qs = new URLSearchParams(q).toString();
            const res = await t.call(
              r.method,
              qs ? `${path}?${qs}` : path,
              r.method === 'GET' || r.method === 'DELETE' ? { token } : { token, body },
            );
            if (res.status >= 500) {
              failures.push(`${r.method} ${path} ${body.slice(0, 80)} → ${res.status} ${await res.text()}`);
              return false;
            }
            if (res.status >= 400) {
              const parsed = z
                .object({ error: z.object({ code: z.string(), message: z.string() }) })
                .safeParse(await res.json());
              if (!parsed.success) failures.push(`${r.method} ${path} → ${res.status} without the error body`);
              return parsed.success;
            }
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE, seed: 20261121 },
        )
        .catch(() => undefined);
    }
    // One line per route is enough to find the bug; fast-check already shrank each case.
    const perRoute = new Map(failures.map((f) => [f.split(' ').slice(0, 2).join(' '), f]));
    expect([...perRoute.values()]).toEqual([]);
  });
});
