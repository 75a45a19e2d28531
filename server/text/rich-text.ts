/**
 * Text safety for everything citizens read on a screen (procedures, notices, alerts).
 *
 * Text is never HTML. It is stored either as plain strings or as a tiny structured form
 * (paragraphs, bullet lists, bold spans) whose leaves are plain strings. Whatever a user types —
 * `<script>`, `<img onerror>`, `javascript:` — stays literal characters; renderers put leaves in
 * with `textContent` / Lit text bindings, so nothing is ever parsed as markup.
 *
 * The authoring form is a small markup: blank line = new paragraph, a line starting with
 * "- ", "* " or "• " = bullet item, `**bold**` = bold. Nothing else is interpreted.
 */
import { z } from '@hono/zod-openapi';

// C0/C1 controls (except tab and newline) and bidi overrides, which can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** A single-line plain string (NFC), refusing control and bidi-override characters. */
export const plainLine = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `at most ${max} characters`)
        .refine((s) => !FORBIDDEN_CHARS.test(s), 'contains control characters')
        .refine((s) => !/[\r\n]/.test(s), 'must be one line'),
    );

/** Plain text that may span lines (NFC, CRLF → LF), refusing control and bidi-override characters. */
export const plainText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `at most ${max} characters`)
        .refine((s) => !FORBIDDEN_CHARS.test(s), 'contains control characters'),
    );

export const spanSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .max(2000)
      .refine((s) => !FORBIDDEN_CHARS.test(s) && !/[\r\n]/.test(s), 'plain one-line text'),
    bold: z.literal(true).optional(),
  })
  .openapi('TextSpan');
export type Span = z.infer<typeof spanSchema>;

const spans = z.array(spanSchema).min(1).max(100);

export const blockSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('p'), spans }),
    z.strictObject({ type: z.literal('ul'), items: z.array(spans).min(1).max(50) }),
  ])
  .openapi('TextBlock');
export type Block = z.infer<typeof blockSchema>;

/** Structured rich text: paragraphs and bullet lists of plain spans. Never HTML. */
export const richTextSchema = z.array(blockSchema).min(1).max(100).openapi('RichText');
export type RichText = z.infer<typeof richTextSchema>;

const BULLET = /^(?:[-*•])\s+/u;

/** Split one line into plain and bold spans on `**…**`; an unpaired `**` stays literal. */
export function parseSpans(line: string): Span[] {
  const out: Span[] = [];
  const re = /\*\*(.+?)\*\*/gu;
  let last = 0;
  for (const m of line.matchAll(re)) {
    const before = line.slice(last, m.index);
    if (before) out.push({ text: before });
    const inner = m[1] ?? '';
    if (inner.trim()) out.push({ text: inner, bold: true });
    last = m.index + m[0].length;
  }
  const rest = line.slice(last);
  if (rest) out.push({ text: rest });
  return out.filter((s) => s.text.length > 0);
}

/** Parse the authoring markup into structured rich text. Throws nothing: any text is valid text. */
export function parseMarkup(markup: string): RichText {
  const lines = markup.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let items: Span[][] = [];
  const flushPara = () => {
    const text = para.join(' ').trim();
    if (text) blocks.push({ type: 'p', spans: parseSpans(text) });
    para = [];
  };
  const flushList = () => {
    if (items.length > 0) blocks.push({ type: 'ul', items });
    items = [];
  };
  for (const raw of lines) {
    const line = raw.replace(/\t/g, ' ').trim();
    if (!line) {
      flushPara();
      flushList();
    } else if (BULLET.test(line)) {
      flushPara();
      const spansOf = parseSpans(line.replace(BULLET, ''));
      if (spansOf.length > 0) items.push(spansOf);
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

const spansToMarkup = (s: readonly Span[]): string => s.map((x) => (x.bold ? `**${x.text}**` : x.text)).join('');

/** The authoring markup of structured text (for editing round trips and CSV export). */
export function toMarkup(text: RichText): string {
  return text
    .map((b) => (b.type === 'p' ? spansToMarkup(b.spans) : b.items.map((i) => `- ${spansToMarkup(i)}`).join('\n')))
    .join('\n\n');
}

/** Flat text with no formatting (search, logs, plain renderers). */
export function toPlain(text: RichText): string {
  return text
    .map((b) =>
      b.type === 'p'
        ? b.spans.map((s) => s.text).join('')
        : b.items.map((i) => `• ${i.map((s) => s.text).join('')}`).join('\n'),
    )
    .join('\n\n');
}

/** Input accepted wherever rich text is written: the markup string, or the structured form. */
export const richTextInputSchema = z
  .union([plainText(20_000), richTextSchema])
  .transform((v) => (typeof v === 'string' ? parseMarkup(v) : v))
  .pipe(richTextSchema);
