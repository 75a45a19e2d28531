/**
 * CSV output for reports. Cells that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR at the start) are prefixed with a quote, so a device id or name can never execute.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA = /^[=+\-@\t\r]/;

export function neutralise(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return FORMULA.test(s) ? `'${s}` : s;
}

/** Flatten one level of nested objects (`down.meanWaitMin`) and write CSV with a header row. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const flat = rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v))
        for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = v2;
      else out[k] = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : v;
    }
    return out;
  });
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return stringify(
    flat.map((r) => columns.map((c) => neutralise(r[c]))),
    { header: true, columns, bom: true },
  );
}
