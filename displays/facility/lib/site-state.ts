/**
 * Derives what the site page draws from the API's answers: the floor plan, each device's
 * condition and each zone's occupancy (people counted by its occupancy sensors / capacity).
 */
import { deviceCondition, type AlarmSeverity, type Condition } from './device-condition.js';
import { occupancyRatio } from './heat.js';

export interface LiveLike {
  deviceId: string;
  zoneId: string;
  type: string;
  online: boolean;
  faults: readonly string[];
  values: Readonly<Record<string, number>>;
}

export function conditionsOf(
  deviceIds: readonly string[],
  live: readonly LiveLike[],
  alarmsByDevice: ReadonlyMap<string, readonly AlarmSeverity[]> = new Map(),
): Map<string, Condition> {
  const byId = new Map(live.map((l) => [l.deviceId, l]));
  return new Map(deviceIds.map((id) => [id, deviceCondition(byId.get(id), alarmsByDevice.get(id) ?? [])]));
}

export function occupancyOf(
  zones: readonly { id: string; capacity: number }[],
  live: readonly LiveLike[],
): { ratios: Map<string, number>; people: Map<string, number> } {
  const people = new Map<string, number>();
  for (const l of live) {
    const p = l.values['people'];
    if (l.type !== 'occupancy-sensor' || !l.online || p === undefined) continue;
    people.set(l.zoneId, (people.get(l.zoneId) ?? 0) + p);
  }
  const ratios = new Map<string, number>();
  for (const z of zones) {
    const r = occupancyRatio(people.get(z.id), z.capacity);
    if (r !== undefined) ratios.set(z.id, r);
  }
  return { ratios, people };
}
