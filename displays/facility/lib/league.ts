/**
 * The city overview's league table: one row per site, sorted by any column with missing
 * figures always last, filtered by branch. Pure so it is tested without a browser.
 */
export interface AlarmCounts {
  critical: number;
  major: number;
  minor: number;
  warning: number;
}

export type Compliance = 'compliant' | 'gaps' | 'unknown';

export interface SiteRow {
  siteId: string;
  name: string;
  branchId: string | null;
  branchName: string | null;
  /** Open alarms by severity; null until the alarm service answers. */
  alarms: AlarmCounts | null;
  /** Devices at fault or offline / devices registered; null without live state. */
  devicesDown: number | null;
  /** Devices registered but never heard from (not counted as down); null without live state. */
  devicesNotConnected: number | null;
  devicesTotal: number;
  waiting: number | null;
  p90WaitMin: number | null;
  availabilityPct: number | null;
  compliance: Compliance;
}

export const SORT_KEYS = [
  'name',
  'alarms',
  'devicesDown',
  'waiting',
  'p90WaitMin',
  'availabilityPct',
  'compliance',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export const emptyAlarms = (): AlarmCounts => ({ critical: 0, major: 0, minor: 0, warning: 0 });

/** One number that orders sites by how bad their open alarms are (a critical outweighs any number of majors below 1000). */
export function alarmScore(a: AlarmCounts): number {
  return a.critical * 1e9 + a.major * 1e6 + a.minor * 1e3 + a.warning;
}

const COMPLIANCE_RANK: Record<Compliance, number | null> = { gaps: 0, compliant: 1, unknown: null };

function keyOf(row: SiteRow, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return row.name;
    case 'alarms':
      return row.alarms && alarmScore(row.alarms);
    case 'compliance':
      return COMPLIANCE_RANK[row.compliance];
    default:
      return row[key];
  }
}

export function sortRows(rows: readonly SiteRow[], key: SortKey, dir: SortDir): SiteRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = keyOf(a, key);
    const kb = keyOf(b, key);
    if (ka === null && kb === null) return a.name.localeCompare(b.name, 'vi');
    if (ka === null) return 1;
    if (kb === null) return -1;
    const c = typeof ka === 'string' && typeof kb === 'string' ? ka.localeCompare(kb, 'vi') : Number(ka) - Number(kb);
    return c === 0 ? a.name.localeCompare(b.name, 'vi') : sign * c;
  });
}

export function filterRows(rows: readonly SiteRow[], branchId: string | null, text = ''): SiteRow[] {
  const q = text.trim().toLocaleLowerCase('vi');
  return rows.filter(
    (r) => (branchId === null || r.branchId === branchId) && (q === '' || r.name.toLocaleLowerCase('vi').includes(q)),
  );
}

/** Clicking the current column flips direction; a new column starts with its natural direction. */
export function nextSort(current: { key: SortKey; dir: SortDir }, key: SortKey): { key: SortKey; dir: SortDir } {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'name' || key === 'availabilityPct' ? 'asc' : 'desc' };
}

/** City-wide totals for the header strip. */
export function totals(rows: readonly SiteRow[]): {
  alarms: AlarmCounts;
  waiting: number;
  sites: number;
  devicesDown: number;
  devicesNotConnected: number;
} {
  const alarms = emptyAlarms();
  let waiting = 0;
  let devicesDown = 0;
  let devicesNotConnected = 0;
  for (const r of rows) {
    devicesDown += r.devicesDown ?? 0;
    devicesNotConnected += r.devicesNotConnected ?? 0;
    alarms.critical += r.alarms?.critical ?? 0;
    alarms.major += r.alarms?.major ?? 0;
    alarms.minor += r.alarms?.minor ?? 0;
    alarms.warning += r.alarms?.warning ?? 0;
    waiting += r.waiting ?? 0;
  }
  return { alarms, waiting, sites: rows.length, devicesDown, devicesNotConnected };
}

/** 90th percentile (nearest rank) of a list; null when empty. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)] ?? null;
}
