/**
 * Brand editor logic without a browser: contrast rows of a draft kit (WCAG AA, the same rule the
 * server validates) and server problems grouped by the field they belong to.
 */
import { AA_LARGE, AA_NORMAL, contrastRatio } from '../../../brand-kit/contrast.js';

export interface PairLike {
  name: string;
  fg: string;
  bg: string;
  large: boolean;
}

export interface ContrastRow {
  index: number;
  name: string;
  fg: string;
  bg: string;
  fgHex: string | null;
  bgHex: string | null;
  /** null when a colour is missing or malformed. */
  ratio: number | null;
  required: number;
  ok: boolean;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export function contrastRows(colors: Readonly<Record<string, string>>, pairs: readonly PairLike[]): ContrastRow[] {
  return pairs.map((p, index) => {
    const fgHex = colors[p.fg] ?? null;
    const bgHex = colors[p.bg] ?? null;
    const valid = fgHex !== null && bgHex !== null && HEX.test(fgHex) && HEX.test(bgHex);
    const ratio = valid ? contrastRatio(fgHex, bgHex) : null;
    const required = p.large ? AA_LARGE : AA_NORMAL;
    return {
      index,
      name: p.name,
      fg: p.fg,
      bg: p.bg,
      fgHex,
      bgHex,
      ratio,
      required,
      ok: ratio !== null && ratio >= required,
    };
  });
}

/** Failing pairs that use a colour token, for the message next to that colour's input. */
export function failingPairsOf(token: string, rows: readonly ContrastRow[]): ContrastRow[] {
  return rows.filter((r) => !r.ok && (r.fg === token || r.bg === token));
}

/** `3.1:1` — ratios are shown with one decimal, rounded down so a shown pass is a real pass. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;
}

export interface Problem {
  path: string;
  code: string;
  message: string;
}

/** Problems by the editor field they concern: `colors.accent`, `texts.slogan`, `contrastPairs.3`… (else `kit`). */
export function problemsByField(problems: readonly Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    const parts = p.path.split('.');
    const key = parts.length >= 2 ? `${parts[0]}.${parts[1]}` : 'kit';
    out.set(key, [...(out.get(key) ?? []), p]);
  }
  return out;
}
