import { describe, expect, it } from 'vitest';
import { OpeningCalendar, localDate, localHour } from '../../../server/facility/opening-hours.js';
import { overlapMs, mergeSpans } from '../../../server/reports/intervals.js';
import { neutralise, toCsv } from '../../../server/reports/csv.js';
import { p90 } from '../../../server/facility/ingest-adapter.js';
import { addInterval } from '../../../server/maintenance/maintenance.service.js';

const vn = (iso: string): number => Date.parse(`${iso}+07:00`);
const H = 3_600_000;
const week = { open: '08:00', close: '12:00' };
const pm = { open: '13:30', close: '17:00' };
const cal = new OpeningCalendar({
  openingHours: {
    mon: [week, pm],
    tue: [week, pm],
    wed: [week, pm],
    thu: [week, pm],
    fri: [week, pm],
    sat: [week],
    sun: [],
  },
  holidays: [{ date: '2026-04-30' }, { date: '2026-05-01' }],
});

describe('opening calendar (Asia/Ho_Chi_Minh)', () => {
  it('knows open instants, lunch, weekends and holidays', () => {
    expect(cal.isOpen(vn('2026-03-02T08:00:00'))).toBe(true);
    expect(cal.isOpen(vn('2026-03-02T12:00:00'))).toBe(false);
    expect(cal.isOpen(vn('2026-03-07T11:59:00'))).toBe(true);
    expect(cal.isOpen(vn('2026-03-07T13:30:00'))).toBe(false);
    expect(cal.isOpen(vn('2026-03-08T10:00:00'))).toBe(false);
    expect(cal.isOpen(vn('2026-04-30T10:00:00'))).toBe(false);
    expect(localDate(vn('2026-03-02T00:30:00'))).toBe('2026-03-02');
    expect(localHour(vn('2026-03-02T23:30:00'))).toBe(23);
  });

  it('counts open time between instants', () => {
    expect(cal.openMs(vn('2026-03-02T00:00:00'), vn('2026-03-09T00:00:00'))).toBe((5 * 7.5 + 4) * H);
    expect(cal.openMs(vn('2026-03-02T11:00:00'), vn('2026-03-02T14:00:00'))).toBe(1.5 * H);
    expect(cal.openMs(vn('2026-04-29T16:00:00'), vn('2026-05-04T09:00:00'))).toBe(1 * H + 4 * H + 1 * H);
  });

  it('adds open time across lunch, nights, weekends and holidays (SLA due times)', () => {
    expect(cal.addOpenMs(vn('2026-03-02T11:00:00'), 2 * H)).toBe(vn('2026-03-02T14:30:00'));
    expect(cal.addOpenMs(vn('2026-03-06T16:00:00'), 3 * H)).toBe(vn('2026-03-07T10:00:00'));
    expect(cal.addOpenMs(vn('2026-03-07T11:00:00'), 2 * H)).toBe(vn('2026-03-09T09:00:00'));
    expect(cal.addOpenMs(vn('2026-04-29T16:00:00'), 2 * H)).toBe(vn('2026-05-02T09:00:00'));
    expect(cal.addOpenMs(vn('2026-03-02T20:00:00'), 0)).toBe(vn('2026-03-03T08:00:00'));
  });
});

describe('report helpers', () => {
  it('overlaps episodes with opening intervals, merging overlapping episodes', () => {
    const open: [number, number][] = [
      [0, 10],
      [20, 30],
      [40, 50],
    ];
    expect(overlapMs(open, [[5, 25]])).toBe(10);
    expect(
      overlapMs(open, [
        [5, 25],
        [8, 22],
        [45, 100],
      ]),
    ).toBe(15);
    expect(
      mergeSpans([
        [5, 7],
        [1, 3],
        [2, 4],
      ]),
    ).toEqual([
      [1, 4],
      [5, 7],
    ]);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('+84 24')).toBe("'+84 24");
    expect(neutralise('-x')).toBe("'-x");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\tcmd')).toBe("'\tcmd");
    expect(neutralise(-3)).toBe(-3);
    expect(neutralise('Phường Ba Đình')).toBe('Phường Ba Đình');
    const csv = toCsv([{ key: '=cmd', fig: { a: 1 } }]);
    expect(csv).toContain("'=cmd");
    expect(csv).toContain('fig.a');
  });

  it('computes a nearest-rank 90th percentile', () => {
    expect(p90([])).toBeNull();
    expect(p90([5])).toBe(5);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([10, 1, 9, 2, 8, 3, 7, 4, 6, 5, 11])).toBe(10);
  });

  it('adds calendar months in local time, clamping to the month end', () => {
    expect(addInterval(vn('2026-01-31T09:00:00'), 'month', 1)).toBe(vn('2026-02-28T09:00:00'));
    expect(addInterval(vn('2026-03-01T00:30:00'), 'month', 1)).toBe(vn('2026-04-01T00:30:00'));
    expect(addInterval(vn('2026-03-01T09:00:00'), 'week', 2)).toBe(vn('2026-03-15T09:00:00'));
  });
});
