import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { manifestSchema, pairingPollSchema, pairingStartSchema } from '../../../displays/shared/protocol.js';
import { fleetEntrySchema, screenSchema } from '../../../server/screens/screens.schemas.js';
import { http, serveApp, StreamClient, type Served } from './screen-client.js';

const SITE = 'hn-p-ba-dinh';
let t: TestApp;
let s: Served;
const streams: StreamClient[] = [];
beforeEach(async () => {
  t = await createTestApp();
  s = await serveApp(t);
});
afterEach(async () => {
  for (const c of streams.splice(0)) c.close();
  await s.close();
  t.close();
});

describe('pairing end to end', () => {
  it('code → claim by scoped staff → token once → own manifest → revoke sends the screen back to pairing', async () => {
    const manager = await t.login('fm-ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const outsider = await t.login('fm-other', [{ role: 'facility-manager', orgId: 'hn-p-ngoc-ha' }]);
    const viewer = await t.login('viewer-ba-dinh', [{ role: 'viewer', orgId: SITE }]);

    const startRes = await http(s.base, 'POST', '/api/v1/display/pairing');
    expect(startRes.status).toBe(201);
    const start = pairingStartSchema.parse(await startRes.json());
    expect(start.code).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    expect(start.expiresAt).toBeGreaterThan(t.clock.now());

    const poll = () =>
      http(s.base, 'GET', `/api/v1/display/pairing/${start.pairingId}`, {
        headers: { 'x-pairing-secret': start.pollSecret },
      });
    expect(pairingPollSchema.parse(await (await poll()).json()).status).toBe('pending');
    // A wrong secret learns nothing.
    const wrong = await http(s.base, 'GET', `/api/v1/display/pairing/${start.pairingId}`, {
      headers: { 'x-pairing-secret': 'not-the-secret-at-all' },
    });
    expect(wrong.status).toBe(404);

    const bind = {
      code: start.code.toLowerCase(),
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Màn hình thử',
    };
    expect((await http(s.base, 'POST', '/api/v1/screens/claim', { token: outsider, body: bind })).status).toBe(403);
    expect((await http(s.base, 'POST', '/api/v1/screens/claim', { token: viewer, body: bind })).status).toBe(403);
    const badZone = await http(s.base, 'POST', '/api/v1/screens/claim', {
      token: manager,
      body: { ...bind, zoneId: 'nowhere' },
    });
    expect(badZone.status).toBe(400);
    expect((await errorOf(badZone)).details?.[0]?.path).toBe('zoneId');
    const extra = await http(s.base, 'POST', '/api/v1/screens/claim', { token: manager, body: { ...bind, sneaky: 1 } });
    expect(extra.status).toBe(400);

    const claim = await http(s.base, 'POST', '/api/v1/screens/claim', { token: manager, body: bind });
    expect(claim.status).toBe(201);
    const screen = screenSchema.parse(await claim.json());
    expect(screen).toMatchObject({ siteId: SITE, zoneId: 'waiting', profile: 'landscape-1080', status: 'active' });
    // A claimed code cannot be claimed twice.
    expect((await http(s.base, 'POST', '/api/v1/screens/claim', { token: manager, body: bind })).status).toBe(400);

    const paired = pairingPollSchema.parse(await (await poll()).json());
    if (paired.status !== 'paired') throw new Error('expected paired');
    expect(paired.screenId).toBe(screen.id);
    expect(paired.token).toMatch(/^hcpvs_/);
    // Given once: the pairing is gone afterwards.
    expect((await poll()).status).toBe(404);
    // Hashed at rest: the plaintext token is nowhere in the database.
    const row = t.db
      .prepare<[string], { token_hash: string }>('SELECT token_hash FROM screens WHERE id = ?')
      .get(screen.id);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(t.db.prepare('SELECT * FROM screens').all())).not.toContain(paired.token);

    const m1 = await http(s.base, 'GET', '/api/v1/display/manifest', { token: paired.token });
    expect(m1.status).toBe(200);
    const manifest = manifestSchema.parse(await m1.json());
    expect(manifest.screen.id).toBe(screen.id);
    expect(manifest.site.id).toBe(SITE);
    expect(m1.headers.get('etag')).toBe(`"${manifest.hash}"`);
    const m2 = await http(s.base, 'GET', '/api/v1/display/manifest', {
      token: paired.token,
      headers: { 'if-none-match': `"${manifest.hash}"` },
    });
    expect(m2.status).toBe(304);
    // A user's session is not a screen token.
    expect((await http(s.base, 'GET', '/api/v1/display/manifest', { token: manager })).status).toBe(401);

    const ack = await http(s.base, 'POST', '/api/v1/display/ack', {
      token: paired.token,
      body: { hash: manifest.hash },
    });
    expect(ack.status).toBe(200);
    const fleet = fleetEntrySchema.parse(
      await (await http(s.base, 'GET', `/api/v1/screens/${screen.id}`, { token: viewer })).json(),
    );
    expect(fleet).toMatchObject({
      upToDate: true,
      shownHash: manifest.hash,
      expectedHash: manifest.hash,
      status: 'online',
    });

    // Rotation: the new token works, the old one no longer does.
    const rotated = z
      .object({ token: z.string() })
      .parse(await (await http(s.base, 'POST', '/api/v1/display/token', { token: paired.token })).json());
    expect((await http(s.base, 'GET', '/api/v1/display/manifest', { token: paired.token })).status).toBe(401);
    expect((await http(s.base, 'GET', '/api/v1/display/manifest', { token: rotated.token })).status).toBe(200);

    const stream = await StreamClient.open(s.base, rotated.token);
    streams.push(stream);
    await stream.waitFor((m) => m.type === 'hello');
    expect((await http(s.base, 'POST', `/api/v1/screens/${screen.id}/revoke`, { token: outsider })).status).toBe(403);
    expect((await http(s.base, 'POST', `/api/v1/screens/${screen.id}/revoke`, { token: manager })).status).toBe(200);
    await stream.waitFor((m) => m.type === 'revoked');
    await stream.waitClosed();
    const after = await http(s.base, 'GET', '/api/v1/display/manifest', { token: rotated.token });
    expect(after.status).toBe(401);
    expect((await errorOf(after)).code).toBe('SCREEN_REVOKED');

    // The revoked screen pairs again and keeps its identity.
    const again = pairingStartSchema.parse(await (await http(s.base, 'POST', '/api/v1/display/pairing')).json());
    const reclaim = await http(s.base, 'POST', '/api/v1/screens/claim', {
      token: manager,
      body: { ...bind, code: again.code, screenId: screen.id },
    });
    expect(reclaim.status).toBe(201);
    const repoll = pairingPollSchema.parse(
      await (
        await http(s.base, 'GET', `/api/v1/display/pairing/${again.pairingId}`, {
          headers: { 'x-pairing-secret': again.pollSecret },
        })
      ).json(),
    );
    expect(repoll.status === 'paired' && repoll.screenId).toBe(screen.id);
    const audit = t.db
      .prepare<[], { action: string }>("SELECT action FROM audit_log WHERE entity = 'screen' ORDER BY rowid")
      .all()
      .map((r) => r.action);
    expect(audit).toEqual(expect.arrayContaining(['screen.pair', 'screen.revoke', 'screen.repair']));
  });

  it('an expired code cannot be claimed and the screen is told it expired', async () => {
    const manager = await t.login('fm', [{ role: 'facility-manager', orgId: SITE }]);
    const start = pairingStartSchema.parse(await (await http(s.base, 'POST', '/api/v1/display/pairing')).json());
    t.clock.advance(11 * 60_000);
    const claim = await http(s.base, 'POST', '/api/v1/screens/claim', {
      token: manager,
      body: { code: start.code, siteId: SITE, zoneId: 'waiting', profile: 'landscape-1080', name: 'Trễ' },
    });
    expect(claim.status).toBe(400);
    expect((await errorOf(claim)).code).toBe('PAIRING_CODE_UNKNOWN');
    const poll = await http(s.base, 'GET', `/api/v1/display/pairing/${start.pairingId}`, {
      headers: { 'x-pairing-secret': start.pollSecret },
    });
    expect(pairingPollSchema.parse(await poll.json()).status).toBe('expired');
  });
});
