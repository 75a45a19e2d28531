/** Turns the audit filter form into the `/audit` query, reading dates as days in Hà Nội. */
import { z } from 'zod';

export interface AuditFilters {
  orgId: string;
  entity: string;
  action: string;
  actorId: string;
  /** `YYYY-MM-DD` from a date input, or empty. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { orgId: '', entity: '', action: '', actorId: '', from: '', to: '' };

/** Hà Nội is UTC+7 all year (no daylight saving). */
const HANOI_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Start of the day `YYYY-MM-DD` in Hà Nội, as epoch ms; undefined for an empty or bad date. */
export function hanoiDayStart(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - HANOI_OFFSET_MS;
  return Number.isNaN(ms) ? undefined : ms;
}

export type AuditQuery = Record<string, string | number | undefined>;

export function auditQuery(f: AuditFilters, before?: number, limit = 50): AuditQuery {
  const from = hanoiDayStart(f.from);
  const toStart = hanoiDayStart(f.to);
  return {
    orgId: f.orgId.trim() || undefined,
    entity: f.entity.trim() || undefined,
    action: f.action.trim() || undefined,
    actorId: f.actorId.trim() || undefined,
    from,
    // "to" is inclusive of the whole day.
    to: toStart === undefined ? undefined : toStart + DAY_MS - 1,
    before,
    limit,
  };
}

/** A problem with the filters the user should fix before searching, or null. */
export function auditFilterProblem(f: AuditFilters): 'from-after-to' | null {
  const a = hanoiDayStart(f.from);
  const b = hanoiDayStart(f.to);
  return a !== undefined && b !== undefined && a > b ? 'from-after-to' : null;
}

const recordSchema = z.record(z.string(), z.unknown());
const LABEL_KEYS = ['displayName', 'name', 'title', 'username', 'code'] as const;

/** A readable name for what an entry changed, from its after (or before) state; null if none. */
export function auditSubject(entry: { before: unknown; after: unknown }): string | null {
  for (const state of [entry.after, entry.before]) {
    const rec = recordSchema.safeParse(state);
    if (!rec.success) continue;
    for (const k of LABEL_KEYS) {
      const v = rec.data[k];
      if (typeof v === 'string' && v.trim()) return v;
      if (v !== null && typeof v === 'object' && 'vi' in v && typeof v.vi === 'string') return v.vi;
    }
  }
  return null;
}
