/** Shared helpers for facility tests: signal shortcuts and time stepping with tick. */
import type { TestApp } from '../../helpers/test-app.js';
import type { DeviceType } from '../../../devices/device-types.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function state(
  t: TestApp,
  deviceId: string,
  siteId: string,
  type: DeviceType,
  online: boolean,
  faults: string[] = [],
): void {
  t.services.facility.hub.deviceState({ deviceId, siteId, type, online, faults, at: t.clock.now() });
}

/** Advance the clock in steps, ticking after each. */
export function run(t: TestApp, ms: number, step = MIN): void {
  const end = t.clock.now() + ms;
  while (t.clock.now() < end) {
    t.clock.advance(Math.min(step, end - t.clock.now()));
    t.services.facility.hub.tick(t.clock.now());
  }
}

/** Epoch ms of a Hà Nội local time. */
export const vn = (iso: string): number => Date.parse(`${iso}+07:00`);

export const alarmsOf = (t: TestApp, sourceId: string) =>
  t.services.facility.alarms.list({ scopePaths: ['/'], limit: 1000 }).filter((a) => a.sourceId === sourceId);

export const ordersOf = (t: TestApp, deviceId: string) =>
  t.services.facility.workorders.list({ scopePaths: ['/'], deviceId, limit: 1000 });
