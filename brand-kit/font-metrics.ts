/**
 * Text width estimation from the real Be Vietnam Pro advance widths shipped by
 * `@fontsource/be-vietnam-pro` (WOFF 1, split into latin, latin-ext and vietnamese subsets).
 * A tiny reader of the `cmap`, `hhea`, `hmtx` and `head` tables builds a per-glyph width table
 * once per weight; kerning is ignored, so callers keep a small safety margin.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const SUBSETS = ['vietnamese', 'latin', 'latin-ext'] as const;
/** Width used for a character no subset covers, in em. */
const FALLBACK_EM = 0.6;

interface WidthTable {
  /** Advance width in em per code point. */
  em: Map<number, number>;
}

const tables = new Map<number, WidthTable>();
const require = createRequire(import.meta.url);

function woffTables(buf: Buffer): Map<string, Buffer> {
  if (buf.readUInt32BE(0) !== 0x77_4f_46_46) throw new Error('not a WOFF 1 font');
  const count = buf.readUInt16BE(12);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const tag = buf.toString('latin1', at, at + 4);
    const offset = buf.readUInt32BE(at + 4);
    const compLength = buf.readUInt32BE(at + 8);
    const origLength = buf.readUInt32BE(at + 12);
    const raw = buf.subarray(offset, offset + compLength);
    out.set(tag, compLength < origLength ? inflateSync(raw) : raw);
  }
  return out;
}

function cmapOf(cmap: Buffer): Map<number, number> {
  const glyphs = new Map<number, number>();
  const n = cmap.readUInt16BE(2);
  let best: { offset: number; format: number } | undefined;
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    if ((platform === 0 || platform === 3) && (format === 12 || (format === 4 && best?.format !== 12)))
      best = { offset, format };
  }
  if (!best) throw new Error('font has no Unicode cmap');
  const o = best.offset;
  if (best.format === 12) {
    const groups = cmap.readUInt32BE(o + 12);
    for (let g = 0; g < groups; g++) {
      const start = cmap.readUInt32BE(o + 16 + g * 12);
      const end = cmap.readUInt32BE(o + 20 + g * 12);
      const glyph = cmap.readUInt32BE(o + 24 + g * 12);
      for (let c = start; c <= end; c++) glyphs.set(c, glyph + c - start);
    }
    return glyphs;
  }
  const segs = cmap.readUInt16BE(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const rangeOffsets = deltas + segs * 2;
  for (let s = 0; s < segs; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const g = cmap.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) glyphs.set(c, glyph);
    }
  }
  return glyphs;
}

function loadSubset(file: string, into: Map<number, number>): void {
  const t = woffTables(readFileSync(require.resolve(`@fontsource/be-vietnam-pro/files/${file}`)));
  const head = t.get('head');
  const hhea = t.get('hhea');
  const hmtx = t.get('hmtx');
  const cmap = t.get('cmap');
  if (!head || !hhea || !hmtx || !cmap) throw new Error(`${file}: missing font tables`);
  const unitsPerEm = head.readUInt16BE(18);
  const metrics = hhea.readUInt16BE(34);
  const advance = (glyph: number) => hmtx.readUInt16BE(Math.min(glyph, metrics - 1) * 4);
  for (const [cp, glyph] of cmapOf(cmap)) if (!into.has(cp)) into.set(cp, advance(glyph) / unitsPerEm);
}

/** The per-glyph width table of one weight (100–900), built on first use. */
export function widthTable(weight: number): WidthTable {
  let table = tables.get(weight);
  if (!table) {
    const em = new Map<number, number>();
    for (const subset of SUBSETS) loadSubset(`be-vietnam-pro-${subset}-${weight}-normal.woff`, em);
    table = { em };
    tables.set(weight, table);
  }
  return table;
}

/** Estimated rendered width in px of one line of `text` in Be Vietnam Pro. */
export function textWidth(text: string, sizePx: number, weight: number): number {
  const { em } = widthTable(weight);
  let total = 0;
  for (const ch of text.normalize('NFC')) total += em.get(ch.codePointAt(0) ?? 0) ?? FALLBACK_EM;
  return total * sizePx;
}

/** Greedy word wrap: the lines `text` takes in `maxWidth` px (a word wider than the line gets its own). */
export function wrapLines(text: string, maxWidth: number, sizePx: number, weight: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.trim().split(/\s+/)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && textWidth(candidate, sizePx, weight) > maxWidth) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current !== '') lines.push(current);
  return lines;
}
