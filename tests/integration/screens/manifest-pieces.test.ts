/**
 * Manifests built from cached pieces (manifest.ts) against the real feature services of the
 * demo city, with notices (city-wide, and one only for one zone and profile) and an alert in
 * scope and two brand releases: every site, zone, profile and release gives byte for byte the
 * body and hash of the whole-object computation (tests/helpers/manifest-reference.ts), and so
 * does the service's own builder for the seeded screens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import { manifestSchema } from '../../../displays/shared/protocol.js';
import { noticeSchema } from '../../../server/notices/notices.schemas.js';
import { ManifestBuilder } from '../../../server/screens/manifest.js';
import { body, createTestApp, type TestApp } from '../../helpers/test-app.js';
import { referenceManifest, served, testScreen } from '../../helpers/manifest-reference.js';
import { releasesForTest } from './releases.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function publishNotice(title: string, target: { orgId: string; zones?: string[]; profiles?: string[] }) {
  const editor = await t.login('editor', [{ role: 'notice-editor', orgId: 'hn' }]);
  const approver = await t.login('approver', [{ role: 'approver', orgId: 'hn' }]);
  const res = await t.call('POST', '/api/v1/notices', {
    token: editor,
    body: { title: { vi: title }, body: { vi: `Thông báo: ${title}` }, target, validFrom: '2026-03-01T00:00:00+07:00' },
  });
  expect(res.status).toBe(201);
  const n = await body(res, noticeSchema);
  for (const [token, verb] of [
    [editor, 'submit'],
    [approver, 'approve'],
    [approver, 'publish'],
  ] as const)
    expect((await t.call('POST', `/api/v1/notices/${n.id}/${verb}`, { token })).status).toBe(200);
  return n.id;
}

describe('manifest pieces against the real sources', () => {
  it('builds every site/zone/profile/release as the whole-object computation did, notices and alert included', async () => {
    const city = await publishNotice('Toàn thành phố', { orgId: 'hn' });
    const narrow = await publishNotice('Chỉ khu chờ, màn dọc', {
      orgId: 'hn-cn01',
      zones: ['waiting'],
      profiles: ['portrait-1080'],
    });
    const manager = await t.login('manager', [{ role: 'approver', orgId: 'hn-cn01' }]);
    const alert = await t.call('POST', '/api/v1/alerts', {
      token: manager,
      body: { orgId: 'hn-cn01', kind: 'system-outage' },
    });
    expect(alert.status).toBe(201);
    const [a, b] = await releasesForTest(t);

    const sources = t.services.screens.sources;
    const builder = new ManifestBuilder(sources, () => t.clock.now());
    const seen = { narrow: 0, alert: 0, parts: 0 };
    const sites = t.services.org.list({ kind: 'site' });
    expect(sites.length).toBeGreaterThan(10);
    for (const releaseId of [null, a, b]) {
      for (const site of sites) {
        for (const zone of t.services.org.layout(site.id).zones) {
          for (const profile of SCREEN_PROFILES) {
            const screen = testScreen({
              id: `${site.id}-${zone.id}-${profile}`,
              name: `Màn hình ${zone.name}`,
              siteId: site.id,
              sitePath: site.path,
              zoneId: zone.id,
              profile,
              counter: zone.kind === 'counters' ? 1 : null,
              releaseId,
            });
            const built = builder.build(screen);
            expect(served(built)).toEqual(referenceManifest(sources, screen, t.clock.now()));
            const m = manifestSchema.parse(JSON.parse(built.body));
            expect(m.notices.map((n) => n.id)).toContain(city);
            if (m.notices.some((n) => n.id === narrow)) seen.narrow++;
            if (m.alerts.length > 0) seen.alert++;
            seen.parts++;
          }
        }
      }
      t.clock.advance(1_000); // the next release within PART_TTL_MS: pieces are reused
    }
    // The narrow notice and the branch's alert were in scope for some screens, not for all.
    expect(seen.narrow).toBeGreaterThan(0);
    expect(seen.alert).toBeGreaterThan(0);
    expect(seen.narrow).toBeLessThan(seen.parts);
    expect(seen.alert).toBeLessThan(seen.parts);

    // The service's own builder, for the seeded screens, pinned to each release in turn.
    t.clock.advance(10_000);
    for (const releaseId of [null, a, b]) {
      for (const s of t.services.screens.store.list({})) {
        const screen = { ...s, releaseId };
        expect(served(t.services.screens.manifests.build(screen))).toEqual(
          referenceManifest(sources, screen, t.clock.now()),
        );
      }
    }
  });
});
