import { describe, expect, it } from 'vitest';
import { loadDefaultKit } from '../../../brand-kit/default-kit.js';
import { validateKit, MIN_LOGO_HEIGHT, type BrandProblem } from '../../../brand-kit/validate.js';
import { contrastRatio } from '../../../brand-kit/contrast.js';
import { textWidth, wrapLines } from '../../../brand-kit/font-metrics.js';
import type { BrandKit } from '../../../brand-kit/kit.schema.js';

const base = (): BrandKit => structuredClone(loadDefaultKit().kit);
const problemsOf = (kit: unknown, opts = {}): BrandProblem[] => validateKit(kit, opts).problems;
const codes = (ps: BrandProblem[]) => ps.map((p) => `${p.code} ${p.path}`);

describe('default kit', () => {
  it('validates, and carries the slogan, five core values and the 4 xin – 4 luôn lines', () => {
    const { kit, problems } = validateKit(base());
    expect(problems).toEqual([]);
    expect(kit?.texts.slogan).toBe('Hành chính phục vụ');
    expect(kit?.texts.coreValues.join(' – ')).toBe('Khoa học – Hiệu quả – Hiện đại – Sẵn sàng – Thân thiện');
    expect(kit?.texts.fourXin).toEqual(['Xin chào', 'Xin lỗi', 'Xin cảm ơn', 'Xin phép']);
    expect(kit?.texts.fourLuon).toEqual(['Luôn mỉm cười', 'Luôn nhẹ nhàng', 'Luôn lắng nghe', 'Luôn giúp đỡ']);
    expect(kit?.typography.fontFamily).toBe('Be Vietnam Pro');
  });

  it('takes the city palette from config and still checks it', () => {
    const { kit } = loadDefaultKit({ palette: { primary: '#C8102E' } });
    expect(kit.colors['primary']).toBe('#C8102E');
    expect(problemsOf(kit)).toEqual([]);
    const pale = loadDefaultKit({ palette: { primary: '#FF9999' } }).kit;
    expect(codes(problemsOf(pale))).toContain('BRAND_CONTRAST contrastPairs.3');
  });
});

describe('each rule rejects a bad kit with its path and code', () => {
  it('required parts: a missing logo variant, an empty slogan, a missing colour token', () => {
    const kit = base();
    const logos: Record<string, unknown> = { ...kit.logos };
    delete logos['mono'];
    const ps = problemsOf({ ...kit, logos, texts: { ...kit.texts, slogan: '' } });
    expect(codes(ps)).toEqual(expect.arrayContaining(['BRAND_REQUIRED logos.mono', 'BRAND_REQUIRED texts.slogan']));
    const noPrimary = base();
    delete noPrimary.colors['primary'];
    noPrimary.contrastPairs = noPrimary.contrastPairs.filter((p) => p.fg !== 'primary' && p.bg !== 'primary');
    expect(codes(problemsOf(noPrimary))).toEqual(['BRAND_REQUIRED colors.primary']);
  });

  it('returns every problem, not just the first', () => {
    const kit = base();
    kit.colors['muted'] = '#BBBBBB';
    kit.colors['success'] = '#9AD0A0';
    kit.typography.profiles['counter-720'].header.logoHeightPx = 20;
    kit.texts.slogan = 'Hành chính phục vụ nhân dân, tận tâm, tận tình, tận tụy, chu đáo mọi lúc mọi nơi';
    const ps = problemsOf(kit);
    expect(codes(ps)).toEqual(
      expect.arrayContaining([
        'BRAND_CONTRAST contrastPairs.2',
        'BRAND_CONTRAST contrastPairs.6',
        'BRAND_LOGO_TOO_SMALL typography.profiles.counter-720.header.logoHeightPx',
        'BRAND_TEXT_OVERFLOW texts.slogan',
      ]),
    );
  });

  it('contrast: normal text needs 4.5:1, large text 3:1', () => {
    const kit = base();
    kit.colors['muted'] = '#8A8A8A'; // ≈ 3.5:1 on white
    expect(contrastRatio('#8A8A8A', '#FFFFFF')).toBeGreaterThan(3);
    const ps = problemsOf(kit);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ path: 'contrastPairs.2', code: 'BRAND_CONTRAST' });
    expect(ps[0]?.message).toMatch(/4\.5:1/);
    kit.contrastPairs[2] = { ...kit.contrastPairs[2]!, large: true };
    expect(problemsOf(kit)).toEqual([]);
  });

  it('contrast pairs must name existing tokens', () => {
    const kit = base();
    kit.contrastPairs.push({ name: 'x', fg: 'nope', bg: 'paper', large: false });
    expect(codes(problemsOf(kit))).toEqual([`BRAND_UNKNOWN_TOKEN contrastPairs.${kit.contrastPairs.length - 1}.fg`]);
  });

  it('logo: below the per-profile minimum, or a raster source smaller than shown', () => {
    const kit = base();
    kit.typography.profiles['landscape-4k'].header.logoHeightPx = MIN_LOGO_HEIGHT['landscape-4k'] - 1;
    expect(codes(problemsOf(kit))).toEqual([
      'BRAND_LOGO_TOO_SMALL typography.profiles.landscape-4k.header.logoHeightPx',
    ]);
    const raster = base();
    raster.logos.inverse = { ...raster.logos.inverse, type: 'image/png', width: 100, height: 100, name: 'small.png' };
    const ps = problemsOf(raster);
    expect(codes(ps)).toEqual(['BRAND_LOGO_TOO_SMALL logos.inverse']);
    expect(ps[0]?.message).toMatch(/100px high/);
  });

  it('text fit: a unit name that needs more lines than the header has at the minimum size', () => {
    const kit = base();
    kit.texts.unitName =
      'Trung tâm Phục vụ hành chính công thành phố Hà Nội – Chi nhánh số 12 – Điểm tiếp nhận và trả kết quả liên thông khu vực phía Bắc sông Hồng';
    const ps = problemsOf(kit);
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => p.code === 'BRAND_TEXT_OVERFLOW' && p.path === 'texts.unitName')).toBe(true);
    expect(ps.map((p) => p.message).join()).toMatch(/portrait-1080/);
  });

  it('naming rule for the unit kind', () => {
    const kit = base();
    kit.texts.unitName = 'Văn phòng một cửa Ba Đình';
    expect(codes(problemsOf(kit, { unitKind: 'site' }))).toEqual(['BRAND_NAME_RULE texts.unitName']);
    kit.texts.unitName = 'Điểm phục vụ hành chính công phường Ba Đình';
    expect(problemsOf(kit, { unitKind: 'site' })).toEqual([]);
  });

  it('schema: a malformed colour and an unknown field', () => {
    const kit = { ...base(), colors: { ...base().colors, ink: 'black' }, extra: 1 };
    const ps = problemsOf(kit);
    expect(codes(ps)).toEqual(expect.arrayContaining(['BRAND_SCHEMA colors.ink', 'BRAND_SCHEMA (kit)']));
  });
});

describe('text measurement with the real Be Vietnam Pro widths', () => {
  it('knows Vietnamese letters and that bold is wider', () => {
    expect(textWidth('ệ', 100, 400)).toBeGreaterThan(40);
    expect(textWidth('Hành chính phục vụ', 36, 700)).toBeGreaterThan(textWidth('Hành chính phục vụ', 36, 400));
    expect(textWidth('iiii', 100, 400)).toBeLessThan(textWidth('MMMM', 100, 400) / 2);
    expect(wrapLines('Điểm phục vụ hành chính công phường Ba Đình', 300, 32, 700).length).toBeGreaterThan(1);
  });
});
