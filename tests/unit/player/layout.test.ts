import { describe, expect, it } from 'vitest';
import { PROFILE_SIZE, SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import {
  estimateLines,
  fitItems,
  layoutFor,
  MIN_TEXT_MM_AT_5M,
  minTextPx,
} from '../../../displays/player/lib/layout.js';

describe('layout per profile', () => {
  it('sets a 5-metre minimum text size from the panel size', () => {
    expect(minTextPx('landscape-1080')).toBe(29);
    expect(minTextPx('portrait-1080')).toBe(29);
    // Same panel, twice the pixels: twice the pixels per letter.
    expect(minTextPx('landscape-4k')).toBe(57);
    // Smaller counter panel: more pixels per millimetre.
    expect(minTextPx('counter-720')).toBe(33);
    for (const p of SCREEN_PROFILES) expect(minTextPx(p)).toBeGreaterThanOrEqual(MIN_TEXT_MM_AT_5M);
  });

  it('places every region it lists in the grid, and lobby screens show all panels', () => {
    for (const p of SCREEN_PROFILES) {
      const l = layoutFor(p);
      expect(l.width).toBe(PROFILE_SIZE[p].width);
      expect(l.basePx).toBe(minTextPx(p));
      for (const r of l.regions) expect(l.gridAreas).toContain(r);
      expect(l.regions).toContain('header');
      expect(l.regions).toContain('ticker');
      expect(l.cardScale).toBeGreaterThanOrEqual(1);
    }
    for (const p of ['landscape-1080', 'portrait-1080', 'landscape-4k'] as const) {
      expect(layoutFor(p).regions).toEqual(expect.arrayContaining(['carousel', 'board', 'wayfinding']));
    }
    expect(layoutFor('counter-720').regions).toEqual(['header', 'counter', 'ticker']);
  });

  it('keeps list items while they fit, and says how many were left out', () => {
    const items = ['short', 'x'.repeat(90), 'y'.repeat(10), 'z'];
    expect(estimateLines('x'.repeat(90), 40)).toBe(3);
    expect(estimateLines('', 40)).toBe(1);
    const fit = fitItems(items, (s) => s, { lineChars: 40, budget: 4, max: 10 });
    expect(fit.kept).toEqual(['short', 'x'.repeat(90)]);
    expect(fit.omitted).toBe(2);
    expect(fitItems(items, (s) => s, { lineChars: 40, budget: 100, max: 3 }).omitted).toBe(1);
    expect(fitItems([], (s: string) => s, { lineChars: 40, budget: 4, max: 3 })).toEqual({ kept: [], omitted: 0 });
  });
});

describe('board with people waiting', () => {
  it('gives now-serving rows to the waiting rows only where the panel has no room for both', () => {
    for (const p of ['landscape-1080', 'portrait-1080', 'landscape-4k', 'counter-720'] as const) {
      const l = layoutFor(p);
      expect(l.boardRowsWithWaiting).toBeLessThanOrEqual(l.maxBoardRows);
      // Whatever is shown, the now-serving board keeps at least as many rows as the waiting list.
      expect(l.boardRowsWithWaiting).toBeGreaterThanOrEqual(l.maxWaitingRows);
    }
    expect(layoutFor('portrait-1080').boardRowsWithWaiting).toBe(3);
    expect(layoutFor('counter-720').maxWaitingRows).toBe(0);
  });
});
