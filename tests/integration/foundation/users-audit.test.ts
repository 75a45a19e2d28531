import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, errorOf, TEST_PASSWORD, type TestApp } from '../../helpers/test-app.js';
import { userSchema } from '../../../server/auth/auth.schemas.js';
import { MAX_FAILURES_PER_USER, LOGIN_WINDOW_MS } from '../../../server/auth/auth.service.js';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.login('city.admin', [{ role: 'city-admin', orgId: 'hn' }]);
});
afterEach(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'tran.thi.b',
  displayName: 'Trần Thị B',
  homeOrgId: 'hn-p-ba-dinh',
  password: 'một mật khẩu đủ dài',
  grants: [{ role: 'notice-editor', orgId: 'hn-p-ba-dinh' }],
  ...over,
});

describe('users and sessions', () => {
  it('creates a user whose password is stored hashed and who can sign in with a cookie or bearer token', async () => {
    const res = await t.call('POST', '/api/v1/users', { token: admin, body: newUser() });
    expect(res.status).toBe(201);
    const user = await body(res, userSchema);
    const row = t.services.auth.store.userById(user.id);
    expect(row?.password_hash).toMatch(/^scrypt\$/);
    expect(row?.password_hash).not.toContain('một mật khẩu');

    const login = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'tran.thi.b', password: 'một mật khẩu đủ dài' },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/hcpv_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.call('GET', '/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'tran.thi.b', roles: ['notice-editor'] });
  });

  it('lets nobody grant a role outside their own user.manage scope', async () => {
    const wardAdmin = await t.login('ward.admin', [{ role: 'city-admin', orgId: 'hn-p-ba-dinh' }]);
    const escalate = await t.call('POST', '/api/v1/users', {
      token: wardAdmin,
      body: newUser({ grants: [{ role: 'city-admin', orgId: 'hn' }] }),
    });
    expect(escalate.status).toBe(403);
    const ok = await t.call('POST', '/api/v1/users', { token: wardAdmin, body: newUser() });
    expect(ok.status).toBe(201);
    const editor = await t.login('editor', [{ role: 'brand-editor', orgId: 'hn' }]);
    expect(
      (await t.call('POST', '/api/v1/users', { token: editor, body: newUser({ username: 'x.y.z' }) })).status,
    ).toBe(403);
  });

  it('ends sessions when a user is disabled', async () => {
    const res = await t.call('POST', '/api/v1/users', { token: admin, body: newUser({ password: TEST_PASSWORD }) });
    const user = await body(res, userSchema);
    const token = await t.login('tran.thi.b', []);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await t.call('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { disabled: true } })).status).toBe(
      200,
    );
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('throttles sign-in after repeated failures, with Retry-After, and lets it through after the window', async () => {
    const wrong = { username: 'city.admin', password: 'wrong password!' };
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) {
      expect((await t.call('POST', '/api/v1/auth/login', { body: wrong })).status).toBe(401);
    }
    const blocked = await t.call('POST', '/api/v1/auth/login', {
      body: { username: 'city.admin', password: TEST_PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect((await errorOf(blocked)).code).toBe('LOGIN_THROTTLED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(LOGIN_WINDOW_MS + 1);
    expect(
      (await t.call('POST', '/api/v1/auth/login', { body: { username: 'city.admin', password: TEST_PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it('does not reveal whether a user name exists', async () => {
    const a = await t.call('POST', '/api/v1/auth/login', { body: { username: 'khong.co.ai', password: 'x' } });
    const b = await t.call('POST', '/api/v1/auth/login', { body: { username: 'city.admin', password: 'x' } });
    expect(await errorOf(a)).toEqual(await errorOf(b));
  });
});

describe('audit log', () => {
  it('records user changes, is readable by scope only, and cannot be altered even by SQL', async () => {
    const res = await t.call('POST', '/api/v1/users', { token: admin, body: newUser() });
    const user = await body(res, userSchema);
    await t.call('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { displayName: 'Trần Thị Bình' } });

    const cityView = await t.call('GET', `/api/v1/audit?entityId=${user.id}`, { token: admin });
    const { items } = await body(
      cityView,
      z.object({ items: z.array(z.object({ action: z.string(), before: z.unknown(), after: z.unknown() })) }),
    );
    expect(items.map((i) => i.action)).toEqual(['user.update', 'user.create']);
    expect(JSON.stringify(items)).not.toContain('một mật khẩu');
    expect(userSchema.parse(items[0]?.after).displayName).toBe('Trần Thị Bình');

    const otherBranch = await t.login('approver.cn02', [{ role: 'approver', orgId: 'hn-cn02' }]);
    const hidden = await t.call('GET', `/api/v1/audit?entityId=${user.id}`, { token: otherBranch });
    expect((await body(hidden, z.object({ items: z.array(z.unknown()) }))).items).toEqual([]);
    expect((await t.call('GET', '/api/v1/audit?orgId=hn-p-ba-dinh', { token: otherBranch })).status).toBe(403);
    const viewer = await t.login('viewer', [{ role: 'viewer', orgId: 'hn' }]);
    expect((await t.call('GET', '/api/v1/audit', { token: viewer })).status).toBe(403);

    expect(() => t.db.prepare('UPDATE audit_log SET action = ?').run('nothing')).toThrow(/append-only/);
    expect(() => t.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      expect((await t.call(method, '/api/v1/audit', { token: admin, body: {} })).status).toBe(404);
    }
  });
});
