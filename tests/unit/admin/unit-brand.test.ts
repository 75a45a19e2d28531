import { describe, expect, it } from 'vitest';
import { namingExample, overridePatch, problemsFor, unitFieldViews } from '../../../displays/admin/lib/unit-brand.js';

const kit = {
  texts: {
    unitName: 'Phường Ba Đình',
    hotline: '024 3823 0000',
    openingHoursLine: 'Thứ Hai – Thứ Sáu: 08:00–17:00',
    localContact: '1 Phan Đình Phùng',
  },
  locks: ['texts.slogan', 'texts.localContact'],
};

describe('unit brand overrides', () => {
  const views = unitFieldViews(kit, { texts: { hotline: '1900 1234' } });

  it('shows what screens show, the unit’s own value, and the city’s locks', () => {
    expect(views.map((v) => [v.field, v.own, v.locked])).toEqual([
      ['unitName', '', false],
      ['hotline', '1900 1234', false],
      ['openingHoursLine', '', false],
      ['localContact', '', true],
    ]);
    expect(views[0]?.effective).toBe('Phường Ba Đình');
  });

  it('sends only what changed; emptying a field clears it; locked fields never go', () => {
    expect(overridePatch(views, { unitName: '', hotline: '1900 1234 ' })).toBeNull();
    expect(overridePatch(views, { unitName: 'Điểm PVHCC Ba Đình', hotline: '', localContact: 'x' })).toEqual({
      texts: { unitName: 'Điểm PVHCC Ba Đình', hotline: null },
    });
  });

  it('finds server problems by field, whatever unit prefixes them', () => {
    const problems = [
      { path: 'units.hn-p-ba-dinh.texts.unitName', message: 'a' },
      { path: 'texts.hotline', message: 'b' },
      { path: 'units.x.texts.unitNameX', message: 'c' },
    ];
    expect(problemsFor(problems, 'unitName').map((p) => p.message)).toEqual(['a']);
    expect(problemsFor(problems, 'hotline').map((p) => p.message)).toEqual(['b']);
  });

  it('checks a name against the city’s rule for the unit’s kind as it is typed', () => {
    const rules = [
      {
        kind: 'site',
        pattern: '^Điểm phục vụ hành chính công (phường|xã) \\S.*$',
        example: 'Điểm phục vụ hành chính công phường Ba Đình',
      },
    ];
    expect(namingExample(rules, 'site', 'Điểm PVHCC Ba Đình')).toBe('Điểm phục vụ hành chính công phường Ba Đình');
    expect(namingExample(rules, 'site', 'Điểm phục vụ hành chính công xã Sóc Sơn')).toBeNull();
    expect(namingExample(rules, 'branch', 'anything')).toBeNull();
    expect(namingExample(rules, 'site', '  ')).toBeNull();
  });
});
