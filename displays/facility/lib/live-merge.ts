/**
 * Folding live-stream batches into what a view shows. Newest wins, item by item (devices by
 * their last message or state change, queues by `at`, alarms and orders by `updatedAt`), so a
 * batch that arrives while a full refresh is in flight can be applied again on top of the fresh
 * answer without putting anything back in time.
 */
import type { StreamBatch } from './live-stream.js';

interface DeviceLike {
  deviceId: string;
  siteId: string;
  lastSeen: number | null;
  since: number | null;
}
interface QueueLike {
  siteId: string;
  service: string;
  at: number;
}
interface AlarmLike {
  id: string;
  siteId: string;
  updatedAt: number;
  state: string;
}

/**
 * `list` with `updates` applied: an update replaces the item with its key unless that one is
 * newer, is appended when new, and removes it when `keep` says it no longer belongs.
 */
export function upsert<T>(
  list: readonly T[],
  updates: readonly T[],
  key: (t: T) => string,
  stamp: (t: T) => number,
  keep: (t: T) => boolean = () => true,
): T[] {
  if (updates.length === 0) return [...list];
  const byKey = new Map(list.map((t) => [key(t), t]));
  for (const u of updates) {
    const k = key(u);
    const old = byKey.get(k);
    if (old !== undefined && stamp(old) > stamp(u)) continue;
    if (keep(u)) byKey.set(k, u);
    else byKey.delete(k);
  }
  return [...byKey.values()];
}

export const deviceStamp = (d: { lastSeen: number | null; since: number | null }): number =>
  Math.max(d.lastSeen ?? 0, d.since ?? 0);

export const mergeDevices = <D extends DeviceLike>(list: readonly D[], updates: readonly D[]): D[] =>
  upsert(list, updates, (d) => d.deviceId, deviceStamp);

export const mergeQueues = <Q extends QueueLike>(list: readonly Q[], updates: readonly Q[]): Q[] =>
  upsert(
    list,
    updates,
    (q) => `${q.siteId}\u0000${q.service}`,
    (q) => q.at,
  );

/** Alarms of a list that shows only some states (e.g. the open ones): others leave it. */
export const mergeAlarms = <A extends AlarmLike>(
  list: readonly A[],
  updates: readonly A[],
  states: readonly string[],
): A[] =>
  upsert(
    list,
    updates,
    (a) => a.id,
    (a) => a.updatedAt,
    (a) => states.includes(a.state),
  );

type Device = StreamBatch['devices'][number];
type Queue = StreamBatch['queues'][number];
type Alarm = StreamBatch['alarms'][number];

/** What a site's page shows live. */
export interface SiteLive {
  live: Device[];
  queues: Queue[];
  alarms: Alarm[];
}

/** A site's live view with a batch applied (only that site's items; alarms in `alarmStates`). */
export function applyToSite(
  view: SiteLive,
  batch: StreamBatch,
  siteId: string,
  alarmStates: readonly string[],
): SiteLive {
  const here = <T extends { siteId: string }>(items: readonly T[]) => items.filter((i) => i.siteId === siteId);
  return {
    live: mergeDevices(view.live, here(batch.devices)),
    queues: mergeQueues(view.queues, here(batch.queues)),
    alarms: mergeAlarms(view.alarms, here(batch.alarms), alarmStates),
  };
}

/** The live parts of one site's figures in a view of many sites; undefined where the fetch failed. */
export interface SiteLiveParts {
  live?: Device[] | undefined;
  queues?: Queue[] | undefined;
  openAlarms?: Alarm[] | undefined;
}

/**
 * Many sites' figures with a batch applied. Sites not in the view are ignored; a device list
 * that could not be fetched stays unknown (a change does not make it the whole list).
 */
export function applyToSites<F extends SiteLiveParts>(
  figures: ReadonlyMap<string, F>,
  batch: StreamBatch,
  alarmStates: readonly string[],
): Map<string, F> {
  const out = new Map(figures);
  const devices = bySite(batch.devices);
  const queues = bySite(batch.queues);
  const alarms = bySite(batch.alarms);
  for (const siteId of new Set([...devices.keys(), ...queues.keys(), ...alarms.keys()])) {
    const f = out.get(siteId);
    if (!f) continue;
    out.set(siteId, {
      ...f,
      live: f.live && mergeDevices(f.live, devices.get(siteId) ?? []),
      queues: mergeQueues(f.queues ?? [], queues.get(siteId) ?? []),
      openAlarms: f.openAlarms && mergeAlarms(f.openAlarms, alarms.get(siteId) ?? [], alarmStates),
    });
  }
  return out;
}

/** Alarm severities per device, for the floor's colours. */
export function severitiesByDevice<S>(alarms: readonly { deviceId: string | null; severity: S }[]): Map<string, S[]> {
  const out = new Map<string, S[]>();
  for (const a of alarms) if (a.deviceId) out.set(a.deviceId, [...(out.get(a.deviceId) ?? []), a.severity]);
  return out;
}

/** Items of a batch grouped by site id, for views of many sites. */
export function bySite<T extends { siteId: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(i.siteId, [...(out.get(i.siteId) ?? []), i]);
  return out;
}
