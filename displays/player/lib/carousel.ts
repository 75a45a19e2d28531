/**
 * Carousel timing: each slide stays long enough to be read (a base time plus reading time for
 * its text, clamped), and the slide on screen at any moment is a pure function of the elapsed
 * time, so a reload or a stalled frame never desynchronises it.
 */
export interface SlideTiming {
  id: string;
  /** Characters of text on the slide, for reading time. */
  chars: number;
}

export interface Schedule {
  ids: readonly string[];
  /** Start offset of each slide within one cycle. */
  starts: readonly number[];
  durations: readonly number[];
  cycleMs: number;
}

export const SLIDE_MIN_MS = 10_000;
export const SLIDE_MAX_MS = 40_000;
/** Slow reading from across the room: ~12 characters a second, plus time to look up. */
const BASE_MS = 6_000;
const MS_PER_CHAR = 85;

export function slideDurationMs(chars: number): number {
  const ms = BASE_MS + Math.max(0, chars) * MS_PER_CHAR;
  return Math.min(SLIDE_MAX_MS, Math.max(SLIDE_MIN_MS, Math.round(ms / 500) * 500));
}

export function buildSchedule(slides: readonly SlideTiming[]): Schedule {
  const starts: number[] = [];
  const durations: number[] = [];
  let t = 0;
  for (const s of slides) {
    starts.push(t);
    const d = slideDurationMs(s.chars);
    durations.push(d);
    t += d;
  }
  return { ids: slides.map((s) => s.id), starts, durations, cycleMs: t };
}

/** The slide shown `elapsedMs` after the schedule began, and how long until the next one. */
export function slideAt(schedule: Schedule, elapsedMs: number): { index: number; remainingMs: number } | null {
  if (schedule.ids.length === 0 || schedule.cycleMs <= 0) return null;
  const t = ((elapsedMs % schedule.cycleMs) + schedule.cycleMs) % schedule.cycleMs;
  // Few slides (tens at most): a linear scan is clearer than a binary search.
  for (let i = schedule.starts.length - 1; i >= 0; i--) {
    const start = schedule.starts[i] ?? 0;
    if (t >= start) return { index: i, remainingMs: start + (schedule.durations[i] ?? 0) - t };
  }
  return { index: 0, remainingMs: schedule.durations[0] ?? 0 };
}

/** True when two schedules show the same slides for the same times (keep the phase on a manifest swap). */
export function sameSchedule(a: Schedule, b: Schedule): boolean {
  return a.ids.length === b.ids.length && a.ids.every((id, i) => id === b.ids[i] && a.durations[i] === b.durations[i]);
}

/** Which page of `total` items (pages of `pageSize`) is shown at `elapsedMs`, rotating every `pageMs`. */
export function pageAt(
  total: number,
  pageSize: number,
  elapsedMs: number,
  pageMs: number,
): { start: number; end: number; page: number; pages: number } {
  if (total <= 0 || pageSize <= 0) return { start: 0, end: 0, page: 0, pages: 0 };
  const pages = Math.ceil(total / pageSize);
  const page = pageMs > 0 ? Math.floor(Math.max(0, elapsedMs) / pageMs) % pages : 0;
  const start = page * pageSize;
  return { start, end: Math.min(total, start + pageSize), page, pages };
}

/** Ticker pages: the "4 xin", the "4 luôn" and the core values, each one line. */
export function tickerPages(input: {
  fourXin: readonly string[];
  fourLuon: readonly string[];
  coreValues: readonly string[];
}): { label: string; text: string }[] {
  const pages = [
    { label: '4 xin', text: input.fourXin.join(' – ') },
    { label: '4 luôn', text: input.fourLuon.join(' – ') },
    { label: 'Giá trị', text: input.coreValues.join(' – ') },
  ];
  return pages.filter((p) => p.text !== '');
}
