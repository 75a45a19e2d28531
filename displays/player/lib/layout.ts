/**
 * Per-profile layout of the lobby screen: which regions show, where, and the minimum text size
 * that stays legible from five metres. Pure data, so it is unit tested and the elements only
 * apply it.
 */
import { PROFILE_SIZE, type ScreenProfile } from '../../../brand-kit/profiles.js';

export type Region = 'header' | 'carousel' | 'board' | 'wayfinding' | 'counter' | 'ticker';

/**
 * Assumed panel per profile (visible height in mm). A 55" 16:9 panel is 685 mm tall in
 * landscape (and 685 mm wide in portrait); a counter screen is a 32" panel, 398 mm tall.
 */
const PANEL_MM: Readonly<Record<ScreenProfile, { shortSideMm: number }>> = {
  'landscape-1080': { shortSideMm: 685 },
  'portrait-1080': { shortSideMm: 685 },
  'landscape-4k': { shortSideMm: 685 },
  'counter-720': { shortSideMm: 398 },
};

/** Font size (em box) for 5 m: ~12.5 mm capital height (distance / 400) ≈ 18 mm em. */
export const MIN_TEXT_MM_AT_5M = 18;

/** Smallest font size in CSS pixels that any text on this profile may use. */
export function minTextPx(profile: ScreenProfile): number {
  const size = PROFILE_SIZE[profile];
  const shortPx = Math.min(size.width, size.height);
  const mmPerPx = PANEL_MM[profile].shortSideMm / shortPx;
  return Math.ceil(MIN_TEXT_MM_AT_5M / mmPerPx);
}

export interface LayoutSpec {
  profile: ScreenProfile;
  width: number;
  height: number;
  /** Root font size in px; every text size is ≥ 1rem. */
  basePx: number;
  regions: readonly Region[];
  gridAreas: string;
  gridColumns: string;
  gridRows: string;
  /** Content limits so cards fit without clipping. */
  maxPapers: number;
  maxFees: number;
  maxBoardRows: number;
  /** Now-serving rows while people-waiting rows are shown below them (the panel keeps its height). */
  boardRowsWithWaiting: number;
  maxWaitingRows: number;
  maxWayfindingRows: number;
  /** Characters per line of a card's body text (for the fit estimate). */
  cardLineChars: number;
  /** Lines of body text a card can hold besides its title. */
  cardBodyLines: number;
  /** Card text size relative to the minimum (≥ 1), to fill the carousel panel. */
  cardScale: number;
  /** QR code side in card em. */
  qrEm: number;
}

export function layoutFor(profile: ScreenProfile): LayoutSpec {
  const { width, height } = PROFILE_SIZE[profile];
  const basePx = minTextPx(profile);
  const common = { profile, width, height, basePx };
  switch (profile) {
    case 'landscape-1080':
    case 'landscape-4k':
      return {
        ...common,
        regions: ['header', 'carousel', 'board', 'wayfinding', 'ticker'],
        gridAreas: '"header header" "carousel board" "carousel wayfinding" "ticker ticker"',
        gridColumns: '1fr 31%',
        gridRows: 'auto 1fr auto auto',
        maxPapers: 5,
        maxFees: 3,
        maxBoardRows: 5,
        boardRowsWithWaiting: 4,
        maxWaitingRows: 2,
        maxWayfindingRows: 3,
        cardLineChars: 40,
        cardBodyLines: 12,
        cardScale: 1.15,
        qrEm: 8.5,
      };
    case 'portrait-1080':
      return {
        ...common,
        regions: ['header', 'carousel', 'board', 'wayfinding', 'ticker'],
        gridAreas: '"header header" "carousel carousel" "board wayfinding" "ticker ticker"',
        gridColumns: '1fr 1fr',
        gridRows: 'auto 1fr auto auto',
        maxPapers: 6,
        maxFees: 3,
        maxBoardRows: 4,
        boardRowsWithWaiting: 3,
        maxWaitingRows: 2,
        maxWayfindingRows: 5,
        cardLineChars: 24,
        cardBodyLines: 20,
        cardScale: 1.3,
        qrEm: 8,
      };
    case 'counter-720':
      return {
        ...common,
        regions: ['header', 'counter', 'ticker'],
        gridAreas: '"header" "counter" "ticker"',
        gridColumns: '1fr',
        gridRows: 'auto 1fr auto',
        maxPapers: 0,
        maxFees: 0,
        maxBoardRows: 0,
        boardRowsWithWaiting: 0,
        maxWaitingRows: 0,
        maxWayfindingRows: 0,
        cardLineChars: 0,
        cardBodyLines: 0,
        cardScale: 1,
        qrEm: 0,
      };
  }
}

/** Estimated lines a text takes at `lineChars` characters per line. */
export function estimateLines(text: string, lineChars: number): number {
  if (lineChars <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil(text.length / lineChars));
}

/**
 * Keep items (in order) while their estimated lines fit `budget`; returns the kept items and how
 * many were left out, so a card says "+2 giấy tờ khác" instead of clipping.
 */
export function fitItems<T>(
  items: readonly T[],
  textOf: (item: T) => string,
  opts: { lineChars: number; budget: number; max: number },
): { kept: T[]; omitted: number } {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    if (kept.length >= opts.max) break;
    const lines = estimateLines(textOf(item), opts.lineChars);
    if (used + lines > opts.budget) break;
    kept.push(item);
    used += lines;
  }
  return { kept, omitted: items.length - kept.length };
}
