/** The notice editor's conversions: Hà Nội times, daily hours, free lists, the request body the server accepts. */
import { describe, expect, it } from 'vitest';
import {
  draftFromNotice,
  draftToBody,
  emptyDraft,
  hanoiLocalToIso,
  msToHanoiLocal,
  parseDailyHours,
  parseList,
} from '../../../displays/admin/lib/notice-form.js';
import { noticeInputSchema, type NoticeContent } from '../../../server/notices/notices.schemas.js';
import { parseMarkup, toPlain } from '../../../server/text/rich-text.js';

describe('Hà Nội time in the editor', () => {
  it('reads a datetime-local value as UTC+7 whatever the machine zone', () => {
    expect(hanoiLocalToIso('2026-03-02T08:00')).toBe('2026-03-02T08:00:00+07:00');
    expect(Date.parse(hanoiLocalToIso('2026-03-02T08:00') ?? '')).toBe(Date.UTC(2026, 2, 2, 1, 0));
    // 06:30 in Hà Nội is still the previous day in UTC.
    expect(msToHanoiLocal(Date.UTC(2026, 2, 1, 23, 30))).toBe('2026-03-02T06:30');
    expect(msToHanoiLocal(Date.parse('2026-03-02T08:00:00+07:00'))).toBe('2026-03-02T08:00');
  });

  it('refuses malformed and impossible times', () => {
    expect(hanoiLocalToIso('')).toBeNull();
    expect(hanoiLocalToIso('2026-02-31T08:00')).toBeNull();
    expect(hanoiLocalToIso('2026-03-02T25:00')).toBeNull();
    expect(hanoiLocalToIso('02/03/2026 08:00')).toBeNull();
  });
});

describe('free fields', () => {
  it('parses daily hours and names the bad pieces', () => {
    expect(parseDailyHours('7:30-11:30, 13:30 – 17:00')).toEqual({
      hours: [
        { from: '07:30', to: '11:30' },
        { from: '13:30', to: '17:00' },
      ],
      bad: [],
    });
    expect(parseDailyHours('sáng, 13:00-17:00').bad).toEqual(['sáng']);
    expect(parseDailyHours('  ')).toEqual({ hours: [], bad: [] });
  });

  it('splits tags into lower-case, unique items', () => {
    expect(parseList(' Ward, commune-point ward,,  ')).toEqual(['ward', 'commune-point']);
    expect(parseList('')).toEqual([]);
  });
});

describe('the request body', () => {
  const draft = {
    ...emptyDraft('hn-p-ba-dinh', Date.parse('2026-03-01T09:15:00+07:00')),
    title: 'Thủ tục hộ tịch',
    markup: 'Công dân lưu ý:\n\n- Mang **bản chính** giấy tờ\n- Nộp phí tại quầy 2',
    procedureCodes: ['1.001193', '1.000894'],
    tags: 'ward',
    zones: ['waiting'],
    profiles: ['landscape-1080' as const],
    validTo: '2026-04-01T17:00',
    dailyHours: '07:30-11:30, 13:30-17:00',
    priority: '70',
  };

  it('is accepted by the server schema, times in Hà Nội', () => {
    const { body, problems } = draftToBody(draft);
    expect(problems).toEqual([]);
    const parsed = noticeInputSchema.parse(body);
    expect(parsed.validFrom).toBe(Date.parse('2026-03-01T09:15:00+07:00'));
    expect(parsed.validTo).toBe(Date.parse('2026-04-01T17:00:00+07:00'));
    expect(parsed.target).toEqual({
      orgId: 'hn-p-ba-dinh',
      tags: ['ward'],
      zones: ['waiting'],
      profiles: ['landscape-1080'],
    });
    expect(parsed.body?.vi).toEqual([
      { type: 'p', spans: [{ text: 'Công dân lưu ý:' }] },
      {
        type: 'ul',
        items: [
          [{ text: 'Mang ' }, { text: 'bản chính', bold: true }, { text: ' giấy tờ' }],
          [{ text: 'Nộp phí tại quầy 2' }],
        ],
      },
    ]);
    expect(parsed.dailyHours).toHaveLength(2);
    expect(parsed.priority).toBe(70);
  });

  it('sends no text when the text is blank and names what the form can see is wrong', () => {
    expect(draftToBody({ ...draft, markup: '  ' }).body['body']).toBeNull();
    const bad = draftToBody({ ...draft, validFrom: '2026-13-01T08:00', dailyHours: 'cả ngày', priority: 'cao' });
    expect(bad.problems.map((p) => p.path)).toEqual(['validFrom', 'dailyHours', 'priority']);
  });

  it('round-trips a stored revision through the editor', () => {
    const parsed = noticeInputSchema.parse(
      draftToBody({ ...draft, titleEn: 'Civil status', markupEn: '- Bring **originals**' }).body,
    );
    const content: NoticeContent = {
      title: parsed.title,
      body: parsed.body?.en ? { vi: parsed.body.vi, en: parsed.body.en } : null,
      procedureCodes: parsed.procedureCodes,
      target: parsed.target,
      validFrom: parsed.validFrom,
      validTo: parsed.validTo,
      dailyHours: parsed.dailyHours,
      priority: parsed.priority,
    };
    const again = draftFromNotice(content);
    expect(again.validFrom).toBe(draft.validFrom);
    expect(again.validTo).toBe(draft.validTo);
    expect(again.dailyHours).toBe('07:30-11:30, 13:30-17:00');
    expect(again.titleEn).toBe('Civil status');
    expect(toPlain(parseMarkup(again.markup))).toBe(toPlain(parseMarkup(draft.markup)));
    expect(again.markupEn).toBe('- Bring **originals**');
  });

  it('keeps markup as text: tags typed in the body are characters, not HTML', () => {
    const parsed = noticeInputSchema.parse(
      draftToBody({ ...draft, markup: '<script>alert(1)</script> **<b>x</b>**' }).body,
    );
    expect(parsed.body?.vi).toEqual([
      { type: 'p', spans: [{ text: '<script>alert(1)</script> ' }, { text: '<b>x</b>', bold: true }] },
    ]);
  });
});
