/**
 * Manifest → what the screen renders. The brand, notices and procedures inside a manifest are
 * owned by other features and evolve; this reads them tolerantly (Vietnamese text as a string or
 * `{ vi }`, colours flat or under `colors`) and falls back to the default identity for anything
 * missing, so the screen is never blank.
 */
import type { Manifest } from '../../shared/protocol.js';

export const DEFAULT_SLOGAN = 'Hành chính phục vụ';
export const DEFAULT_CORE_VALUES = ['Khoa học', 'Hiệu quả', 'Hiện đại', 'Sẵn sàng', 'Thân thiện'];
export const DEFAULT_FOUR_XIN = ['Xin chào', 'Xin lỗi', 'Xin cảm ơn', 'Xin phép'];
export const DEFAULT_FOUR_LUON = ['Luôn mỉm cười', 'Luôn nhẹ nhàng', 'Luôn lắng nghe', 'Luôn giúp đỡ'];

/** The shipped placeholder palette (brand-kit/default/tokens.json), used for any missing token. */
export const DEFAULT_COLORS = {
  primary: '#B3261E',
  primaryDark: '#8C1D18',
  onPrimary: '#FFFFFF',
  accent: '#F2B705',
  ink: '#1B1B1F',
  muted: '#5C5F66',
  paper: '#FFFFFF',
  surface: '#FFF8E7',
  success: '#1E6B30',
  alert: '#B3261E',
  onAlert: '#FFFFFF',
} as const;
export type ColorName = keyof typeof DEFAULT_COLORS;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown): Rec => (isRec(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A text that may be a plain string or `{ vi, en }`; Vietnamese first. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (isRec(v) && typeof v['vi'] === 'string') return v['vi'].trim();
  return '';
}

/** Rich text (`[{type:'p',spans}|{type:'ul',items}]`) or plain text → paragraphs of plain text. */
export function paragraphsOf(v: unknown): string[] {
  if (typeof v === 'string' || (isRec(v) && typeof v['vi'] === 'string')) {
    return textOf(v)
      .split(/\n\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const spansText = (spans: unknown): string =>
    arr(spans)
      // Spans keep their own spaces ("Mục " + "một"): join raw, trim the result.
      .map((s) => {
        const t = rec(s)['text'];
        return typeof t === 'string' ? t : '';
      })
      .join('')
      .trim();
  const out: string[] = [];
  for (const block of arr(v)) {
    const b = rec(block);
    if (b['type'] === 'p') out.push(spansText(b['spans']));
    else if (b['type'] === 'ul') for (const item of arr(b['items'])) out.push(`• ${spansText(item)}`);
  }
  return out.filter((s) => s.trim() !== '');
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export interface BrandView {
  slogan: string;
  unitName: string;
  coreValues: string[];
  fourXin: string[];
  fourLuon: string[];
  hotline: string;
  openingHours: string;
  colors: Record<ColorName, string>;
  /** Asset (by URL) of the logo to show on the header, if the release has one. */
  logo: { url: string; sha256: string } | null;
}

export interface FeeView {
  label: string;
  amountVnd: number;
}

export interface ProcedureSlide {
  kind: 'procedure';
  id: string;
  code: string;
  name: string;
  field: string;
  fees: FeeView[];
  deadline: string;
  papers: { name: string; originals: number; copies: number }[];
  onlineUrl: string | null;
}

export interface NoticeSlide {
  kind: 'notice';
  id: string;
  title: string;
  paragraphs: string[];
}

export type Slide = ProcedureSlide | NoticeSlide;

export interface WayfindingRow {
  field: string;
  counters: number[];
  zone: string;
}

export interface AlertView {
  id: string;
  level: string;
  title: string;
  body: string;
}

export interface ScreenView {
  hash: string;
  brand: BrandView;
  slides: Slide[];
  wayfinding: WayfindingRow[];
  alerts: AlertView[];
  counter: number | null;
  counterFields: string[];
  zoneName: string | null;
}

function pickLogo(assets: Manifest['brand']['assets']): BrandView['logo'] {
  // The header sits on the dark primary colour: prefer the inverse logo, then the full-colour one;
  // raster renditions (sized for the profile) before anything else.
  const roleOf = (a: Rec): string =>
    (typeof a['role'] === 'string' ? a['role'] : typeof a['name'] === 'string' ? a['name'] : '').toLowerCase();
  const formatRank = (a: Rec): number => {
    const f = `${typeof a['format'] === 'string' ? a['format'] : ''} ${String(a['url'])}`.toLowerCase();
    return f.includes('webp') ? 0 : f.includes('png') ? 1 : f.includes('svg') ? 2 : 3;
  };
  for (const key of ['logo-inverse', 'logo-full', 'logo']) {
    const candidates = assets.filter((a) => roleOf(a).includes(key)).sort((a, b) => formatRank(a) - formatRank(b));
    const a = candidates[0];
    if (a) return { url: a.url, sha256: a.sha256 };
  }
  return null;
}

export function brandView(m: Manifest): BrandView {
  const texts = rec(m.brand.texts);
  const tokens = rec(m.brand.tokens);
  const palette = { ...rec(tokens['colors']), ...rec(rec(tokens['color'])) };
  const colors = { ...DEFAULT_COLORS } as Record<ColorName, string>;
  for (const name of Object.keys(DEFAULT_COLORS) as ColorName[]) {
    const v = palette[name] ?? tokens[name];
    if (typeof v === 'string' && HEX.test(v)) colors[name] = v;
  }
  const lines = (v: unknown, fallback: string[]): string[] => {
    const l = arr(v).map(textOf).filter(Boolean);
    return l.length > 0 ? l : fallback;
  };
  return {
    slogan: textOf(texts['slogan']) || DEFAULT_SLOGAN,
    unitName: textOf(texts['unitName']) || m.site.name,
    coreValues: lines(texts['coreValues'], DEFAULT_CORE_VALUES),
    fourXin: lines(texts['fourXin'], DEFAULT_FOUR_XIN),
    fourLuon: lines(texts['fourLuon'], DEFAULT_FOUR_LUON),
    hotline: textOf(texts['hotline']),
    openingHours: textOf(texts['openingHoursLine']),
    colors,
    logo: pickLogo(m.brand.assets),
  };
}

function procedureOf(id: string, p: Rec): ProcedureSlide | null {
  const name = textOf(p['name']);
  if (!name) return null;
  const fees = arr(rec(p['fees'])['items'])
    .map((f) => {
      const r = rec(f);
      const kind = r['kind'] === 'charge' ? 'Lệ phí' : 'Phí';
      return { label: textOf(r['name']) || kind, amountVnd: num(r['amountVnd']) ?? 0 };
    })
    .filter((f) => f.label !== '');
  const papers = arr(p['papers'])
    .map((x) => {
      const r = rec(x);
      return { name: textOf(r['name']), originals: num(r['originals']) ?? 0, copies: num(r['copies']) ?? 0 };
    })
    .filter((x) => x.name !== '');
  const url = typeof p['onlineUrl'] === 'string' && p['onlineUrl'].startsWith('https://') ? p['onlineUrl'] : null;
  return {
    kind: 'procedure',
    id,
    code: textOf(p['code']),
    name,
    field: textOf(p['field']),
    fees,
    deadline: textOf(rec(p['deadline'])['text']) || textOf(p['deadline']),
    papers,
    onlineUrl: url,
  };
}

/**
 * One notice of the manifest → its slides: one card per procedure it publishes, and a notice card
 * for its own text (or for its title alone when it has neither).
 */
export function slidesOf(notice: Manifest['notices'][number]): Slide[] {
  const n: Rec = notice;
  const out: Slide[] = [];
  const procedures = [...arr(n['procedures']), ...(isRec(n['procedure']) ? [n['procedure']] : [])];
  for (const [i, p] of procedures.entries()) {
    const r = rec(p);
    const slide = procedureOf(`${notice.id}:${textOf(r['code']) || i}`, r);
    if (slide) out.push(slide);
  }
  const title = textOf(n['title']);
  const body = n['body'];
  const paragraphs = paragraphsOf(
    isRec(body) && !('type' in body) && 'vi' in body && typeof body['vi'] !== 'string'
      ? body['vi']
      : (body ?? n['text']),
  );
  if (paragraphs.length > 0 || (out.length === 0 && title)) {
    out.push({ kind: 'notice', id: notice.id, title: title || 'Thông báo', paragraphs });
  }
  return out;
}

export function wayfindingOf(m: Manifest): WayfindingRow[] {
  const zoneName = (zoneId: string): string => {
    if (m.layout.zone && m.layout.zone.id === zoneId) return m.layout.zone.name;
    const zones = arr(rec(m.layout)['zones']).map(rec);
    const z = zones.find((x) => x['id'] === zoneId);
    return textOf(z?.['name']) || (zoneId === 'counters' ? 'Khu vực tiếp nhận và trả kết quả' : zoneId);
  };
  const byField = new Map<string, WayfindingRow>();
  for (const c of m.layout.counters) {
    for (const field of c.fields) {
      const row = byField.get(field) ?? { field, counters: [], zone: zoneName(c.zoneId) };
      if (!row.counters.includes(c.number)) row.counters.push(c.number);
      byField.set(field, row);
    }
  }
  return [...byField.values()]
    .map((r) => ({ ...r, counters: [...r.counters].sort((a, b) => a - b) }))
    .sort((a, b) => (a.counters[0] ?? 0) - (b.counters[0] ?? 0) || a.field.localeCompare(b.field, 'vi'));
}

export function alertsOf(m: Manifest, now: number): AlertView[] {
  return m.alerts
    .filter((a) => !(a.plannedEndAt > a.startedAt && a.plannedEndAt <= now))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.startedAt - a.startedAt)
    .map((a) => {
      const r: Rec = a;
      const body = r['body'];
      const paragraphs = paragraphsOf(
        isRec(body) && typeof body['vi'] !== 'string' && 'vi' in body ? body['vi'] : body,
      );
      return {
        id: a.id,
        level: a.severity,
        title: textOf(r['title']) || 'Thông báo khẩn',
        body: paragraphs.join('\n'),
      };
    });
}

const severityRank = (s: string): number => (s === 'critical' ? 0 : s === 'warning' ? 1 : 2);

export function screenView(m: Manifest, now: number): ScreenView {
  const counter = m.layout.counter;
  return {
    hash: m.hash,
    brand: brandView(m),
    slides: m.notices.flatMap(slidesOf),
    wayfinding: wayfindingOf(m),
    alerts: alertsOf(m, now),
    counter,
    counterFields: m.layout.counters.find((c) => c.number === counter)?.fields ?? [],
    zoneName: m.layout.zone?.name ?? null,
  };
}

/** Characters of reading on a slide, for carousel timing. */
export function slideChars(s: Slide): number {
  if (s.kind === 'notice') return s.title.length + s.paragraphs.reduce((n, p) => n + p.length, 0);
  return s.name.length + s.deadline.length + s.papers.reduce((n, p) => n + p.name.length, 0) + s.fees.length * 20;
}
