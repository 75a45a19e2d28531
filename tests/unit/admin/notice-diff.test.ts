/** The reviewer's diff: field by field against the published revision, text as plain text. */
import { describe, expect, it } from 'vitest';
import { baselineOf, noticeDiff } from '../../../displays/admin/lib/notice-diff.js';
import type { NoticeContent } from '../../../server/notices/notices.schemas.js';
import { parseMarkup } from '../../../server/text/rich-text.js';

const fmt = { dateTime: (ms: number) => new Date(ms).toISOString(), none: '—' };

const published: NoticeContent = {
  title: { vi: 'Hộ tịch' },
  body: { vi: parseMarkup('Mang **bản chính**.\n\n- Tờ khai\n- CCCD') },
  procedureCodes: ['1.001193', '1.000894'],
  target: { orgId: 'hn-p-ba-dinh', tags: ['ward'], zones: [], profiles: [] },
  validFrom: Date.UTC(2026, 2, 1),
  validTo: null,
  dailyHours: [{ from: '07:30', to: '11:30' }],
  priority: 50,
};

const row = (rows: ReturnType<typeof noticeDiff>, field: string) => {
  const r = rows.find((x) => x.field === field);
  if (!r) throw new Error(`no row ${field}`);
  return r;
};

describe('notice diff', () => {
  it('marks only the fields that changed, with plain text and list changes', () => {
    const next: NoticeContent = {
      ...published,
      body: { vi: parseMarkup('Mang **bản chính**.\n\n- Tờ khai\n- Hộ chiếu') },
      procedureCodes: ['1.001193', '2.000001'],
      target: { ...published.target, tags: ['ward', 'commune'] },
      validTo: Date.UTC(2026, 5, 1),
      priority: 60,
    };
    const rows = noticeDiff(published, next, fmt);
    expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual([
      'body',
      'procedureCodes',
      'tags',
      'validTo',
      'priority',
    ]);
    const body = row(rows, 'body');
    // Bold marks are gone: the reviewer reads what the citizen reads.
    expect(body.before).toBe('Mang bản chính.\n\n• Tờ khai\n• CCCD');
    expect(body.after).toBe('Mang bản chính.\n\n• Tờ khai\n• Hộ chiếu');
    expect(row(rows, 'procedureCodes')).toMatchObject({ added: ['2.000001'], removed: ['1.000894'] });
    expect(row(rows, 'tags')).toMatchObject({ added: ['commune'], removed: [] });
    expect(row(rows, 'validTo')).toMatchObject({ before: '—', after: '2026-06-01T00:00:00.000Z' });
    expect(row(rows, 'title').changed).toBe(false);
  });

  it('treats reordered procedures as a change but reordered tags as none', () => {
    const rows = noticeDiff(
      { ...published, target: { ...published.target, tags: ['a', 'b'] } },
      { ...published, procedureCodes: ['1.000894', '1.001193'], target: { ...published.target, tags: ['b', 'a'] } },
      fmt,
    );
    expect(row(rows, 'procedureCodes').changed).toBe(true);
    expect(row(rows, 'tags').changed).toBe(false);
  });

  it('names zones as the sites call them, added and dropped by name', () => {
    const names = new Map([
      ['waiting', 'Khu vực chờ'],
      ['lookup', 'Khu vực tra cứu'],
    ]);
    const rows = noticeDiff(
      { ...published, target: { ...published.target, zones: ['waiting'] } },
      { ...published, target: { ...published.target, zones: ['lookup', 'goc-rieng'] } },
      { ...fmt, zone: (id) => names.get(id) ?? id },
    );
    expect(row(rows, 'zones')).toMatchObject({
      changed: true,
      before: 'Khu vực chờ',
      after: 'Khu vực tra cứu, goc-rieng',
      added: ['Khu vực tra cứu', 'goc-rieng'],
      removed: ['Khu vực chờ'],
    });
  });

  it('shows a first revision as all new, empty lists as unchanged', () => {
    const rows = noticeDiff(null, published, fmt);
    expect(rows.every((r) => r.before === null)).toBe(true);
    expect(row(rows, 'title').changed).toBe(true);
    expect(row(rows, 'zones')).toMatchObject({ changed: false, after: '—' });
  });

  it('compares against the latest published or expired revision before the one under review', () => {
    const r = (revision: number, status: string) => ({ ...published, revision, status });
    expect(baselineOf([r(1, 'superseded'), r(2, 'published'), r(3, 'in_review')], 3)?.revision).toBe(2);
    expect(baselineOf([r(1, 'expired'), r(2, 'in_review')], 2)?.revision).toBe(1);
    expect(baselineOf([r(1, 'in_review')], 1)).toBeNull();
    expect(baselineOf([r(1, 'withdrawn'), r(2, 'draft')], 2)).toBeNull();
  });
});
