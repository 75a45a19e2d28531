import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../displays/shared/protocol.js';
import { DEFAULT_COLORS, paragraphsOf, screenView, slidesOf } from '../../../displays/player/lib/view-model.js';

const HASH = 'a'.repeat(64);
function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    screen: { id: 's1', name: 'Sảnh', siteId: 'site', zoneId: 'waiting', profile: 'landscape-1080' },
    site: { id: 'site', name: 'Điểm phục vụ hành chính công phường Ba Đình', shortName: null },
    brand: { releaseId: null, tokens: {}, texts: {}, assets: [] },
    notices: [],
    alerts: [],
    layout: {
      profile: 'landscape-1080',
      width: 1920,
      height: 1080,
      zone: { id: 'waiting', kind: 'waiting', name: 'Khu vực chờ' },
      counters: [
        { number: 2, zoneId: 'counters', fields: ['Hộ tịch', 'Chứng thực'] },
        { number: 1, zoneId: 'counters', fields: ['Hộ tịch'] },
      ],
      counter: null,
    },
    channels: { queueCalls: true },
    hash: HASH,
    generatedAt: 0,
    ...over,
  };
}

describe('manifest → screen view', () => {
  it('falls back to the default identity when the brand is empty (never blank)', () => {
    const v = screenView(manifest(), 0);
    expect(v.brand.slogan).toBe('Hành chính phục vụ');
    expect(v.brand.unitName).toBe('Điểm phục vụ hành chính công phường Ba Đình');
    expect(v.brand.fourXin).toHaveLength(4);
    expect(v.brand.colors).toEqual(DEFAULT_COLORS);
    expect(v.brand.logo).toBeNull();
    expect(v.slides).toEqual([]);
  });

  it('reads release texts, colours (valid hex only) and the inverse logo rendition', () => {
    const sha = 'b'.repeat(64);
    const v = screenView(
      manifest({
        brand: {
          releaseId: 'r1',
          tokens: { colors: { primary: '#0B3D91', accent: 'red; background:url(x)' } },
          texts: { slogan: 'Phục vụ nhân dân', unitName: 'Phường Ba Đình', fourLuon: ['Luôn mỉm cười'] },
          assets: [
            { url: '/a/logo-full.png', sha256: sha, role: 'logo-full', format: 'png' },
            { url: '/a/logo-inverse.png', sha256: sha, role: 'logo-inverse', format: 'png' },
            { url: '/a/logo-inverse.webp', sha256: sha, role: 'logo-inverse', format: 'webp' },
          ],
        },
      }),
      0,
    );
    expect(v.brand.slogan).toBe('Phục vụ nhân dân');
    expect(v.brand.colors.primary).toBe('#0B3D91');
    expect(v.brand.colors.accent).toBe(DEFAULT_COLORS.accent);
    expect(v.brand.fourLuon).toEqual(['Luôn mỉm cười']);
    expect(v.brand.logo?.url).toBe('/a/logo-inverse.webp');
  });

  it('turns a notice into procedure cards plus its own text, as plain strings', () => {
    const slides = slidesOf({
      id: 'n1',
      title: { vi: 'Thủ tục hộ tịch' },
      body: {
        vi: [
          { type: 'p', spans: [{ text: '<img src=x onerror=alert(1)>' }] },
          { type: 'ul', items: [[{ text: 'Mục ' }, { text: 'một', bold: true }]] },
        ],
      },
      procedures: [
        {
          code: '1.001193',
          name: { vi: 'Đăng ký khai sinh' },
          field: { vi: 'Hộ tịch' },
          fees: { items: [{ kind: 'fee', name: { vi: 'Cấp bản sao' }, amountVnd: 8000 }] },
          deadline: { workingDays: 0, text: { vi: 'Ngay trong ngày' } },
          papers: [{ name: { vi: 'Tờ khai' }, originals: 1, copies: 0 }],
          onlineUrl: 'https://dichvucong.gov.vn/x',
        },
        { code: '1.000000', name: { vi: 'Liên kết lạ' }, onlineUrl: 'javascript:alert(1)' },
      ],
    });
    expect(slides.map((s) => s.kind)).toEqual(['procedure', 'procedure', 'notice']);
    const [p, q, n] = slides;
    expect(p).toMatchObject({
      id: 'n1:1.001193',
      name: 'Đăng ký khai sinh',
      deadline: 'Ngay trong ngày',
      onlineUrl: 'https://dichvucong.gov.vn/x',
    });
    expect(p?.kind === 'procedure' && p.fees).toEqual([{ label: 'Cấp bản sao', amountVnd: 8000 }]);
    expect(q?.kind === 'procedure' && q.onlineUrl).toBeNull();
    expect(n).toEqual({
      kind: 'notice',
      id: 'n1',
      title: 'Thủ tục hộ tịch',
      paragraphs: ['<img src=x onerror=alert(1)>', '• Mục một'],
    });
    expect(paragraphsOf('Một\n\nHai')).toEqual(['Một', 'Hai']);
  });

  it('groups wayfinding by field and shows active alerts, most severe first', () => {
    const v = screenView(
      manifest({
        alerts: [
          { id: 'a1', severity: 'info', startedAt: 0, plannedEndAt: 5000, title: { vi: 'Thông tin' } },
          {
            id: 'a2',
            severity: 'critical',
            startedAt: 0,
            plannedEndAt: 5000,
            title: { vi: 'Sơ tán' },
            body: { vi: [{ type: 'p', spans: [{ text: 'Rời tòa nhà' }] }] },
          },
          { id: 'a3', severity: 'critical', startedAt: 0, plannedEndAt: 500, title: { vi: 'Đã hết' } },
        ],
      }),
      1000,
    );
    expect(v.wayfinding).toEqual([
      { field: 'Hộ tịch', counters: [1, 2], zone: 'Khu vực tiếp nhận và trả kết quả' },
      { field: 'Chứng thực', counters: [2], zone: 'Khu vực tiếp nhận và trả kết quả' },
    ]);
    expect(v.alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(v.alerts[0]).toMatchObject({ title: 'Sơ tán', body: 'Rời tòa nhà', level: 'critical' });
  });
});
