import { describe, expect, it } from 'vitest';
import { loadDefaultKit } from '../../../brand-kit/default-kit.js';
import {
  lockedPathsIn,
  mergeOverrides,
  openingHoursLine,
  resolveKit,
  type UnitFacts,
} from '../../../brand-kit/inherit.js';
import { unitOverrideSchema } from '../../../brand-kit/kit.schema.js';
import { checkSvg } from '../../../brand-kit/svg-safety.js';

const kit = loadDefaultKit().kit;
const week = {
  mon: [{ open: '08:00', close: '12:00' }],
  tue: [{ open: '08:00', close: '12:00' }],
  wed: [{ open: '08:00', close: '12:00' }],
  thu: [{ open: '08:00', close: '12:00' }],
  fri: [{ open: '08:00', close: '11:00' }],
  sat: [],
  sun: [],
};
const branch: UnitFacts = { id: 'b1', kind: 'branch', name: 'Chi nhánh 1', site: null };
const site: UnitFacts = {
  id: 's1',
  kind: 'site',
  name: 'Điểm phục vụ hành chính công phường A',
  site: { address: 'Số 1 phố A', hotline: '024 1', openingHours: week },
};

describe('inheritance and locks', () => {
  it('city locks are refused for anyone: slogan, core values, colours, logos', () => {
    const input = unitOverrideSchema.parse({
      texts: { slogan: 'Khác', coreValues: ['a', 'b', 'c', 'd', 'e'] },
      colors: { primary: '#000000' },
      logos: {},
    });
    expect(lockedPathsIn(kit, input).sort()).toEqual(['colors', 'logos', 'texts.coreValues', 'texts.slogan']);
    expect(
      lockedPathsIn(
        kit,
        unitOverrideSchema.parse({ texts: { unitName: 'X', hotline: '1', openingHoursLine: 'y', localContact: 'z' } }),
      ),
    ).toEqual([]);
  });

  it('a locked hotline is refused when the city locks it', () => {
    const locked = { ...kit, locks: [...kit.locks, 'texts.hotline' as const] };
    expect(lockedPathsIn(locked, unitOverrideSchema.parse({ texts: { hotline: '19001234' } }))).toEqual([
      'texts.hotline',
    ]);
  });

  it('unit facts and overrides apply down the tree, most specific last; null clears', () => {
    const siteOverrides = mergeOverrides({ texts: {} }, unitOverrideSchema.parse({ texts: { hotline: '1900 1234' } }));
    const resolved = resolveKit(kit, [
      { unit: branch, overrides: { texts: { localContact: 'Liên hệ chi nhánh' } } },
      { unit: site, overrides: siteOverrides },
    ]);
    expect(resolved.texts.unitName).toBe(site.name);
    expect(resolved.texts.hotline).toBe('1900 1234');
    expect(resolved.texts.localContact).toBe('Số 1 phố A');
    expect(resolved.texts.openingHoursLine).toBe('Thứ Hai – Thứ Năm: 08:00–12:00; Thứ Sáu: 08:00–11:00');
    expect(resolved.texts.slogan).toBe(kit.texts.slogan);
    const branchOnly = resolveKit(kit, [{ unit: branch, overrides: { texts: { localContact: 'Liên hệ chi nhánh' } } }]);
    expect(branchOnly.texts.localContact).toBe('Liên hệ chi nhánh');
    const cleared = mergeOverrides(siteOverrides, unitOverrideSchema.parse({ texts: { hotline: null } }));
    expect(cleared.texts).toEqual({});
  });

  it('an override stored before the city locked the field is ignored', () => {
    const locked = { ...kit, locks: [...kit.locks, 'texts.hotline' as const] };
    const resolved = resolveKit(locked, [{ unit: { ...site, site: null }, overrides: { texts: { hotline: 'old' } } }]);
    expect(resolved.texts.hotline).toBe(kit.texts.hotline);
  });

  it('opening hours line groups equal days', () => {
    expect(openingHoursLine({ ...week, fri: week.mon, sat: [{ open: '08:00', close: '12:00' }] })).toBe(
      'Thứ Hai – Thứ Bảy: 08:00–12:00',
    );
  });
});

describe('SVG safety', () => {
  it('lists scripts, handlers, external references and DTDs, and removes them', () => {
    const bad = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">
      <script>alert(2)</script><image href="https://evil.example/x.png" width="10" height="10"/>
      <rect style="fill:url(http://evil.example/p)" width="5" height="5"/><use href="#ok"/><style>@import url(x.css);</style>
      <foreignObject><div/></foreignObject><circle r="4" fill="red"/></svg>`;
    const { svg, problems } = checkSvg(bad);
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/',
        '/svg@onload',
        '/svg/script',
        '/svg/image@href',
        '/svg/rect@style',
        '/svg/style',
        '/svg/foreignObject',
      ]),
    );
    expect(svg).not.toMatch(/script|onload|evil|@import|foreignObject/);
    expect(svg).toMatch(/<use href="#ok"/);
    expect(svg).toMatch(/<circle/);
  });

  it('passes the shipped logos untouched in meaning', () => {
    expect(checkSvg('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>').problems).toEqual([]);
  });
});
