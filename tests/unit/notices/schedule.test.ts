import { describe, expect, it } from 'vitest';
import {
  inDailyHours,
  isShowing,
  nextBoundary,
  toVnIso,
  vnDayStart,
  vnMinuteOfDay,
} from '../../../server/notices/schedule.js';

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (iso: string): number => Date.parse(`${iso}+07:00`);

describe('Vietnam time (UTC+7, no DST)', () => {
  it('puts the day boundary at 17:00 UTC', () => {
    expect(vnDayStart(vn('2026-03-02T00:30:00'))).toBe(Date.UTC(2026, 2, 1, 17, 0));
    expect(vnMinuteOfDay(Date.UTC(2026, 2, 1, 16, 59))).toBe(23 * 60 + 59);
    expect(vnMinuteOfDay(Date.UTC(2026, 2, 1, 17, 0))).toBe(0);
    expect(toVnIso(Date.UTC(2026, 2, 1, 17, 0))).toBe('2026-03-02T00:00:00+07:00');
  });

  it('has the same offset in summer and winter', () => {
    expect(vnMinuteOfDay(vn('2026-07-01T08:00:00'))).toBe(480);
    expect(vnMinuteOfDay(vn('2026-12-31T08:00:00'))).toBe(480);
  });
});

describe('validity window', () => {
  const s = { validFrom: vn('2026-03-02T08:00:00'), validTo: vn('2026-03-03T00:00:00'), dailyHours: [] };
  it('starts exactly at validFrom and ends exactly at validTo (half-open)', () => {
    expect(isShowing(s, s.validFrom - 1)).toBe(false);
    expect(isShowing(s, s.validFrom)).toBe(true);
    expect(isShowing(s, vn('2026-03-02T23:59:59'))).toBe(true);
    expect(isShowing(s, s.validTo)).toBe(false);
  });
  it('may be open-ended', () => {
    expect(isShowing({ ...s, validTo: null }, vn('2030-01-01T00:00:00'))).toBe(true);
  });
});

describe('daily hours in Vietnam time', () => {
  const office = [
    { from: '07:30', to: '11:30' },
    { from: '13:30', to: '17:00' },
  ];
  it('shows inside the intervals only', () => {
    expect(inDailyHours(office, vn('2026-03-02T07:29:59'))).toBe(false);
    expect(inDailyHours(office, vn('2026-03-02T07:30:00'))).toBe(true);
    expect(inDailyHours(office, vn('2026-03-02T11:30:00'))).toBe(false);
    expect(inDailyHours(office, vn('2026-03-02T12:00:00'))).toBe(false);
    expect(inDailyHours(office, vn('2026-03-02T16:59:59'))).toBe(true);
    expect(inDailyHours(office, vn('2026-03-02T17:00:00'))).toBe(false);
  });
  it('is evaluated in Vietnam time, not UTC (08:00 VN is 01:00 UTC)', () => {
    expect(inDailyHours([{ from: '08:00', to: '09:00' }], Date.UTC(2026, 2, 2, 1, 30))).toBe(true);
    expect(inDailyHours([{ from: '08:00', to: '09:00' }], Date.UTC(2026, 2, 2, 8, 30))).toBe(false);
  });
  it('crosses midnight when to < from, and accepts 24:00', () => {
    const night = [{ from: '22:00', to: '02:00' }];
    expect(inDailyHours(night, vn('2026-03-02T23:59:00'))).toBe(true);
    expect(inDailyHours(night, vn('2026-03-03T00:00:00'))).toBe(true);
    expect(inDailyHours(night, vn('2026-03-03T01:59:59'))).toBe(true);
    expect(inDailyHours(night, vn('2026-03-03T02:00:00'))).toBe(false);
    expect(inDailyHours([{ from: '20:00', to: '24:00' }], vn('2026-03-02T23:59:59'))).toBe(true);
    expect(inDailyHours([{ from: '20:00', to: '24:00' }], vn('2026-03-03T00:00:00'))).toBe(false);
  });
});

describe('nextBoundary', () => {
  it('gives the next daily edge, then the window end', () => {
    const s = {
      validFrom: vn('2026-03-02T00:00:00'),
      validTo: vn('2026-03-04T00:00:00'),
      dailyHours: [{ from: '08:00', to: '17:00' }],
    };
    expect(nextBoundary(s, vn('2026-03-02T06:00:00'))).toBe(vn('2026-03-02T08:00:00'));
    expect(nextBoundary(s, vn('2026-03-02T08:00:00'))).toBe(vn('2026-03-02T17:00:00'));
    expect(nextBoundary(s, vn('2026-03-02T18:00:00'))).toBe(vn('2026-03-03T08:00:00'));
    expect(nextBoundary(s, vn('2026-03-03T18:00:00'))).toBe(vn('2026-03-04T00:00:00'));
    expect(nextBoundary(s, vn('2026-03-04T00:00:00'))).toBeNull();
  });
  it('gives the window start for a future notice', () => {
    expect(
      nextBoundary({ validFrom: vn('2026-03-05T09:00:00'), validTo: null, dailyHours: [] }, vn('2026-03-02T09:00:00')),
    ).toBe(vn('2026-03-05T09:00:00'));
  });
});
