/**
 * Connects the MQTT ingest's typed live stream (devices/ingest-types.ts `IngestEvents`) to the
 * facility signals. Computes what the ingest does not publish: per-site waiting across
 * services and the 90th-percentile wait over the last hour.
 */
import type {
  DeviceDirectory,
  DeviceLiveState,
  IngestEventMap,
  IngestEvents,
  QueueMetrics,
} from '../../devices/ingest-types.js';
import type { FacilitySignals } from './signals.js';

const HOUR = 3_600_000;
/** Tickets never called are forgotten after this. */
const TICKET_TTL = 16 * HOUR;

/** 90th percentile (nearest rank) of a non-empty list. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)] ?? null;
}

export function connectIngest(
  events: IngestEvents,
  directory: DeviceDirectory,
  signals: FacilitySignals,
  now: () => number,
): () => void {
  const issued = new Map<string, number>();
  const waits = new Map<string, { at: number; ms: number }[]>();
  const waiting = new Map<string, Map<string, number>>();

  const siteWaits = (siteId: string, at: number): number[] => {
    const list = (waits.get(siteId) ?? []).filter((w) => w.at >= at - HOUR);
    waits.set(siteId, list);
    return list.map((w) => w.ms);
  };
  const emitQueue = (siteId: string, at: number) => {
    const total = [...(waiting.get(siteId)?.values() ?? [])].reduce((a, b) => a + b, 0);
    signals.queue({ siteId, waiting: total, p90WaitMs: p90(siteWaits(siteId, at)), at });
  };

  const handlers = {
    deviceState: (s: DeviceLiveState) =>
      signals.deviceState({
        deviceId: s.deviceId,
        siteId: s.siteId,
        type: s.type,
        online: s.online,
        faults: s.faults,
        at: now(),
      }),
    telemetry: (t: IngestEventMap['telemetry'][0]) => {
      const d = directory.lookup(t.deviceId);
      if (d)
        signals.deviceValues({
          deviceId: d.id,
          siteId: d.siteId,
          zoneId: d.zoneId,
          type: d.type,
          values: t.values,
          at: t.ts,
        });
    },
    deviceEvent: (e: IngestEventMap['deviceEvent'][0]) => {
      const ev = e.event;
      if (ev.kind === 'issued') {
        issued.set(`${e.siteId}|${ev.service}|${ev.ticket}`, e.ts);
        signals.ticket({ siteId: e.siteId, deviceId: e.deviceId, kind: 'issued', at: e.ts });
        for (const [k, at] of issued) if (e.ts - at > TICKET_TTL) issued.delete(k);
      } else if (ev.kind === 'called') {
        const key = `${e.siteId}|${ev.service}|${ev.ticket}`;
        const from = issued.get(key);
        issued.delete(key);
        if (from === undefined) return;
        const ms = e.ts - from;
        const list = waits.get(e.siteId) ?? [];
        list.push({ at: e.ts, ms });
        waits.set(e.siteId, list);
        signals.ticket({ siteId: e.siteId, deviceId: e.deviceId, kind: 'called', waitMs: ms, at: e.ts });
        emitQueue(e.siteId, e.ts);
      } else if (ev.kind === 'finished' || ev.kind === 'no_show') {
        signals.ticket({ siteId: e.siteId, deviceId: e.deviceId, kind: ev.kind, at: e.ts });
      }
    },
    queueMetrics: (m: QueueMetrics) => {
      const bySite = waiting.get(m.siteId) ?? new Map<string, number>();
      bySite.set(m.service, m.waiting);
      waiting.set(m.siteId, bySite);
      emitQueue(m.siteId, m.at);
    },
  };
  events.on('deviceState', handlers.deviceState);
  events.on('telemetry', handlers.telemetry);
  events.on('deviceEvent', handlers.deviceEvent);
  events.on('queueMetrics', handlers.queueMetrics);
  return () => {
    events.off('deviceState', handlers.deviceState);
    events.off('telemetry', handlers.telemetry);
    events.off('deviceEvent', handlers.deviceEvent);
    events.off('queueMetrics', handlers.queueMetrics);
  };
}
