/**
 * The national portal's export layout (Cơ sở dữ liệu quốc gia về thủ tục hành chính), one record
 * per row, and its mapping to and from `ProcedureInput`. Pure functions: no database, no clock.
 *
 * Multi-value cells hold one value per line:
 * - `trinhTuThucHien`, `canCuPhapLy`: one step / one legal document per line;
 * - `thanhPhanHoSo`: `Tên giấy tờ | bản chính | bản sao` per line;
 * - `phiLePhi`: `Phí|Lệ phí | tên khoản | số tiền (đồng)` per line, or `Không`;
 * - `capThucHien`, `cachThucThucHien`: values separated by `;`.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  APPLY_WAYS,
  FEE_KIND_LABELS,
  LEVEL_LABELS,
  PROCEDURE_LEVELS,
  WAY_LABELS,
  procedureInputSchema,
  type ApplyWay,
  type ProcedureInput,
  type ProcedureLevel,
  type RowProblem,
} from './procedures.schemas.js';
import { AppError } from '../core/errors.js';

export const PORTAL_COLUMNS = [
  'maTTHC',
  'tenTTHC',
  'tenTTHCEn',
  'linhVuc',
  'capThucHien',
  'trinhTuThucHien',
  'cachThucThucHien',
  'thanhPhanHoSo',
  'thoiHanGiaiQuyet',
  'doiTuongThucHien',
  'coQuanThucHien',
  'ketQuaThucHien',
  'phiLePhi',
  'mienGiamPhiLePhi',
  'yeuCauDieuKien',
  'canCuPhapLy',
  'linkDVC',
] as const;
export type PortalColumn = (typeof PORTAL_COLUMNS)[number];
const OPTIONAL_COLUMNS: ReadonlySet<PortalColumn> = new Set([
  'tenTTHCEn',
  'mienGiamPhiLePhi',
  'yeuCauDieuKien',
  'linkDVC',
]);
export const REQUIRED_COLUMNS = PORTAL_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c));

/** One record of the file, with where it starts. */
export interface RawRow {
  line: number;
  cells: Readonly<Record<string, string>>;
}

export type RowResult =
  { ok: true; line: number; value: ProcedureInput } | { ok: false; line: number; problems: RowProblem[] };

const fileError = (code: string, message: string) => new AppError('invalid', code, message);

/** Read a CSV export into raw rows (header row of portal column names). */
export function readCsv(text: string): RawRow[] {
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  // The header as read, so a file with a header row and no records is still checked.
  let header: string[] | undefined;
  const columns = (h: string[]) => (header = h);
  try {
    records = parse(text, {
      columns,
      info: true,
      raw: true,
      skip_empty_lines: true,
      bom: true,
      trim: false,
      relax_column_count: false,
    });
  } catch (e) {
    throw fileError('IMPORT_BAD_CSV', e instanceof Error ? e.message : 'unreadable CSV');
  }
  if (header !== undefined) checkColumns(header);
  return records.map((r) => {
    const body = r.raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
    const start = r.info.lines - (body.match(/\n/g)?.length ?? 0);
    const cells = Object.fromEntries(Object.entries(r.record).map(([k, v]) => [k, v.replace(ESCAPED_FORMULA, '')]));
    return { line: start, cells };
  });
}

const cellValue = z.union([z.string(), z.number(), z.null(), z.array(z.union([z.string(), z.number()]))]);
const jsonFile = z.union([z.array(z.unknown()), z.object({ data: z.array(z.unknown()) }).transform((o) => o.data)]);

/** Read a JSON export: an array of objects keyed by portal column (or `{ data: [...] }`). */
export function readJson(text: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw fileError('IMPORT_BAD_JSON', e instanceof Error ? e.message : 'unreadable JSON');
  }
  const items = jsonFile.safeParse(parsed);
  if (!items.success) throw fileError('IMPORT_BAD_JSON', 'expected an array of records (or { "data": [...] })');
  const seen = new Set<string>();
  const rows = items.data.map((item, i): RawRow => {
    const cells: Record<string, string> = {};
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      for (const [k, v] of Object.entries(item)) {
        seen.add(k);
        const c = cellValue.safeParse(v);
        // A value of the wrong shape becomes a marker the row check reports with its column.
        cells[k] = c.success
          ? c.data === null
            ? ''
            : Array.isArray(c.data)
              ? c.data.join('\n')
              : String(c.data)
          : '\u0000bad';
      }
    } else {
      cells['\u0000row'] = 'not an object';
    }
    return { line: i + 1, cells };
  });
  if (rows.length > 0) checkColumns([...seen]);
  return rows;
}

function checkColumns(header: readonly string[]): void {
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new AppError(
      'invalid',
      'IMPORT_MISSING_COLUMNS',
      `Missing columns: ${missing.join(', ')}`,
      missing.map((c) => ({ path: c, message: 'required column' })),
    );
  }
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const LEVEL_BY_NAME: Readonly<Record<string, ProcedureLevel>> = Object.fromEntries(
  PROCEDURE_LEVELS.map((l) => [fold(LEVEL_LABELS[l]).replace(/^cap /, ''), l]),
);
const WAY_BY_NAME: Readonly<Record<string, ApplyWay>> = Object.fromEntries(
  APPLY_WAYS.map((w) => [fold(WAY_LABELS[w]), w]),
);
const FEE_KIND_BY_NAME: Readonly<Record<string, 'fee' | 'charge'>> = { phi: 'fee', 'le phi': 'charge' };

const lines = (s: string): string[] =>
  s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
const list = (s: string): string[] =>
  s
    .split(/[;\n]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** "03 ngày làm việc" → 3; "Trong ngày" → 0; anything else → null (the text still shows). */
export function workingDaysOf(text: string): number | null {
  const f = fold(text);
  const m = /^(\d{1,3}) ngay lam viec\b/.exec(f);
  if (m?.[1]) return Number(m[1]);
  if (/^(ngay )?trong ngay\b/.test(f)) return 0;
  return null;
}

/** "8.000", "8 000 đồng", "8000" → 8000; refuses decimals and other text. */
export function vndOf(text: string): number | null {
  const t = text.replace(/\s*(đồng|vnđ|vnd|đ)\s*$/iu, '').trim();
  if (!/^\d{1,3}(?:[.\s]\d{3})*$|^\d+$/.test(t)) return null;
  return Number(t.replace(/[.\s]/g, ''));
}

/** Which portal column a path of `ProcedureInput` comes from. */
function columnOf(path: readonly PropertyKey[]): PortalColumn | '(row)' {
  const [head, second] = path;
  switch (head) {
    case 'code':
      return 'maTTHC';
    case 'name':
      return second === 'en' ? 'tenTTHCEn' : 'tenTTHC';
    case 'field':
      return 'linhVuc';
    case 'levels':
      return 'capThucHien';
    case 'steps':
      return 'trinhTuThucHien';
    case 'ways':
      return 'cachThucThucHien';
    case 'papers':
      return 'thanhPhanHoSo';
    case 'deadline':
      return 'thoiHanGiaiQuyet';
    case 'applicants':
      return 'doiTuongThucHien';
    case 'agency':
      return 'coQuanThucHien';
    case 'result':
      return 'ketQuaThucHien';
    case 'fees':
      return second === 'exemptions' ? 'mienGiamPhiLePhi' : 'phiLePhi';
    case 'conditions':
      return 'yeuCauDieuKien';
    case 'legalBasis':
      return 'canCuPhapLy';
    case 'onlineUrl':
      return 'linkDVC';
    default:
      return '(row)';
  }
}

/** Map one raw row to a procedure, or to every problem found in it (each with its column). */
export function mapRow(row: RawRow): RowResult {
  const problems: RowProblem[] = [];
  const bad = (column: string, reason: string, code = 'IMPORT_BAD_CELL') =>
    problems.push({ line: row.line, column, reason, code });
  if (row.cells['\u0000row'] !== undefined) {
    bad('(row)', 'the record is not an object', 'IMPORT_BAD_ROW');
    return { ok: false, line: row.line, problems };
  }
  const cell = (c: PortalColumn): string => {
    const v = row.cells[c] ?? '';
    if (v === '\u0000bad') {
      bad(c, 'expected text, a number or a list of text');
      return '';
    }
    return v;
  };
  const opt = (text: string) => (text.trim() ? text : undefined);
  const levels = list(cell('capThucHien')).map((v) => {
    const l = LEVEL_BY_NAME[fold(v).replace(/^cap /, '')];
    if (!l) bad('capThucHien', `unknown level "${v}" (expected ${Object.values(LEVEL_LABELS).join(', ')})`);
    return l;
  });
  const ways = list(cell('cachThucThucHien')).map((v) => {
    const w = WAY_BY_NAME[fold(v)];
    if (!w) bad('cachThucThucHien', `unknown way "${v}" (expected ${Object.values(WAY_LABELS).join(', ')})`);
    return w;
  });
  const papers = lines(cell('thanhPhanHoSo')).map((l, i) => {
    const parts = l.split('|').map((p) => p.trim());
    const [name, o, c] = parts;
    if (parts.length !== 3 || !/^\d{1,2}$/.test(o ?? '') || !/^\d{1,2}$/.test(c ?? '')) {
      bad('thanhPhanHoSo', `paper ${i + 1}: expected "name | originals | copies", got "${l.slice(0, 80)}"`);
    }
    return { name: { vi: name ?? '' }, originals: Number(o), copies: Number(c) };
  });
  const feeText = cell('phiLePhi');
  const feeLines = /^(khong|mien phi|khong co)$/.test(fold(feeText)) ? [] : lines(feeText);
  const feeItems = feeLines.map((l, i) => {
    const [kind, name, amount, ...rest] = l.split('|').map((p) => p.trim());
    const k = FEE_KIND_BY_NAME[fold(kind ?? '')];
    const vnd = vndOf(amount ?? '');
    if (!k || vnd === null || rest.length > 0 || !name) {
      bad('phiLePhi', `fee ${i + 1}: expected "Phí|Lệ phí | name | amount in đồng", got "${l.slice(0, 80)}"`);
    }
    return { kind: k ?? 'charge', name: { vi: name ?? '' }, amountVnd: vnd ?? 0 };
  });
  const deadlineText = cell('thoiHanGiaiQuyet');
  const en = opt(cell('tenTTHCEn'));
  const exemptions = opt(cell('mienGiamPhiLePhi'));
  const candidate = {
    code: cell('maTTHC'),
    name: en === undefined ? { vi: cell('tenTTHC') } : { vi: cell('tenTTHC'), en },
    field: { vi: cell('linhVuc') },
    levels,
    steps: lines(cell('trinhTuThucHien')).map((vi) => ({ vi })),
    ways,
    papers,
    deadline: { workingDays: workingDaysOf(deadlineText), text: { vi: deadlineText } },
    applicants: { vi: cell('doiTuongThucHien') },
    agency: { vi: cell('coQuanThucHien') },
    result: { vi: cell('ketQuaThucHien') },
    fees: exemptions === undefined ? { items: feeItems } : { items: feeItems, exemptions: { vi: exemptions } },
    conditions: opt(cell('yeuCauDieuKien')) === undefined ? null : { vi: cell('yeuCauDieuKien') },
    legalBasis: lines(cell('canCuPhapLy')).map((vi) => ({ vi })),
    onlineUrl: opt(cell('linkDVC'))?.trim() ?? null,
  };
  const parsed = procedureInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const formatBad = new Set(problems.map((p) => p.column));
    for (const issue of parsed.error.issues) {
      const column = columnOf(issue.path);
      // The cell's own format problem already says more than the schema's view of it.
      if (formatBad.has(column)) continue;
      const where = issue.path.length > 1 ? ` (${issue.path.slice(1).map(String).join('.')})` : '';
      bad(column, `${issue.message}${where}`, 'IMPORT_INVALID');
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, line: row.line, problems };
  return { ok: true, line: row.line, value: parsed.data };
}

/** The portal row of a procedure (Vietnamese fields; English name in `tenTTHCEn`). */
export function toPortalRow(p: ProcedureInput): Record<PortalColumn, string> {
  return {
    maTTHC: p.code,
    tenTTHC: p.name.vi,
    tenTTHCEn: p.name.en ?? '',
    linhVuc: p.field.vi,
    capThucHien: p.levels.map((l) => LEVEL_LABELS[l]).join('; '),
    trinhTuThucHien: p.steps.map((s) => s.vi.replace(/\n/g, ' ')).join('\n'),
    cachThucThucHien: p.ways.map((w) => WAY_LABELS[w]).join('; '),
    thanhPhanHoSo: p.papers.map((x) => `${x.name.vi} | ${x.originals} | ${x.copies}`).join('\n'),
    thoiHanGiaiQuyet: p.deadline.text.vi,
    doiTuongThucHien: p.applicants.vi,
    coQuanThucHien: p.agency.vi,
    ketQuaThucHien: p.result.vi,
    phiLePhi:
      p.fees.items.length === 0
        ? 'Không'
        : p.fees.items.map((f) => `${FEE_KIND_LABELS[f.kind]} | ${f.name.vi} | ${f.amountVnd}`).join('\n'),
    mienGiamPhiLePhi: p.fees.exemptions?.vi ?? '',
    yeuCauDieuKien: p.conditions?.vi ?? '',
    canCuPhapLy: p.legalBasis.map((l) => l.vi).join('\n'),
    linkDVC: p.onlineUrl ?? '',
  };
}

/**
 * Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading quote on
 * the way out; `readCsv` drops that quote again, so an export re-imports unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r])/;

export function toPortalCsv(procedures: readonly ProcedureInput[]): string {
  const rows = procedures.map((p) =>
    Object.fromEntries(Object.entries(toPortalRow(p)).map(([k, v]) => [k, FORMULA_START.test(v) ? `'${v}` : v])),
  );
  return stringify(rows, { header: true, columns: [...PORTAL_COLUMNS] });
}

export function toPortalJson(procedures: readonly ProcedureInput[]): string {
  return `${JSON.stringify(procedures.map(toPortalRow), null, 2)}\n`;
}
