import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { effectiveKitSchema, problemsSchema } from '../../../server/brand/brand.schemas.js';
import { loadConfig } from '../../../config/config.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (id: string, token: string, texts: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  t.call('PATCH', `/api/v1/brand/units/${id}/overrides`, { token, body: { texts, ...extra } });

describe('brand API: roles, scope, locks, audit', () => {
  it('needs a session and brand.read in scope', async () => {
    expect((await t.call('GET', '/api/v1/brand/units/hn-p-ba-dinh/kit')).status).toBe(401);
    const viewer = await t.login('viewer-cn2', [{ role: 'viewer', orgId: 'hn-cn02' }]);
    expect((await t.call('GET', '/api/v1/brand/units/hn-p-hoan-kiem/kit', { token: viewer })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/brand/units/hn-p-ba-dinh/kit', { token: viewer })).status).toBe(403);
    expect((await patch('hn-p-hoan-kiem', viewer, { hotline: '1' })).status).toBe(403);
  });

  it('a unit brand editor sets its own unlocked fields; only that unit sees them', async () => {
    const editor = await t.login('brand-cn1', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);
    const res = await patch('hn-p-ba-dinh', editor, {
      hotline: '024 3999 1234',
      openingHoursLine: 'Thứ Hai – Thứ Bảy: 07:30–17:30',
      localContact: 'Tổ một cửa: phòng 101',
    });
    expect(res.status).toBe(200);
    const { kit, overrides } = await body(res, effectiveKitSchema);
    expect(kit.texts.hotline).toBe('024 3999 1234');
    expect(overrides.texts).toEqual({
      hotline: '024 3999 1234',
      openingHoursLine: 'Thứ Hai – Thứ Bảy: 07:30–17:30',
      localContact: 'Tổ một cửa: phòng 101',
    });
    expect(t.services.brand.resolveKit('hn-p-ngoc-ha').texts.hotline).not.toBe('024 3999 1234');
    expect(t.services.brand.resolveKit('hn-cn01').texts.hotline).not.toBe('024 3999 1234');
    expect((await patch('hn-p-hoan-kiem', editor, { hotline: '1' })).status).toBe(403); // another branch
    const audit = t.services.audit.query({ scopePaths: ['/hn/'], entity: 'brand_overrides', limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'brand.overrides.update', entityId: 'hn-p-ba-dinh' });
    expect(audit[0]?.actor.name).toBe('brand-cn1');
  });

  it('BRAND_LOCKED_FIELD for locked fields, whoever tries (unit editor or city admin)', async () => {
    const editor = await t.login('brand-cn1b', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);
    const admin = await t.login('admin-all', [{ role: 'city-admin', orgId: 'hn' }]);
    for (const token of [editor, admin]) {
      const res = await patch('hn-p-ba-dinh', token, { slogan: 'Phục vụ nhân dân' });
      expect(res.status).toBe(403);
      const err = await errorOf(res);
      expect(err.code).toBe('BRAND_LOCKED_FIELD');
      expect(err.details?.map((d) => d.path)).toEqual(['texts.slogan']);
      const colours = await patch('hn-p-ba-dinh', token, {}, { colors: { primary: '#000000' } });
      expect((await errorOf(colours)).code).toBe('BRAND_LOCKED_FIELD');
    }
    expect(t.services.brand.resolveKit('hn-p-ba-dinh').texts.slogan).toBe('Hành chính phục vụ');
  });

  it('a unit name must follow the naming rule and fit the header', async () => {
    const admin = await t.login('admin-names', [{ role: 'city-admin', orgId: 'hn' }]);
    const res = await patch('hn-p-ba-dinh', admin, { unitName: 'Văn phòng Ba Đình' });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('BRAND_INVALID');
    expect(err.details).toEqual([
      expect.objectContaining({ path: 'units.hn-p-ba-dinh.texts.unitName', code: 'BRAND_NAME_RULE' }),
    ]);
    expect(t.services.brand.resolveKit('hn-p-ba-dinh').texts.unitName).toBe(
      'Điểm phục vụ hành chính công phường Ba Đình',
    );
  });

  it('the city kit needs brand.edit-locked on the city and is validated with paths', async () => {
    const branchEditor = await t.login('brand-cn3', [{ role: 'brand-editor', orgId: 'hn-cn03' }]);
    const cityEditor = await t.login('brand-city', [{ role: 'brand-editor', orgId: 'hn' }]);
    const { kit } = await body(
      await t.call('GET', '/api/v1/brand/units/hn/kit', { token: cityEditor }),
      effectiveKitSchema,
    );
    expect((await t.call('PUT', '/api/v1/brand/cities/hn/kit', { token: branchEditor, body: { kit } })).status).toBe(
      403,
    );
    const bad = { ...kit, colors: { ...kit.colors, muted: '#CCCCCC' }, texts: { ...kit.texts, slogan: '' } };
    const res = await t.call('PUT', '/api/v1/brand/cities/hn/kit', { token: cityEditor, body: { kit: bad } });
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('BRAND_INVALID');
    expect(err.details?.map((d) => `${d.path}`)).toContain('texts.slogan');
    const contrast = await t.call('PUT', '/api/v1/brand/cities/hn/kit', {
      token: cityEditor,
      body: { kit: { ...kit, colors: { ...kit.colors, muted: '#CCCCCC' } } },
    });
    expect((await errorOf(contrast)).details).toEqual([
      expect.objectContaining({ path: 'contrastPairs.2', code: 'BRAND_CONTRAST' }),
    ]);
    // A typography change that would make a branch name overflow is refused for that unit.
    const tight = structuredClone(kit);
    tight.typography.profiles['counter-720'].styles.unitName = {
      ...tight.typography.profiles['counter-720'].styles.unitName,
      sizePx: 40,
      minSizePx: 36,
    };
    tight.typography.profiles['counter-720'].header.nameMaxLines = 1;
    const overflow = await t.call('PUT', '/api/v1/brand/cities/hn/kit', { token: cityEditor, body: { kit: tight } });
    expect(overflow.status).toBe(400);
    const details = (await errorOf(overflow)).details ?? [];
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((d) => /^units\.[a-z0-9-]+\.texts\.unitName$/.test(d.path))).toBe(true);
    const ok = await t.call('PUT', '/api/v1/brand/cities/hn/kit', {
      token: cityEditor,
      body: { kit: { ...kit, colors: { ...kit.colors, muted: '#4A4D55' } } },
    });
    expect(ok.status).toBe(200);
    expect(t.services.audit.query({ scopePaths: ['/hn/'], entity: 'brand_kit', limit: 5 })[0]?.action).toBe(
      'brand.kit.update',
    );
  });

  it('releases need release.manage on the city; validate is a dry run', async () => {
    const viewer = await t.login('viewer-city', [{ role: 'viewer', orgId: 'hn' }]);
    const res = await t.call('POST', '/api/v1/brand/cities/hn/releases', { token: viewer, body: {} });
    expect(res.status).toBe(403);
    const { kit } = await body(
      await t.call('GET', '/api/v1/brand/units/hn/kit', { token: viewer }),
      effectiveKitSchema,
    );
    const check = await t.call('POST', '/api/v1/brand/validate', {
      token: viewer,
      body: { kit: { ...kit, colors: { ...kit.colors, ink: '#EEEEEE' } } },
    });
    const out = await body(check, problemsSchema);
    expect(out.valid).toBe(false);
    expect(out.problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'BRAND_CONTRAST contrastPairs.0',
      'BRAND_CONTRAST contrastPairs.1',
    ]);
  });
});

describe('city palette from config', () => {
  it('replaces the placeholder colours and is checked against the contrast rules', async () => {
    const good = await createTestApp({ env: { BRAND_PALETTE: '{"primary":"#C8102E"}' } });
    const bad = await createTestApp({ env: { BRAND_PALETTE: '{"primary":"#FF9999"}' } });
    try {
      expect(good.services.brand.resolveKit('hn-p-ba-dinh').colors['primary']).toBe('#C8102E');
      const token = await bad.login('viewer-pal', [{ role: 'viewer', orgId: 'hn' }]);
      const res = await bad.call('GET', '/api/v1/brand/units/hn/kit', { token });
      expect(res.status).toBe(400);
      const err = await errorOf(res);
      expect(err.message).toMatch(/BRAND_PALETTE/);
      expect(err.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'BRAND_CONTRAST' })]));
    } finally {
      good.close();
      bad.close();
    }
  });

  it('a malformed BRAND_PALETTE fails at start, naming the key', () => {
    expect(() => loadConfig({ BRAND_PALETTE: '{"primary":"red"}' })).toThrow(/BRAND_PALETTE/);
  });
});
