/**
 * Builds the overview's rows from what each API gives per site. Anything a feature cannot
 * answer yet (alarms, reports) stays null and shows as "—", never as a made-up zero.
 */
import { deviceCondition, type AlarmSeverity, type LiveLike } from './device-condition.js';
import { emptyAlarms, type AlarmCounts, type Compliance, type SiteRow } from './league.js';

export interface UnitLike {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  shortName: string | null;
}

export interface SiteFigures {
  live?: readonly LiveLike[] | undefined;
  queues?: readonly { waiting: number }[] | undefined;
  openAlarms?: readonly { severity: AlarmSeverity }[] | undefined;
  p90WaitMin?: number | null | undefined;
  availabilityPct?: number | null | undefined;
  compliance?: Compliance | undefined;
}

export function countAlarms(alarms: readonly { severity: AlarmSeverity }[]): AlarmCounts {
  const c = emptyAlarms();
  for (const a of alarms) c[a.severity]++;
  return c;
}

export function buildRows(units: readonly UnitLike[], figures: ReadonlyMap<string, SiteFigures>): SiteRow[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  return units
    .filter((u) => u.kind === 'site')
    .map((u): SiteRow => {
      const parent = u.parentId === null ? undefined : byId.get(u.parentId);
      const branch = parent?.kind === 'branch' ? parent : undefined;
      const f = figures.get(u.id) ?? {};
      // Never-heard devices are a commissioning gap, counted apart from broken ones.
      const conditions = f.live?.map((l) => deviceCondition(l));
      const down = conditions?.filter((c) => c === 'fault' || c === 'offline').length;
      const notConnected = conditions?.filter((c) => c === 'not-connected').length;
      return {
        siteId: u.id,
        name: u.name,
        branchId: branch?.id ?? null,
        branchName: branch ? (branch.shortName ?? branch.name) : null,
        alarms: f.openAlarms ? countAlarms(f.openAlarms) : null,
        devicesDown: down ?? null,
        devicesNotConnected: notConnected ?? null,
        devicesTotal: f.live?.length ?? 0,
        waiting: f.queues && f.queues.length > 0 ? f.queues.reduce((s, q) => s + q.waiting, 0) : null,
        p90WaitMin: f.p90WaitMin ?? null,
        availabilityPct: f.availabilityPct ?? null,
        compliance: f.compliance ?? 'unknown',
      };
    });
}
