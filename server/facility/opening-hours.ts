/**
 * Opening-hours arithmetic for one site in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight
 * saving): which instants are open, how much open time lies between two instants, and the
 * instant reached after a given amount of open time (SLA due times). Holidays close the day.
 */
import type { OpeningHours } from '../org/org.schemas.js';

export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

export interface SiteCalendarInput {
  openingHours: OpeningHours;
  holidays: readonly { date: string }[];
}

/** `Date.getUTCDay()` order (0 = Sunday) → our weekday keys. */
const BY_JS_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local calendar date (YYYY-MM-DD) of an instant in Hà Nội. */
export const localDate = (t: number): string => new Date(t + VN_OFFSET_MS).toISOString().slice(0, 10);
/** The UTC instant at which the local day containing `t` starts. */
export const localDayStart = (t: number): number => Math.floor((t + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
/** Local hour of day 0–23. */
export const localHour = (t: number): number => Math.floor(((t + VN_OFFSET_MS) % DAY_MS) / 3_600_000);
/** Local weekday, 0 = Sunday. */
export const localWeekday = (t: number): number => new Date(t + VN_OFFSET_MS).getUTCDay();

export class OpeningCalendar {
  private readonly week: [number, number][][];
  private readonly holidays: Set<string>;

  constructor(input: SiteCalendarInput) {
    this.holidays = new Set(input.holidays.map((h) => h.date));
    this.week = BY_JS_DAY.map((d) =>
      [...input.openingHours[d]]
        .map((i): [number, number] => [minutes(i.open) * MIN_MS, minutes(i.close) * MIN_MS])
        .sort((a, b) => a[0] - b[0]),
    );
  }

  /** True when the site has no opening time in a normal week (then SLA falls back to wall time). */
  get neverOpen(): boolean {
    return this.week.every((d) => d.length === 0);
  }

  /** Open intervals of the local day starting at `dayStart` (a `localDayStart` value). */
  private day(dayStart: number): [number, number][] {
    if (this.holidays.has(localDate(dayStart))) return [];
    const list = this.week[localWeekday(dayStart)] ?? [];
    return list.map(([a, b]) => [dayStart + a, dayStart + b]);
  }

  isOpen(t: number): boolean {
    return this.day(localDayStart(t)).some(([a, b]) => t >= a && t < b);
  }

  /** Open intervals clipped to [from, to), in order. */
  intervals(from: number, to: number): [number, number][] {
    const out: [number, number][] = [];
    for (let d = localDayStart(from); d < to; d += DAY_MS) {
      for (const [a, b] of this.day(d)) {
        const s = Math.max(a, from);
        const e = Math.min(b, to);
        if (e > s) out.push([s, e]);
      }
    }
    return out;
  }

  openMs(from: number, to: number): number {
    if (to <= from) return 0;
    return this.intervals(from, to).reduce((sum, [a, b]) => sum + (b - a), 0);
  }

  /** The instant at which `ms` of open time has passed after `from`. */
  addOpenMs(from: number, ms: number): number {
    if (this.neverOpen) return from + ms;
    let left = ms;
    // Holidays never last a year; the bound only guards against a calendar with no open day.
    for (let d = localDayStart(from), n = 0; n < 800; d += DAY_MS, n++) {
      for (const [a, b] of this.day(d)) {
        const s = Math.max(a, from);
        if (b <= s) continue;
        if (b - s >= left) return s + left;
        left -= b - s;
      }
    }
    return from + ms;
  }
}
