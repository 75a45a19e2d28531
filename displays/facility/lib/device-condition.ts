/**
 * What colour a device is on the floor: offline when nothing is heard from it, fault when it
 * reports a fault or has a major/critical alarm open, warning for a minor/warning alarm, else ok.
 */
export const CONDITIONS = ['ok', 'warning', 'fault', 'offline'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CONDITION_COLOURS: Readonly<Record<Condition, number>> = {
  ok: 0x1b7f3b,
  warning: 0xe0a100,
  fault: 0xc62828,
  offline: 0x8a94a6,
};

export interface LiveLike {
  online: boolean;
  faults: readonly string[];
}

export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';

export function deviceCondition(
  live: LiveLike | undefined,
  openAlarmSeverities: readonly AlarmSeverity[] = [],
): Condition {
  if (!live?.online) return 'offline';
  if (live.faults.length > 0) return 'fault';
  if (openAlarmSeverities.some((s) => s === 'critical' || s === 'major')) return 'fault';
  if (openAlarmSeverities.length > 0) return 'warning';
  return 'ok';
}

/** Counts per condition, for the legend. */
export function countConditions(conditions: Iterable<Condition>): Record<Condition, number> {
  const out: Record<Condition, number> = { ok: 0, warning: 0, fault: 0, offline: 0 };
  for (const c of conditions) out[c]++;
  return out;
}
