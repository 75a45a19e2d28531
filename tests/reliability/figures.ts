/**
 * Figures of the reliability suite. Each scenario records one row (cases tried, crashes, 5xx,
 * lost, duplicated) as a JSON file in a directory the global setup provides; the global
 * teardown prints them as one table. Outside the reliability project (the fast subset inside
 * `npm test`) there is no directory and rows are only checked, not collected.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { z } from 'zod';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityFiguresDir: string;
  }
}

export const figureSchema = z.object({
  scenario: z.string(),
  cases: z.number().int().nonnegative(),
  crashes: z.number().int().nonnegative(),
  fiveXx: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative(),
  duplicated: z.number().int().nonnegative(),
  note: z.string(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Record one scenario's figures (a later record of the same scenario replaces it). */
export function recordFigure(f: Figure): void {
  const dir = inject('reliabilityFiguresDir') as string | undefined;
  if (!dir) return;
  const file = `${f.scenario.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.json`;
  writeFileSync(join(dir, file), JSON.stringify(figureSchema.parse(f)));
}

/** The table printed at the end of `npm run test:reliability`. */
export function formatTable(rows: readonly Figure[]): string {
  const head = ['scenario', 'cases tried', 'crashes', '5xx', 'lost', 'duplicated', 'note'];
  const body = rows.map((r) => [
    r.scenario,
    String(r.cases),
    String(r.crashes),
    String(r.fiveXx),
    String(r.lost),
    String(r.duplicated),
    r.note,
  ]);
  const total = [
    'TOTAL',
    ...(['cases', 'crashes', 'fiveXx', 'lost', 'duplicated'] as const).map((k) =>
      String(rows.reduce((s, r) => s + r[k], 0)),
    ),
    '',
  ];
  const all = [head, ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i >= 1 && i <= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(head), sep, ...body.map(line), sep, line(total)].join('\n');
}
