import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDateVi,
  formatPaperCounts,
  formatVnd,
  hcmParts,
  msToNextMinute,
} from '../../../displays/player/lib/format.js';

describe('Vietnamese formatting (Asia/Ho_Chi_Minh)', () => {
  it('formats date and clock in Hà Nội time, across the UTC day boundary', () => {
    const t = Date.UTC(2026, 2, 1, 17, 5, 0); // 00:05 Monday 2 March in Hà Nội
    expect(formatDateVi(t)).toBe('Thứ Hai, ngày 02/03/2026');
    expect(formatClock(t)).toBe('00:05');
    expect(formatDateVi(Date.UTC(2026, 10, 21, 10, 0))).toBe('Thứ Bảy, ngày 21/11/2026');
    expect(formatDateVi(Date.UTC(2026, 10, 21, 17, 0))).toBe('Chủ nhật, ngày 22/11/2026');
    expect(hcmParts(Date.UTC(2026, 11, 31, 16, 59, 59))).toMatchObject({
      year: 2026,
      month: 12,
      day: 31,
      hour: 23,
      minute: 59,
    });
    expect(hcmParts(Date.UTC(2026, 11, 31, 17, 0, 0))).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0 });
  });

  it('agrees with the platform time-zone data where it has it', () => {
    const t = Date.UTC(2026, 6, 15, 3, 42);
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(t);
    expect(formatClock(t)).toBe(intl);
  });

  it('schedules the next clock tick at the minute boundary', () => {
    expect(msToNextMinute(Date.UTC(2026, 0, 1, 0, 0, 59, 500))).toBe(500);
    expect(msToNextMinute(Date.UTC(2026, 0, 1, 0, 1, 0, 0))).toBe(60_000);
  });

  it('formats fees in đồng with dots, zero as free', () => {
    expect(formatVnd(8000)).toBe('8.000 đ');
    expect(formatVnd(1_250_000)).toBe('1.250.000 đ');
    expect(formatVnd(500)).toBe('500 đ');
    expect(formatVnd(0)).toBe('Miễn phí');
  });

  it('counts originals and copies of a paper', () => {
    expect(formatPaperCounts(1, 0)).toBe('1 bản chính');
    expect(formatPaperCounts(2, 1)).toBe('2 bản chính, 1 bản sao');
    expect(formatPaperCounts(0, 3)).toBe('3 bản sao');
  });
});
