/** Brand preview mode: the message the editor sends, and who the player takes it from. */
import { describe, expect, it } from 'vitest';
import { SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import { listenForPreview, previewProfile } from '../../../displays/player/lib/preview.js';
import { PREVIEW_READY, previewMessageSchema } from '../../../displays/shared/preview-protocol.js';
import { previewContent, sampleCalls, withHash } from '../../../displays/admin/lib/brand-preview.js';
import { screenView } from '../../../displays/player/lib/view-model.js';

const kit = {
  colors: {
    primary: '#B3261E',
    primaryDark: '#8C1D18',
    accent: '#FFD54F',
    ink: '#1B1B1F',
    paper: '#FFFFFF',
    typing: '#12',
  },
  texts: {
    slogan: 'Hành chính phục vụ',
    coreValues: ['Khoa học', 'Hiệu quả', 'Hiện đại', 'Sẵn sàng', 'Thân thiện'],
    fourXin: ['Xin chào', 'Xin lỗi', 'Xin cảm ơn', 'Xin phép'],
    fourLuon: ['Luôn mỉm cười', 'Luôn nhẹ nhàng', 'Luôn lắng nghe', 'Luôn giúp đỡ'],
    unitName: 'Trung tâm Phục vụ hành chính công',
    hotline: '1022',
    openingHoursLine: 'Thứ Hai – Thứ Sáu, 8:00 – 17:00',
    localContact: '',
  },
};
const logo = {
  role: 'logo-inverse',
  format: 'png',
  url: '/api/v1/brand/assets/logo-inverse.abc.png',
  sha256: 'a'.repeat(64),
};

describe('brand preview mode', () => {
  it('reads the profile from ?preview= and nothing else', () => {
    expect(previewProfile('?preview=portrait-1080')).toBe('portrait-1080');
    expect(previewProfile('?preview=square')).toBeNull();
    expect(previewProfile('?speed=60')).toBeNull();
  });

  it('the editor builds, for every profile, a manifest the player accepts and shows as a screen would', () => {
    for (const p of SCREEN_PROFILES) {
      const m = withHash(previewContent(p, kit, p === 'landscape-1080' ? [logo] : [], 'rel-1'), 1);
      const parsed = previewMessageSchema.parse({ type: 'hcpv-preview', manifest: m, calls: sampleCalls(1_000_000) });
      expect(parsed.manifest.layout.profile).toBe(p);
      const v = screenView(parsed.manifest, 1);
      expect(v.brand.colors.accent).toBe('#FFD54F');
      expect(v.brand.slogan).toBe('Hành chính phục vụ');
      expect(v.brand.unitName).toBe(kit.texts.unitName);
      expect(v.brand.logo).toEqual(p === 'landscape-1080' ? { url: logo.url, sha256: logo.sha256 } : null);
      expect(v.counter).toBe(p === 'counter-720' ? 1 : null);
      // A colour still being typed is left out rather than sent broken.
      expect(JSON.stringify(parsed.manifest.brand.tokens)).not.toContain('#12"');
    }
  });

  it('gives each draft its own 64-hex identity', () => {
    const a = withHash(previewContent('landscape-1080', kit, [], null), 1).hash;
    const b = withHash(
      previewContent('landscape-1080', { ...kit, colors: { ...kit.colors, accent: '#A0522D' } }, [], null),
      1,
    ).hash;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(withHash(previewContent('landscape-1080', kit, [], null), 2).hash).toBe(a);
  });

  it('takes drafts only from its same-origin parent, only for its profile, and says when it is ready', () => {
    const posted: unknown[] = [];
    const parent = { postMessage: (m: unknown, origin: string) => posted.push({ m, origin }) };
    const win = Object.assign(new EventTarget(), { location: { origin: 'http://a.test' }, parent });
    const shown: string[] = [];
    const stop = listenForPreview(win as unknown as Window, 'portrait-1080', (m) => shown.push(m.hash));
    expect(posted).toEqual([{ m: { type: PREVIEW_READY, profile: 'portrait-1080' }, origin: 'http://a.test' }]);

    const manifest = withHash(previewContent('portrait-1080', kit, [], null), 1);
    const send = (data: unknown, origin: string, source: unknown) =>
      win.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
    send({ type: 'hcpv-preview', manifest }, 'http://evil.test', parent);
    send({ type: 'hcpv-preview', manifest }, 'http://a.test', {});
    send(
      { type: 'hcpv-preview', manifest: withHash(previewContent('counter-720', kit, [], null), 1) },
      'http://a.test',
      parent,
    );
    send({ type: 'hcpv-preview', manifest: { ...manifest, hash: 'x' } }, 'http://a.test', parent);
    expect(shown).toEqual([]);
    send({ type: 'hcpv-preview', manifest }, 'http://a.test', parent);
    expect(shown).toEqual([manifest.hash]);
    stop();
    send({ type: 'hcpv-preview', manifest }, 'http://a.test', parent);
    expect(shown).toHaveLength(1);
  });
});
