/**
 * Vietnamese formatting for the lobby screen. Hà Nội time is UTC+7 all year (no daylight
 * saving), so dates and clocks are computed by offset rather than through the browser's
 * time-zone data, which a kiosk image may lack.
 */
const HCM_OFFSET_MS = 7 * 3_600_000;

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Wall-clock parts in Asia/Ho_Chi_Minh. */
export function hcmParts(epochMs: number): {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
} {
  const d = new Date(epochMs + HCM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** "Thứ Hai, ngày 02/03/2026". */
export function formatDateVi(epochMs: number): string {
  const p = hcmParts(epochMs);
  return `${WEEKDAYS[p.weekday] ?? ''}, ngày ${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}

/** "09:05" (24-hour, Hà Nội time). */
export function formatClock(epochMs: number): string {
  const p = hcmParts(epochMs);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Milliseconds until the displayed minute changes, so the clock re-renders once a minute. */
export function msToNextMinute(epochMs: number): number {
  return 60_000 - (((epochMs % 60_000) + 60_000) % 60_000);
}

/** "50.000 đ" with Vietnamese thousands dots; 0 → "Miễn phí". */
export function formatVnd(amount: number): string {
  if (amount === 0) return 'Miễn phí';
  const digits = String(Math.round(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits} đ`;
}

/** "Counter 3" label for the board. */
export const counterLabel = (n: number): string => `Quầy ${n}`;

/** "2 bản chính, 1 bản sao". */
export function formatPaperCounts(originals: number, copies: number): string {
  const parts: string[] = [];
  if (originals > 0) parts.push(`${originals} bản chính`);
  if (copies > 0) parts.push(`${copies} bản sao`);
  return parts.join(', ');
}
