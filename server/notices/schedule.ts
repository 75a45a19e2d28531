/**
 * When a notice shows: a validity window (epoch ms) and daily hours in Vietnam time.
 * Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving), so a fixed offset is exact.
 * Pure functions of an instant: the caller passes `clock.now()`.
 */
export const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface DailyHours {
  /** HH:MM, Vietnam time. */
  from: string;
  /** HH:MM or 24:00, Vietnam time; earlier than `from` means the span crosses midnight. */
  to: string;
}

export interface Schedule {
  validFrom: number;
  /** null: open-ended. */
  validTo: number | null;
  /** Empty: all day. */
  dailyHours: readonly DailyHours[];
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Start of the Vietnam calendar day holding `at`, as epoch ms. */
export const vnDayStart = (at: number): number => at - ((((at + VN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);

/** Minutes since Vietnam midnight at `at` (0–1439). */
export const vnMinuteOfDay = (at: number): number => Math.floor((at - vnDayStart(at)) / MINUTE_MS);

export function inDailyHours(hours: readonly DailyHours[], at: number): boolean {
  if (hours.length === 0) return true;
  const m = (at - vnDayStart(at)) / MINUTE_MS;
  return hours.some((h) => {
    const from = minutesOf(h.from);
    const to = minutesOf(h.to);
    return from < to ? m >= from && m < to : m >= from || m < to;
  });
}

/** Is something with this schedule showing at `at`? (window is half-open: [validFrom, validTo)) */
export function isShowing(s: Schedule, at: number): boolean {
  return at >= s.validFrom && (s.validTo === null || at < s.validTo) && inDailyHours(s.dailyHours, at);
}

/**
 * The next instant after `at` when `isShowing` may flip (window start/end or a daily-hours
 * edge), or null if it never will. Lets a manifest builder schedule its next refresh.
 */
export function nextBoundary(s: Schedule, at: number): number | null {
  const candidates: number[] = [];
  if (s.validFrom > at) candidates.push(s.validFrom);
  if (s.validTo !== null && s.validTo > at) candidates.push(s.validTo);
  const day = vnDayStart(at);
  for (const h of s.dailyHours) {
    for (const edge of [minutesOf(h.from), minutesOf(h.to) % 1440]) {
      let t = day + edge * MINUTE_MS;
      if (t <= at) t += DAY_MS;
      candidates.push(Math.max(t, s.validFrom));
    }
  }
  const valid = candidates.filter((t) => t > at && (s.validTo === null || t <= s.validTo));
  return valid.length === 0 ? null : Math.min(...valid);
}

/** An instant as ISO 8601 in Vietnam time, e.g. `2026-03-02T09:00:00+07:00`. */
export function toVnIso(at: number): string {
  return `${new Date(at + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
