/**
 * Shapes shared by the ingest pipeline and whoever plugs into it: the device directory it
 * looks devices up in, the telemetry sink it writes to, the quarantine sink, and the typed
 * map of live events it emits (dashboards and the lobby-screen push hub listen to these).
 */
import { EventEmitter } from 'node:events';
import type { DeviceEvent, DeviceType, QuarantineReason } from './contract.js';

/** What ingest needs to know about a registered device. */
export interface DeviceInfo {
  id: string;
  siteId: string;
  zoneId: string;
  type: DeviceType;
  counter: number | null;
  active: boolean;
}

export interface DeviceDirectory {
  lookup(deviceId: string): DeviceInfo | undefined;
}

/**
 * One stored point. Tags are only site, zone, device type, device id and service (field of
 * procedures); never a ticket number or anything about a person.
 */
export interface TelemetryPoint {
  /** `telemetry` for measurements, `event` for counted happenings and derived durations. */
  measurement: 'telemetry' | 'event';
  ts: number;
  siteId: string;
  zoneId: string;
  deviceType: DeviceType;
  deviceId: string;
  service: string | null;
  fields: Record<string, number>;
}

/** Where batches go. Resolves once the batch is durable (stored, or queued in a durable outbox). */
export interface TelemetrySink {
  write(points: readonly TelemetryPoint[]): Promise<void>;
}

export interface QuarantineEntry {
  at: number;
  reason: QuarantineReason;
  topic: string;
  deviceId: string | null;
  siteId: string | null;
  /**
   * The site the registry has the named device at (active or decommissioned), or null for a
   * device it does not know. Scoped readers see an entry through this, never through the topic's
   * site, which is whatever the sender wrote.
   */
  ownerSiteId: string | null;
  /** The raw payload, truncated. */
  payload: string;
  detail: string;
}

export interface QuarantineSink {
  add(entries: readonly QuarantineEntry[]): void;
}

export interface DeviceLiveState {
  deviceId: string;
  siteId: string;
  zoneId: string;
  type: DeviceType;
  online: boolean;
  /** Why the state is what it is: a status message, or silence for 3× the heartbeat. */
  since: number;
  lastSeen: number | null;
  values: Record<string, number>;
  fw: string | null;
  faults: string[];
}

export interface QueueMetrics {
  siteId: string;
  service: string;
  /** Tickets issued and not yet called. */
  waiting: number;
  /** Mean wait (issued → called) over the last hour, ms; null with no data. */
  meanWaitMs: number | null;
  /** Mean service time (serving → finished) over the last hour, ms. */
  meanServiceMs: number | null;
  /** Tickets finished in the last hour. */
  throughputPerHour: number;
  /** no_show / (finished + no_show) over the last hour. */
  noShowRate: number | null;
  at: number;
}

export interface QueueCall {
  siteId: string;
  counter: number;
  ticket: string;
  service: string;
  at: number;
}

/** The typed live stream of changes. */
export interface IngestEventMap {
  deviceState: [DeviceLiveState];
  telemetry: [{ deviceId: string; siteId: string; ts: number; values: Record<string, number> }];
  deviceEvent: [{ deviceId: string; siteId: string; ts: number; event: DeviceEvent }];
  queueCall: [QueueCall];
  queueMetrics: [QueueMetrics];
  quarantined: [QuarantineEntry];
  /** A batch reached the store; `count` points. */
  stored: [{ count: number; at: number }];
  storeError: [{ error: string; retryInMs: number }];
}

export class IngestEvents extends EventEmitter<IngestEventMap> {}
