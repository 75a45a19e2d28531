import { describe, expect, it } from 'vitest';
import { parseMarkup, richTextInputSchema, toMarkup, toPlain } from '../../../server/text/rich-text.js';

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '"><svg/onload=alert(1)>',
  '&lt;b&gt;',
];

describe('rich text', () => {
  it('parses paragraphs, bullets and bold', () => {
    const t = parseMarkup('Đoạn **một**.\n\n- mục 1\n- mục **2**\n\nĐoạn hai\ncùng đoạn');
    expect(t).toEqual([
      { type: 'p', spans: [{ text: 'Đoạn ' }, { text: 'một', bold: true }, { text: '.' }] },
      { type: 'ul', items: [[{ text: 'mục 1' }], [{ text: 'mục ' }, { text: '2', bold: true }]] },
      { type: 'p', spans: [{ text: 'Đoạn hai cùng đoạn' }] },
    ]);
    expect(parseMarkup(toMarkup(t))).toEqual(t);
  });

  it('keeps HTML and script payloads as literal text', () => {
    for (const x of XSS) {
      const t = parseMarkup(x);
      expect(toPlain(t)).toBe(x);
      expect(JSON.stringify(t)).not.toMatch(/"(html|innerHTML|tag)"/);
    }
  });

  it('refuses control and bidi-override characters', () => {
    expect(richTextInputSchema.safeParse('abc\u0007').success).toBe(false);
    expect(richTextInputSchema.safeParse('abc\u202Edef').success).toBe(false);
    expect(richTextInputSchema.safeParse([{ type: 'p', spans: [{ text: 'x', bold: true }] }]).success).toBe(true);
    expect(richTextInputSchema.safeParse([{ type: 'html', html: '<b>x</b>' }]).success).toBe(false);
  });
});
