/**
 * What colour a device is on the floor: not connected when the server has never heard from it
 * (registered, but no message yet: a commissioning gap, not a breakdown), offline when it went
 * silent or said goodbye, fault when it reports a fault or has a major/critical alarm open,
 * warning for a minor/warning alarm, else ok.
 */
export const CONDITIONS = ['ok', 'warning', 'fault', 'offline', 'not-connected'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CONDITION_COLOURS: Readonly<Record<Condition, number>> = {
  ok: 0x1b7f3b,
  warning: 0xe0a100,
  fault: 0xc62828,
  offline: 0x8a94a6,
  'not-connected': 0x6d8fc7,
};

export interface LiveLike {
  online: boolean;
  faults: readonly string[];
  /** Last message of any kind; null when none was ever heard. */
  lastSeen?: number | null | undefined;
  /** When the state last changed; null when the server has no state for the device at all. */
  since?: number | null | undefined;
}

export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';

/** Registered but never heard: no live state at all, or one the server made up with no message behind it. */
export const neverHeard = (live: LiveLike | undefined): boolean =>
  live === undefined || (live.lastSeen === null && live.since === null);

export function deviceCondition(
  live: LiveLike | undefined,
  openAlarmSeverities: readonly AlarmSeverity[] = [],
): Condition {
  if (neverHeard(live)) return 'not-connected';
  if (!live?.online) return 'offline';
  if (live.faults.length > 0) return 'fault';
  if (openAlarmSeverities.some((s) => s === 'critical' || s === 'major')) return 'fault';
  if (openAlarmSeverities.length > 0) return 'warning';
  return 'ok';
}

/** Counts per condition, for the legend. */
export function countConditions(conditions: Iterable<Condition>): Record<Condition, number> {
  const out: Record<Condition, number> = { ok: 0, warning: 0, fault: 0, offline: 0, 'not-connected': 0 };
  for (const c of conditions) out[c]++;
  return out;
}
