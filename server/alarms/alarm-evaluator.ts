/**
 * Rules → conditions. Keeps the little state it needs per device and screen (online, faults,
 * since when) and reports conditions to the alarm service; time-based rules (offline longer
 * than X *in opening hours*, screens behind) are re-evaluated by `tick(now)`. Also records
 * downtime episodes, the raw material of availability and MTTR.
 */
import { atLeast, type Threshold } from '../../config/alarm-rules.js';
import type { DeviceType } from '../../devices/device-types.js';
import type { SiteDirectory } from '../facility/calendars.js';
import type { FacilityHistoryStore } from '../facility/history.store.js';
import type { DeviceStateSignal, DeviceValuesSignal, QueueSignal, ScreenSignal } from '../facility/signals.js';
import type { AlarmService, ConditionInput } from './alarms.service.js';

export interface DeviceHealth {
  siteId: string;
  type: DeviceType;
  online: boolean;
  faults: readonly string[];
  offlineSince: number | null;
  /** Online with no fault since this instant; null while not healthy. */
  healthySince: number | null;
}

interface ScreenHealth {
  siteId: string;
  online: boolean;
  offlineSince: number | null;
  behindSince: number | null;
}

const MIN = 60_000;

export class AlarmEvaluator {
  private readonly devices = new Map<string, DeviceHealth>();
  private readonly screens = new Map<string, ScreenHealth>();

  constructor(
    private readonly alarms: AlarmService,
    private readonly sites: SiteDirectory,
    private readonly history: FacilityHistoryStore,
  ) {}

  health(deviceId: string): DeviceHealth | undefined {
    return this.devices.get(deviceId);
  }

  private get rules() {
    return this.alarms.rules.get();
  }

  private isOpen(siteId: string, at: number): boolean {
    return this.sites.calendar(siteId)?.isOpen(at) ?? true;
  }

  deviceState(s: DeviceStateSignal): void {
    const prev = this.devices.get(s.deviceId);
    const rule = this.rules.deviceTypes[s.type];
    const healthy = s.online && s.faults.length === 0;
    const h: DeviceHealth = {
      siteId: s.siteId,
      type: s.type,
      online: s.online,
      faults: [...s.faults],
      offlineSince: s.online ? null : prev && !prev.online ? prev.offlineSince : s.at,
      healthySince: healthy ? (prev?.healthySince ?? s.at) : null,
    };
    this.devices.set(s.deviceId, h);

    const base = { sourceId: s.deviceId, siteId: s.siteId, deviceId: s.deviceId, deviceType: s.type, value: null };
    for (const code of s.faults) {
      const severity = rule.faults[code] ?? rule.defaultFaultSeverity;
      this.alarms.condition(
        { ...base, type: `fault:${code}`, severity, message: `${s.type} ${s.deviceId}: fault ${code}` },
        true,
        s.at,
      );
    }
    for (const type of this.alarms.typesOf(s.deviceId)) {
      if (type.startsWith('fault:') && !s.faults.includes(type.slice(6))) {
        this.alarms.condition({ ...base, type, severity: 'warning', message: '' }, false, s.at);
      }
    }
    if (s.online)
      this.alarms.condition({ ...base, type: 'offline', severity: rule.offlineSeverity, message: '' }, false, s.at);
    else this.checkOffline(s.deviceId, h, s.at);

    // Downtime: offline, or a fault at least as bad as the type's down level.
    const blocking = s.faults.find((c) => atLeast(rule.faults[c] ?? rule.defaultFaultSeverity, rule.downAtSeverity));
    const down = !s.online || blocking !== undefined;
    if (down)
      this.history.startDowntime(s.deviceId, s.siteId, s.type, s.online ? `fault:${blocking ?? ''}` : 'offline', s.at);
    else this.history.endDowntime(s.deviceId, s.at);
  }

  private checkOffline(deviceId: string, h: DeviceHealth, now: number): void {
    const rule = this.rules.deviceTypes[h.type];
    if (h.online || h.offlineSince === null || rule.offlineAfterMin === null) return;
    if (this.alarms.isRaw(deviceId, 'offline')) return;
    const cal = this.sites.calendar(h.siteId);
    const openMs = cal ? cal.openMs(h.offlineSince, now) : now - h.offlineSince;
    if (openMs < rule.offlineAfterMin * MIN) return;
    this.alarms.condition(
      {
        sourceId: deviceId,
        type: 'offline',
        siteId: h.siteId,
        deviceId,
        deviceType: h.type,
        severity: rule.offlineSeverity,
        message: `${h.type} ${deviceId} offline for ${Math.round(openMs / MIN)} min of opening hours`,
        value: Math.round(openMs / MIN),
      },
      true,
      now,
    );
  }

  deviceValues(s: DeviceValuesSignal): void {
    if (s.type === 'env-sensor') {
      const open = this.isOpen(s.siteId, s.at);
      for (const [field, limit] of Object.entries(this.rules.environment)) {
        const v = s.values[field];
        if (v === undefined) continue;
        const type = `env:${field}`;
        const active = open && this.outOfRange(v, limit, this.alarms.isRaw(s.deviceId, type));
        this.alarms.condition(
          {
            sourceId: s.deviceId,
            type,
            siteId: s.siteId,
            deviceId: s.deviceId,
            deviceType: s.type,
            severity: limit.severity,
            message: `${field} ${v} outside ${limit.min ?? '−∞'}…${limit.max ?? '∞'} in zone ${s.zoneId}`,
            value: v,
          },
          active,
          s.at,
        );
      }
    }
    const people = s.values['people'];
    if (s.type === 'occupancy-sensor' && people !== undefined) {
      const capacity = this.sites.zoneCapacity(s.siteId, s.zoneId);
      if (capacity === undefined) return;
      const { ratio, hysteresis, severity } = this.rules.occupancy;
      const limit = capacity * ratio;
      const sourceId = `${s.siteId}/${s.zoneId}`;
      const was = this.alarms.isRaw(sourceId, 'occupancy');
      const active = people > limit || (was && people > limit - hysteresis);
      this.alarms.condition(
        {
          sourceId,
          type: 'occupancy',
          siteId: s.siteId,
          deviceId: null,
          deviceType: null,
          severity,
          message: `${people} people in zone ${s.zoneId} (capacity ${capacity})`,
          value: people,
        },
        active,
        s.at,
      );
    }
  }

  private outOfRange(v: number, t: Threshold, was: boolean): boolean {
    const h = was ? t.hysteresis : 0;
    return (t.max !== null && v > t.max - h) || (t.min !== null && v < t.min + h);
  }

  queue(s: QueueSignal): void {
    const limits = this.rules.queue.sites[s.siteId] ?? this.rules.queue.default;
    const base: Omit<ConditionInput, 'type' | 'message' | 'value'> = {
      sourceId: s.siteId,
      siteId: s.siteId,
      deviceId: null,
      deviceType: null,
      severity: limits.severity,
    };
    if (limits.maxWaiting !== null) {
      const was = this.alarms.isRaw(s.siteId, 'queue-waiting');
      const active = s.waiting > limits.maxWaiting || (was && s.waiting > limits.maxWaiting - limits.waitingHysteresis);
      this.alarms.condition(
        { ...base, type: 'queue-waiting', message: `${s.waiting} people waiting`, value: s.waiting },
        active,
        s.at,
      );
    }
    if (limits.maxP90WaitMin !== null && s.p90WaitMs !== null) {
      const min = s.p90WaitMs / MIN;
      const was = this.alarms.isRaw(s.siteId, 'queue-p90-wait');
      const active = min > limits.maxP90WaitMin || (was && min > limits.maxP90WaitMin - limits.waitHysteresisMin);
      this.alarms.condition(
        {
          ...base,
          type: 'queue-p90-wait',
          message: `90% of waits under ${Math.round(min)} min`,
          value: Math.round(min),
        },
        active,
        s.at,
      );
    }
  }

  screen(s: ScreenSignal): void {
    const prev = this.screens.get(s.screenId);
    const h: ScreenHealth = {
      siteId: s.siteId,
      online: s.online,
      offlineSince: s.online ? null : prev && !prev.online ? prev.offlineSince : s.at,
      behindSince: s.manifestLagMs > 0 ? s.at - s.manifestLagMs : null,
    };
    this.screens.set(s.screenId, h);
    this.checkScreen(s.screenId, h, s.at);
  }

  private checkScreen(screenId: string, h: ScreenHealth, now: number): void {
    const r = this.rules.screens;
    const base = { sourceId: screenId, siteId: h.siteId, deviceId: null, deviceType: 'lobby-screen' as const };
    let offlineActive = false;
    let offMin = 0;
    if (!h.online && h.offlineSince !== null) {
      const cal = this.sites.calendar(h.siteId);
      offMin = (cal ? cal.openMs(h.offlineSince, now) : now - h.offlineSince) / MIN;
      offlineActive = offMin >= r.offlineAfterMin || this.alarms.isRaw(screenId, 'screen-offline');
    }
    this.alarms.condition(
      {
        ...base,
        type: 'screen-offline',
        severity: r.offlineSeverity,
        message: `Lobby screen ${screenId} offline for ${Math.round(offMin)} min of opening hours`,
        value: Math.round(offMin),
      },
      offlineActive,
      now,
    );
    const lagMin = h.behindSince === null ? 0 : (now - h.behindSince) / MIN;
    const behind = h.online && h.behindSince !== null && lagMin >= r.behindAfterMin;
    this.alarms.condition(
      {
        ...base,
        type: 'screen-behind',
        severity: r.behindSeverity,
        message: `Lobby screen ${screenId} ${Math.round(lagMin)} min behind its manifest`,
        value: Math.round(lagMin),
      },
      behind,
      now,
    );
  }

  tick(now: number): void {
    for (const [id, h] of this.devices) if (!h.online) this.checkOffline(id, h, now);
    for (const [id, h] of this.screens) if (!h.online || h.behindSince !== null) this.checkScreen(id, h, now);
  }
}
