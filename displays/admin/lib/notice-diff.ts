/**
 * What a revision under review changes against the published one, field by field. Free text is
 * compared as plain text (formatting marks dropped), lists as sets, times in Hà Nội time.
 */
import type { NoticeContent } from '../../../server/notices/notices.schemas.js';
import { toPlain } from '../../../server/text/rich-text.js';
import { formatDailyHours } from './notice-form.js';

export const DIFF_FIELDS = [
  'title',
  'body',
  'procedureCodes',
  'orgId',
  'tags',
  'zones',
  'profiles',
  'validFrom',
  'validTo',
  'dailyHours',
  'priority',
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export interface DiffRow {
  field: DiffField;
  /** The published value as plain text; null when nothing is published yet. */
  before: string | null;
  after: string;
  changed: boolean;
  /** For lists: what the new revision adds and drops. */
  added: string[];
  removed: string[];
}

export interface DiffFormat {
  /** An instant as people read it (Hà Nội time). */
  dateTime(ms: number): string;
  /** Shown for an absent value (no end date, no text, an empty list). */
  none: string;
  /** An org unit's name (defaults to its id). */
  unit?: (orgId: string) => string;
  /** A zone's name (defaults to its id). */
  zone?: (zoneId: string) => string;
}

const LIST_FIELDS: ReadonlySet<DiffField> = new Set(['procedureCodes', 'tags', 'zones', 'profiles']);

function listOf(n: NoticeContent, f: DiffField, fmt: DiffFormat): string[] {
  if (f === 'procedureCodes') return n.procedureCodes;
  if (f === 'tags') return n.target.tags;
  if (f === 'zones') return fmt.zone ? n.target.zones.map(fmt.zone) : n.target.zones;
  if (f === 'profiles') return n.target.profiles;
  return [];
}

function textOf(n: NoticeContent, f: DiffField, fmt: DiffFormat): string {
  switch (f) {
    case 'title':
      return n.title.en ? `${n.title.vi}\n[en] ${n.title.en}` : n.title.vi;
    case 'body':
      if (!n.body) return fmt.none;
      return n.body.en ? `${toPlain(n.body.vi)}\n\n[en]\n${toPlain(n.body.en)}` : toPlain(n.body.vi);
    case 'orgId':
      return fmt.unit ? fmt.unit(n.target.orgId) : n.target.orgId;
    case 'validFrom':
      return fmt.dateTime(n.validFrom);
    case 'validTo':
      return n.validTo === null ? fmt.none : fmt.dateTime(n.validTo);
    case 'dailyHours':
      return n.dailyHours.length ? formatDailyHours(n.dailyHours) : fmt.none;
    case 'priority':
      return String(n.priority);
    default: {
      const l = listOf(n, f, fmt);
      return l.length ? l.join(', ') : fmt.none;
    }
  }
}

/** Every field of `after`, marked changed where it differs from `before` (all changed when there is no `before`). */
export function noticeDiff(before: NoticeContent | null, after: NoticeContent, fmt: DiffFormat): DiffRow[] {
  return DIFF_FIELDS.map((field) => {
    const a = textOf(after, field, fmt);
    const b = before ? textOf(before, field, fmt) : null;
    let added: string[] = [];
    let removed: string[] = [];
    let changed = b === null || a !== b;
    if (LIST_FIELDS.has(field)) {
      const na = listOf(after, field, fmt);
      const nb = before ? listOf(before, field, fmt) : [];
      added = na.filter((x) => !nb.includes(x));
      removed = nb.filter((x) => !na.includes(x));
      // Order of a list shown on screens matters only for procedures.
      changed = b === null ? na.length > 0 : field === 'procedureCodes' ? a !== b : added.length + removed.length > 0;
    }
    return { field, before: b, after: a, changed, added, removed };
  });
}

/** The published (or expired) revision to compare against, from a notice's revisions. */
export function baselineOf<T extends NoticeContent & { status: string; revision: number }>(
  revisions: readonly T[],
  current: number,
): T | null {
  const live = revisions.filter((r) => r.revision < current && (r.status === 'published' || r.status === 'expired'));
  return live.at(-1) ?? null;
}
