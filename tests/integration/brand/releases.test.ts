import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import {
  createReleaseResultSchema,
  effectiveKitSchema,
  releaseDetailSchema,
  releaseSummarySchema,
} from '../../../server/brand/brand.schemas.js';
import { releaseDiffSchema, siteBrandSchema, siteTexts } from '../../../brand-kit/release.js';
import { SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import { RENDITION_FORMATS } from '../../../brand-kit/compiler.js';
import { assetRefSchema } from '../../../brand-kit/kit.schema.js';
import { sha256Hex } from '../../../brand-kit/sources.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.login('brand1', [{ role: 'brand-editor', orgId: 'hn' }]);
});
afterAll(() => t.close());

const release = async () => {
  const res = await t.call('POST', '/api/v1/brand/cities/hn/releases', { token, body: {} });
  expect([200, 201]).toContain(res.status);
  return { status: res.status, ...(await body(res, createReleaseResultSchema)) };
};

const NEW_INVERSE = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200"><circle cx="100" cy="100" r="90" fill="none" stroke="#FFFFFF" stroke-width="12"/><rect x="70" y="60" width="60" height="90" fill="#FFFFFF"/></svg>`;

describe('releases of the demo city', () => {
  let first: string;
  let second: string;

  it('compiles every logo for every profile with hashed names, then reuses the cache', async () => {
    const a = await release();
    expect(a.status).toBe(201);
    const perProfile = 3 * RENDITION_FORMATS.length;
    expect(a.rendered).toBe(SCREEN_PROFILES.length * perProfile);
    first = a.release.id;

    const show = await body(await t.call('GET', `/api/v1/brand/releases/${first}`, { token }), releaseDetailSchema);
    expect(Object.keys(show.content.sites)).toHaveLength(t.services.org.sitesUnder('hn').length);
    const kit = t.services.brand.resolveKit('hn');
    for (const profile of SCREEN_PROFILES) {
      const rs = show.content.renditions.filter((r) => r.profile === profile);
      expect(rs).toHaveLength(perProfile);
      for (const r of rs) {
        expect(r.file).toMatch(new RegExp(`^${r.role}\\.${profile}\\.[0-9a-f]{16}\\.${r.format}$`));
        const data = readFileSync(join(t.dir, 'brand', 'assets', r.file));
        expect(sha256Hex(data)).toBe(r.sha256);
        expect(r.file).toContain(r.sha256.slice(0, 16));
        const meta = await sharp(data).metadata();
        expect(meta.height).toBe(kit.typography.profiles[profile].header.logoHeightPx);
        expect(meta.format).toBe(r.format === 'avif' ? 'heif' : r.format);
      }
    }

    const again = await release();
    expect(again).toMatchObject({
      status: 200,
      created: false,
      rendered: 0,
      reused: SCREEN_PROFILES.length * perProfile,
    });
    expect(again.release.id).toBe(first);
  });

  it('two releases differ exactly as their diff says', async () => {
    const admin = await t.login('admin-b', [{ role: 'city-admin', orgId: 'hn' }]);
    const rename = await t.call('PATCH', '/api/v1/brand/units/hn-p-ba-dinh/overrides', {
      token,
      body: { texts: { unitName: 'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)' } },
    });
    expect(rename.status).toBe(200);
    const up = await t.call('POST', '/api/v1/brand/cities/hn/sources', {
      token: admin,
      body: { fileName: 'logo-inverse-v2.svg', contentBase64: Buffer.from(NEW_INVERSE).toString('base64') },
    });
    expect(up.status).toBe(201);
    const ref = await body(up, assetRefSchema);
    const kit = (await body(await t.call('GET', '/api/v1/brand/units/hn/kit', { token }), effectiveKitSchema)).kit;
    const put = await t.call('PUT', '/api/v1/brand/cities/hn/kit', {
      token,
      body: { kit: { ...kit, colors: { ...kit.colors, accent: '#F5C400' }, logos: { ...kit.logos, inverse: ref } } },
    });
    expect(put.status, JSON.stringify(await put.clone().json())).toBe(200);

    const b = await release();
    expect(b.status).toBe(201);
    expect(b.rendered).toBe(SCREEN_PROFILES.length * RENDITION_FORMATS.length); // only the new inverse logo
    second = b.release.id;

    const diff = await body(
      await t.call('GET', `/api/v1/brand/releases/${first}/diff/${second}`, { token }),
      releaseDiffSchema,
    );
    expect(diff.tokens).toEqual([{ path: 'tokens.colors.accent', before: '#F2B705', after: '#F5C400' }]);
    expect(diff.texts).toEqual([
      {
        path: 'sites.hn-p-ba-dinh.texts.unitName',
        before: 'Điểm phục vụ hành chính công phường Ba Đình',
        after: 'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)',
      },
    ]);
    expect(diff.assets).toHaveLength(SCREEN_PROFILES.length * RENDITION_FORMATS.length);
    expect(diff.assets.every((c) => c.path.startsWith('logo-inverse.'))).toBe(true);
    expect(diff.sites).toEqual({ added: [], removed: [] });

    // Check the claim against the content itself: exactly one site's texts changed.
    const A = t.services.brand.getRelease(first).content;
    const B = t.services.brand.getRelease(second).content;
    const changedSites = Object.keys(A.sites).filter(
      (id) => JSON.stringify(siteTexts(A, id)) !== JSON.stringify(siteTexts(B, id)),
    );
    expect(changedSites).toEqual(['hn-p-ba-dinh']);
    const brandA = t.services.brand.releaseForSite(first, 'hn-p-ngoc-ha', 'landscape-1080');
    const brandB = t.services.brand.releaseForSite(second, 'hn-p-ngoc-ha', 'landscape-1080');
    expect(brandB.texts).toEqual(brandA.texts);
    expect(brandB.hash).not.toBe(brandA.hash); // colour and inverse logo changed
    const inverseB = brandB.assets.filter((x) => x.role === 'logo-inverse');
    expect(inverseB.every((x) => !brandA.assets.some((y) => y.url === x.url))).toBe(true);
  });

  it('serves the site brand for the manifest and the assets publicly with immutable caching', async () => {
    const res = await t.call('GET', `/api/v1/brand/releases/${second}/sites/hn-p-ba-dinh/counter-720`, { token });
    const sb = await body(res, siteBrandSchema);
    expect(sb.texts.unitName).toBe('Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)');
    expect(sb.texts.coreValues).toHaveLength(5);
    expect(sb.assets.map((a) => a.role)).toEqual(expect.arrayContaining(['logo-full', 'logo-mono', 'logo-inverse']));
    const asset = sb.assets[0]!;
    expect(asset.url).toMatch(/^\/api\/v1\/brand\/assets\//);
    const file = await t.call('GET', asset.url); // no session: screens fetch these
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(sha256Hex(Buffer.from(await file.arrayBuffer()))).toBe(asset.sha256);
    const cached = await t.call('GET', asset.url, { headers: { 'if-none-match': `"${asset.sha256}"` } });
    expect(cached.status).toBe(304);
    expect((await t.call('GET', '/api/v1/brand/assets/logo-full.landscape-1080.0000000000000000.png')).status).toBe(
      404,
    );
    expect((await t.call('GET', '/api/v1/brand/assets/..%2Fhcpv.db')).status).toBe(400);
  });

  it('marks a rollback target; releases stay immutable', async () => {
    const res = await t.call('POST', `/api/v1/brand/releases/${first}/rollback-target`, { token });
    expect((await body(res, releaseSummarySchema)).rollbackTarget).toBe(true);
    const list = await body(
      await t.call('GET', '/api/v1/brand/cities/hn/releases', { token }),
      z.object({ items: z.array(releaseSummarySchema) }),
    );
    expect(list.items.map((r) => [r.id, r.current, r.rollbackTarget])).toEqual([
      [second, true, false],
      [first, false, true],
    ]);
    expect(t.services.brand.currentRelease()?.id).toBe(second);
    expect(() => t.db.prepare("UPDATE brand_releases SET note = 'x'").run()).toThrow(/immutable/);
    expect(() => t.db.prepare('DELETE FROM brand_releases').run()).toThrow(/immutable/);
    const audit = t.services.audit
      .query({ scopePaths: ['/hn/'], entity: 'brand_release', limit: 10 })
      .map((e) => e.action);
    expect(audit).toEqual(['brand.release.rollback-target', 'brand.release.create', 'brand.release.create']);
    expect(existsSync(join(t.dir, 'brand', 'sources'))).toBe(true);
  });

  it('refuses an unknown release', async () => {
    const res = await t.call('GET', '/api/v1/brand/releases/rel-000000000000000000000000', { token });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('NOT_FOUND');
  });
});
