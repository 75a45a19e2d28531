import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildSchedule,
  pageAt,
  sameSchedule,
  slideAt,
  slideDurationMs,
  SLIDE_MAX_MS,
  SLIDE_MIN_MS,
  tickerPages,
} from '../../../displays/player/lib/carousel.js';

describe('carousel timing', () => {
  it('gives longer slides more time, within bounds', () => {
    expect(slideDurationMs(0)).toBe(SLIDE_MIN_MS);
    expect(slideDurationMs(200)).toBeGreaterThan(slideDurationMs(50));
    expect(slideDurationMs(100_000)).toBe(SLIDE_MAX_MS);
  });

  it('shows each slide for its duration, then loops', () => {
    const s = buildSchedule([
      { id: 'a', chars: 0 },
      { id: 'b', chars: 300 },
    ]);
    const [da, db] = s.durations as [number, number];
    expect(s.cycleMs).toBe(da + db);
    expect(slideAt(s, 0)).toEqual({ index: 0, remainingMs: da });
    expect(slideAt(s, da - 1)).toEqual({ index: 0, remainingMs: 1 });
    expect(slideAt(s, da)).toEqual({ index: 1, remainingMs: db });
    expect(slideAt(s, s.cycleMs + 5)).toEqual({ index: 0, remainingMs: da - 5 });
    expect(slideAt(buildSchedule([]), 1000)).toBeNull();
  });

  it('is a total function of elapsed time (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(2000), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -1e9, max: 1e12 }),
        (chars, t) => {
          const s = buildSchedule(chars.map((c, i) => ({ id: String(i), chars: c })));
          const at = slideAt(s, t);
          expect(at).not.toBeNull();
          expect(at!.index).toBeGreaterThanOrEqual(0);
          expect(at!.index).toBeLessThan(chars.length);
          expect(at!.remainingMs).toBeGreaterThan(0);
          expect(at!.remainingMs).toBeLessThanOrEqual(s.durations[at!.index]!);
        },
      ),
    );
  });

  it('recognises an unchanged schedule so a manifest swap keeps the phase', () => {
    const a = buildSchedule([{ id: 'x', chars: 10 }]);
    expect(sameSchedule(a, buildSchedule([{ id: 'x', chars: 10 }]))).toBe(true);
    expect(sameSchedule(a, buildSchedule([{ id: 'y', chars: 10 }]))).toBe(false);
    expect(sameSchedule(a, buildSchedule([{ id: 'x', chars: 1000 }]))).toBe(false);
  });

  it('pages long lists and rotates the ticker', () => {
    expect(pageAt(7, 3, 0, 10_000)).toEqual({ start: 0, end: 3, page: 0, pages: 3 });
    expect(pageAt(7, 3, 25_000, 10_000)).toEqual({ start: 6, end: 7, page: 2, pages: 3 });
    expect(pageAt(7, 3, 30_000, 10_000).page).toBe(0);
    expect(pageAt(0, 3, 0, 10_000).pages).toBe(0);
    const pages = tickerPages({ fourXin: ['Xin chào', 'Xin lỗi'], fourLuon: ['Luôn mỉm cười'], coreValues: [] });
    expect(pages).toEqual([
      { label: '4 xin', text: 'Xin chào – Xin lỗi' },
      { label: '4 luôn', text: 'Luôn mỉm cười' },
    ]);
  });
});
