import { describe, expect, it } from 'vitest';
import {
  EMPTY_AUDIT_FILTERS,
  auditFilterProblem,
  auditQuery,
  auditSubject,
  hanoiDayStart,
} from '../../../displays/admin/lib/audit-query.js';
import { brandCssVars } from '../../../displays/admin/lib/brand-vars.js';
import { isFinished, jobPercent, pollDelayMs } from '../../../displays/admin/lib/import-progress.js';

describe('audit query', () => {
  it('reads dates as whole days in Hà Nội (UTC+7)', () => {
    expect(hanoiDayStart('2026-03-02')).toBe(Date.UTC(2026, 2, 1, 17));
    expect(hanoiDayStart('')).toBeUndefined();
    expect(hanoiDayStart('02/03/2026')).toBeUndefined();
    const q = auditQuery({ ...EMPTY_AUDIT_FILTERS, from: '2026-03-02', to: '2026-03-02', entity: ' user ' });
    expect(q).toMatchObject({
      from: Date.UTC(2026, 2, 1, 17),
      to: Date.UTC(2026, 2, 2, 17) - 1,
      entity: 'user',
      limit: 50,
    });
    expect(q['orgId']).toBeUndefined();
  });

  it('refuses a from date after the to date', () => {
    expect(auditFilterProblem({ ...EMPTY_AUDIT_FILTERS, from: '2026-03-05', to: '2026-03-01' })).toBe('from-after-to');
    expect(auditFilterProblem({ ...EMPTY_AUDIT_FILTERS, from: '2026-03-01', to: '2026-03-01' })).toBeNull();
  });
});

describe('audit subject', () => {
  it('names the changed thing from its after, then before state', () => {
    expect(auditSubject({ before: null, after: { id: 'u1', displayName: 'Lê Thị Mai', username: 'le.thi.mai' } })).toBe(
      'Lê Thị Mai',
    );
    expect(auditSubject({ before: { name: { vi: 'Đăng ký khai sinh' } }, after: null })).toBe('Đăng ký khai sinh');
    expect(auditSubject({ before: null, after: [1, 2] })).toBeNull();
    expect(auditSubject({ before: 'x', after: { name: '  ' } })).toBeNull();
  });
});

describe('brand colours for the console', () => {
  it('maps kit tokens to the theme variables and skips bad values', () => {
    expect(brandCssVars({ primary: '#B3261E', ink: '#1B1B1F', accent: 'red', other: '#000000' })).toEqual({
      '--brand-primary': '#B3261E',
      '--brand-text': '#1B1B1F',
    });
  });
});

describe('import progress', () => {
  it('is 0 until the total is known, then proportional, and 100 when finished', () => {
    expect(jobPercent({ state: 'parsing', processed: 0, total: null })).toBe(0);
    expect(jobPercent({ state: 'validating', processed: 8, total: 32 })).toBe(25);
    expect(jobPercent({ state: 'validating', processed: 40, total: 32 })).toBe(100);
    expect(jobPercent({ state: 'failed', processed: 0, total: null })).toBe(100);
    expect(isFinished({ state: 'applying', processed: 1, total: 2 })).toBe(false);
  });

  it('backs off polling up to one second', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelayMs)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
