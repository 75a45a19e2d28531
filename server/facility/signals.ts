/**
 * What facility management listens to, independent of where it comes from: device state
 * changes and values (from the MQTT ingest), queue figures per site, and lobby-screen health
 * (from the screen fleet). `ingest-adapter.ts` and `screens-adapter.ts` translate the real
 * emitters into these; tests feed them directly.
 */
import type { DeviceType } from '../../devices/device-types.js';

export interface DeviceStateSignal {
  deviceId: string;
  siteId: string;
  type: DeviceType;
  online: boolean;
  /** Fault codes active now. */
  faults: readonly string[];
  at: number;
}

export interface DeviceValuesSignal {
  deviceId: string;
  siteId: string;
  zoneId: string;
  type: DeviceType;
  values: Readonly<Record<string, number>>;
  at: number;
}

export interface QueueSignal {
  siteId: string;
  /** People waiting across all services. */
  waiting: number;
  /** 90th percentile of waits over the last hour, ms; null with no data. */
  p90WaitMs: number | null;
  at: number;
}

/** One finished ticket step, for the hourly queue history behind the citizen-impact report. */
export interface TicketSignal {
  siteId: string;
  deviceId: string;
  kind: 'issued' | 'called' | 'finished' | 'no_show';
  waitMs?: number;
  at: number;
}

export interface ScreenSignal {
  screenId: string;
  siteId: string;
  online: boolean;
  /** How long the screen has shown an older manifest than the one served; 0 when current. */
  manifestLagMs: number;
  at: number;
}

/** The entry points the adapters call. */
export interface FacilitySignals {
  deviceState(s: DeviceStateSignal): void;
  deviceValues(s: DeviceValuesSignal): void;
  queue(s: QueueSignal): void;
  ticket(s: TicketSignal): void;
  screen(s: ScreenSignal): void;
}
