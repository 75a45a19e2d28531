/**
 * Builds the real app on a temp SQLite file with the demo city seeded, plus helpers to sign in
 * as users holding given roles. Integration tests call `app.request(...)` against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { ManualClock } from '../../server/core/clock.js';
import { silentLogger } from '../../server/core/logger.js';
import { migrate, openDatabase, type Db } from '../../server/db/database.js';
import { allMigrations } from '../../server/db/schema.js';
import { createServices, type Services } from '../../server/services.js';
import { createApp } from '../../server/app.js';
import { seedDemoCity } from '../../server/seed/seed.js';
import type { Role } from '../../server/auth/roles.js';
import { errorSchema } from '../../server/core/http.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  db: Db;
  clock: ManualClock;
  config: Config;
  dir: string;
  /** Create a user with these grants and return a bearer token for it. */
  login(username: string, grants: { role: Role; orgId: string }[]): Promise<string>;
  /** `app.request` with JSON body and bearer token. */
  call: (
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<Response>;
  close(): void;
}

export function createTestApp(opts: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-test-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...opts.env });
  const db = openDatabase(join(dir, 'hcpv.db'));
  migrate(db, allMigrations);
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 2, 0, 0)); // Mon 2 March 2026, 09:00 in Hà Nội
  const logger = silentLogger();
  const services = createServices({ config, db, clock, logger });
  if (opts.seed !== false) seedDemoCity(services, demoCity());
  const app = createApp({ config, services, logger, probes: [{ name: 'state-store', check: () => true }] });

  const call: TestApp['call'] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers['authorization'] = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    }
    return Promise.resolve(app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }));
  };

  const login: TestApp['login'] = async (username, grants) => {
    if (!services.auth.store.userByName(username)) {
      await services.auth.createUser(
        { kind: 'system', id: 'test' },
        { username, displayName: username, homeOrgId: grants[0]?.orgId ?? 'hn', password: TEST_PASSWORD, grants },
      );
    }
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    const json: unknown = await res.json();
    if (typeof json !== 'object' || json === null || !('token' in json) || typeof json.token !== 'string') {
      throw new Error('login returned no token');
    }
    return json.token;
  };

  return Promise.resolve({
    app,
    services,
    db,
    clock,
    config,
    dir,
    login,
    call,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Parse a JSON response with the schema the API declares for it (so tests check the shape too). */
export async function body<T>(res: Response, schema: { parse(v: unknown): T }): Promise<T> {
  const value: unknown = await res.json();
  return schema.parse(value);
}

/** The `{ error }` body every failure carries. */
export async function errorOf(
  res: Response,
): Promise<{ code: string; message: string; details?: { path: string; message: string }[] | undefined }> {
  const value: unknown = await res.json();
  return errorSchema.parse(value).error;
}
