import { describe, expect, it } from 'vitest';
import { contrastRows, failingPairsOf, formatRatio, problemsByField } from '../../../displays/admin/lib/brand-draft.js';

const colors = { accent: '#F2B705', primaryDark: '#8C1D18', ink: '#1B1B1F', paper: '#FFFFFF' };
const pairs = [
  { name: 'Slogan', fg: 'accent', bg: 'primaryDark', large: true },
  { name: 'Body', fg: 'ink', bg: 'paper', large: false },
  { name: 'Ghost', fg: 'nope', bg: 'paper', large: false },
];

describe('brand draft contrast', () => {
  it('computes WCAG ratios with the large-text threshold', () => {
    const rows = contrastRows(colors, pairs);
    expect(rows[0]?.required).toBe(3);
    expect(rows[0]?.ok).toBe(true);
    expect(rows[1]?.required).toBe(4.5);
    expect(rows[1]?.ratio).toBeGreaterThan(16);
    expect(rows[2]).toMatchObject({ ratio: null, ok: false });
  });

  it('flags the slogan pair when the accent gets too dark, on the accent field', () => {
    const rows = contrastRows({ ...colors, accent: '#A0522D' }, pairs);
    const failing = failingPairsOf('accent', rows);
    expect(failing.map((r) => r.name)).toEqual(['Slogan']);
    expect(failing[0]?.ratio).toBeLessThan(3);
    expect(failingPairsOf('ink', rows)).toEqual([]);
  });

  it('never rounds a failing ratio up to a passing one', () => {
    expect(formatRatio(4.49)).toBe('4.4:1');
    expect(formatRatio(21)).toBe('21.0:1');
    expect(formatRatio(null)).toBe('—');
  });
});

describe('brand editor helpers', () => {
  it('groups server problems by field', () => {
    const m = problemsByField([
      { path: 'contrastPairs.4', code: 'BRAND_CONTRAST', message: 'a' },
      { path: 'texts.slogan', code: 'BRAND_REQUIRED', message: 'b' },
      { path: 'texts.slogan', code: 'BRAND_TEXT_OVERFLOW', message: 'c' },
      { path: '(kit)', code: 'BRAND_SCHEMA', message: 'd' },
    ]);
    expect(m.get('texts.slogan')?.map((p) => p.message)).toEqual(['b', 'c']);
    expect(m.get('contrastPairs.4')).toHaveLength(1);
    expect(m.get('kit')).toHaveLength(1);
  });
});
