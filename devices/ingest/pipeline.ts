/**
 * The ingest pipeline: one entry point per MQTT message (`accept`), a dispatcher per channel,
 * batched writes (by size and time) to a telemetry sink with backpressure, live state, queue
 * metrics and a typed stream of changes. `accept` never throws: whatever arrives either lands
 * in the store or in the quarantine with a reason.
 */
import {
  QUARANTINE_PAYLOAD_CHARS,
  QUARANTINE_REASONS,
  isTicketEvent,
  parseTopic,
  validatePayload,
  type DeviceEvent,
  type DeviceStatus,
  type QuarantineReason,
  type Reading,
} from '../contract.js';
import {
  IngestEvents,
  type DeviceDirectory,
  type DeviceInfo,
  type QuarantineEntry,
  type QuarantineSink,
  type TelemetryPoint,
  type TelemetrySink,
} from '../ingest-types.js';
import { hash } from 'node:crypto';
import { LiveState } from './live-state.js';
import { QueueMetricsTracker } from './queue-metrics.js';

export interface PipelineOptions {
  directory: DeviceDirectory;
  sink: TelemetrySink;
  quarantine: QuarantineSink;
  now: () => number;
  /** Flush when this many points are pending… */
  batchSize?: number;
  /** …or this long after the first pending point. */
  flushMs?: number;
  /** Above this many pending points, `pressure()` is true and brokers hold acks. */
  highWater?: number;
  /**
   * Full batches handed to the sink before the first is answered (default 1). With more, a sink
   * that works off the main thread (the SQLite writer thread) starts on the next batch without
   * waiting for this thread to take its last answer. Batches are accounted in order; after a
   * failure, later ones that did succeed are kept, so storage order may differ from arrival then.
   */
  maxInFlight?: number;
  /** How often silent devices are checked. */
  sweepMs?: number;
}

export interface PipelineStats {
  received: number;
  accepted: number;
  stored: number;
  pending: number;
  quarantined: Record<QuarantineReason, number>;
  storeErrors: number;
}

/** Counters of the messages attributed to some sites (by the registered device they name). */
export interface SiteIngestStats {
  accepted: number;
  quarantined: Record<QuarantineReason, number>;
}

const noQuarantine = (): Record<QuarantineReason, number> =>
  Object.fromEntries(QUARANTINE_REASONS.map((r) => [r, 0])) as Record<QuarantineReason, number>;

/** How long and how many accepted messages are remembered to drop QoS 1 redeliveries. */
const REDELIVERY_WINDOW_MS = 15 * 60_000;
const REDELIVERY_KEEP = 100_000;

type Handler<V> = (d: DeviceInfo, readings: Reading<V>[], receivedAt: number) => void;

export class IngestPipeline {
  readonly events = new IngestEvents();
  readonly live: LiveState;
  readonly queues = new QueueMetricsTracker();
  private readonly o: Required<PipelineOptions>;
  /** Pending points in batches of at most `batchSize`, oldest first (no O(n) front splices). */
  private batches: TelemetryPoint[][] = [];
  private pendingCount = 0;
  private quarantineBuf: QuarantineEntry[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  /** Writes of `batches[0 … sent.length - 1]`, in order; each settles to its error or undefined. */
  private sent: { batch: TelemetryPoint[]; result: Promise<Error | undefined> }[] = [];
  private waiters: (() => void)[] = [];
  private retryMs = 0;
  private stopped = false;
  /**
   * Recently accepted messages with their own timestamps: the current generation (since
   * `recentSince`) and the one before it. A redelivery within REDELIVERY_WINDOW_MS and
   * REDELIVERY_KEEP messages is always caught; keys may be remembered up to twice as long.
   */
  private recent = new Set<string>();
  private recentSince = Number.NEGATIVE_INFINITY;
  private older = new Set<string>();
  private olderSince = Number.NEGATIVE_INFINITY;
  private readonly stats: PipelineStats;
  /** Per owning site id (`''`: devices the registry does not know), for scoped readers. */
  private readonly bySite = new Map<string, SiteIngestStats>();

  constructor(options: PipelineOptions) {
    this.o = { batchSize: 2_000, flushMs: 200, highWater: 10_000, sweepMs: 10_000, maxInFlight: 1, ...options };
    this.live = new LiveState(this.events);
    this.stats = {
      received: 0,
      accepted: 0,
      stored: 0,
      pending: 0,
      quarantined: noQuarantine(),
      storeErrors: 0,
    };
  }

  start(): void {
    this.sweepTimer ??= setInterval(() => this.live.sweep(this.o.now()), this.o.sweepMs).unref();
  }

  /** Flush everything pending and stop the timers. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.flush();
  }

  getStats(): PipelineStats {
    return { ...this.stats, pending: this.pendingCount, quarantined: { ...this.stats.quarantined } };
  }

  /**
   * Accepted and quarantined messages of devices registered at `siteIds`, summed; with
   * `unknownDevices`, also those naming no registered device (for city-wide readers only).
   */
  siteStats(siteIds: Iterable<string>, unknownDevices = false): SiteIngestStats {
    const out: SiteIngestStats = { accepted: 0, quarantined: noQuarantine() };
    const add = (s: SiteIngestStats | undefined) => {
      if (!s) return;
      out.accepted += s.accepted;
      for (const r of QUARANTINE_REASONS) out.quarantined[r] += s.quarantined[r];
    };
    for (const id of siteIds) add(this.bySite.get(id));
    if (unknownDevices) add(this.bySite.get(''));
    return out;
  }

  /** The registered site of a device named in a refused message; null when unknown (or the lookup fails: never throw here). */
  private ownerOf(deviceId: string | null): string | null {
    if (deviceId === null) return null;
    try {
      return this.o.directory.lookup(deviceId)?.siteId ?? null;
    } catch {
      return null;
    }
  }

  private site(ownerSiteId: string | null): SiteIngestStats {
    const key = ownerSiteId ?? '';
    let s = this.bySite.get(key);
    if (!s) {
      s = { accepted: 0, quarantined: noQuarantine() };
      this.bySite.set(key, s);
    }
    return s;
  }

  /** True while more points are pending than the store keeps up with; brokers should hold acks. */
  pressure(): boolean {
    return this.pendingCount >= this.o.highWater;
  }

  /** Resolves once pending points are below half the high-water mark. */
  whenReady(): Promise<void> {
    if (!this.pressure()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * One MQTT message. `authDeviceId` is the identity the broker authenticated, when known;
   * a message on another device's topic is refused even if the broker let it through.
   */
  accept(topic: string, payload: Buffer, receivedAt: number = this.o.now(), authDeviceId?: string): void {
    this.stats.received++;
    let deviceId: string | null = null;
    let siteId: string | null = null;
    try {
      const t = parseTopic(topic);
      if (!t)
        return this.reject(
          'bad_topic',
          topic,
          payload,
          null,
          null,
          'not hcpv/v1/{siteId}/{deviceId}/{telemetry|event|status}',
          receivedAt,
        );
      deviceId = t.deviceId;
      siteId = t.siteId;
      if (t.channel === 'command')
        return this.reject(
          'bad_topic',
          topic,
          payload,
          deviceId,
          siteId,
          'devices do not publish commands',
          receivedAt,
        );
      if (authDeviceId !== undefined && authDeviceId !== t.deviceId) {
        return this.reject(
          'forbidden_topic',
          topic,
          payload,
          deviceId,
          siteId,
          `published by ${authDeviceId}`,
          receivedAt,
        );
      }
      const d = this.o.directory.lookup(t.deviceId);
      if (!d || !d.active)
        return this.reject(
          'unknown_device',
          topic,
          payload,
          deviceId,
          siteId,
          d ? 'decommissioned' : 'not registered',
          receivedAt,
        );
      if (d.siteId !== t.siteId)
        return this.reject('wrong_site', topic, payload, deviceId, siteId, `registered at ${d.siteId}`, receivedAt);
      const v = validatePayload(d.type, t.channel, payload, receivedAt);
      if (!v.ok) return this.reject(v.reason, topic, payload, deviceId, siteId, v.detail, receivedAt);
      if (this.isRedelivery(topic, payload, v.readings, receivedAt)) return;
      this.stats.accepted++;
      this.site(d.siteId).accepted++;
      if (v.channel === 'telemetry') this.onTelemetry(d, v.readings, receivedAt);
      else if (v.channel === 'event') this.onEvent(d, v.readings, receivedAt);
      else this.onStatus(d, v.readings, receivedAt);
    } catch (err) {
      this.reject(
        'internal',
        topic,
        payload,
        deviceId,
        siteId,
        err instanceof Error ? err.message : String(err),
        receivedAt,
      );
    }
  }

  /**
   * QoS 1 is at-least-once: a broker restarted before our PUBACK sends the message again. A
   * message carrying its own timestamps seen before (same topic, same bytes) within the window
   * is that redelivery, dropped. Messages without timestamps are always new readings.
   */
  private isRedelivery(
    topic: string,
    payload: Buffer,
    readings: readonly { ts: number }[],
    receivedAt: number,
  ): boolean {
    if (readings.every((r) => r.ts === receivedAt)) return false;
    const key = `${topic} ${hash('sha1', payload, 'base64')}`;
    // Two generations of keys instead of an LRU map: no per-message delete and re-insert, and
    // old keys leave in bulk.
    if (receivedAt - this.recentSince >= REDELIVERY_WINDOW_MS || this.recent.size >= REDELIVERY_KEEP) {
      this.older = this.recent;
      this.olderSince = this.recentSince;
      this.recent = new Set();
      this.recentSince = receivedAt;
    }
    if (this.recent.has(key) || (receivedAt - this.olderSince < 2 * REDELIVERY_WINDOW_MS && this.older.has(key)))
      return true;
    this.recent.add(key);
    return false;
  }

  private readonly onTelemetry: Handler<Record<string, number>> = (d, readings, receivedAt) => {
    for (const r of readings) {
      this.push(d, 'telemetry', r.ts, null, r.values);
      this.live.telemetry(d, r.ts, r.values, receivedAt);
    }
  };

  private readonly onEvent: Handler<DeviceEvent> = (d, readings, receivedAt) => {
    for (const { ts, values: e } of readings) {
      const fields: Record<string, number> = { [e.kind]: 1 };
      let service: string | null = null;
      if (isTicketEvent(e)) {
        service = e.service;
        const derived = this.queues.apply(d.siteId, e, ts);
        if (derived.waitMs !== undefined) fields['waitMs'] = derived.waitMs;
        if (derived.serviceMs !== undefined) fields['serviceMs'] = derived.serviceMs;
        if (e.kind === 'called')
          this.events.emit('queueCall', {
            siteId: d.siteId,
            counter: e.counter,
            ticket: e.ticket,
            service: e.service,
            at: ts,
          });
        this.events.emit('queueMetrics', this.queues.metrics(d.siteId, e.service, receivedAt));
      } else if (e.kind === 'rating') {
        service = e.service ?? null;
        fields['score'] = e.score;
      }
      this.push(d, 'event', ts, service, fields);
      this.live.event(d, e, receivedAt);
      this.events.emit('deviceEvent', { deviceId: d.id, siteId: d.siteId, ts, event: e });
    }
  };

  private readonly onStatus: Handler<DeviceStatus> = (d, readings, receivedAt) => {
    for (const r of readings) {
      this.push(d, 'event', r.ts, null, { online: r.values.state === 'online' ? 1 : 0 });
      this.live.status(d, r.values, receivedAt);
    }
  };

  private push(
    d: DeviceInfo,
    measurement: TelemetryPoint['measurement'],
    ts: number,
    service: string | null,
    fields: Record<string, number>,
  ): void {
    let last = this.batches[this.batches.length - 1];
    if (!last || last.length >= this.o.batchSize) {
      last = [];
      this.batches.push(last);
    }
    last.push({
      measurement,
      ts,
      siteId: d.siteId,
      zoneId: d.zoneId,
      deviceType: d.type,
      deviceId: d.id,
      service,
      fields,
    });
    this.pendingCount++;
    // A full batch goes at once (beside those in flight, up to maxInFlight); else by time.
    if (last.length < this.o.batchSize || this.retryMs !== 0) this.schedule();
    else if (this.draining) this.send(undefined);
    else void this.startDrain(false);
  }

  private reject(
    reason: QuarantineReason,
    topic: string,
    payload: Buffer,
    deviceId: string | null,
    siteId: string | null,
    detail: string,
    at: number,
  ): void {
    this.stats.quarantined[reason]++;
    const ownerSiteId = this.ownerOf(deviceId);
    this.site(ownerSiteId).quarantined[reason]++;
    const entry: QuarantineEntry = {
      at,
      reason,
      topic: topic.slice(0, 300),
      deviceId,
      siteId,
      ownerSiteId,
      payload: payload
        .subarray(0, QUARANTINE_PAYLOAD_CHARS * 4)
        .toString('utf8')
        .slice(0, QUARANTINE_PAYLOAD_CHARS),
      detail: detail.slice(0, 300),
    };
    this.quarantineBuf.push(entry);
    this.events.emit('quarantined', entry);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(
      () => {
        this.flushTimer = undefined;
        void this.flush();
      },
      Math.max(this.o.flushMs, this.retryMs),
    );
    this.flushTimer.unref();
  }

  /** Write what is pending, in order. Resolves when all that was pending is written or the sink fails. */
  async flush(): Promise<void> {
    this.flushQuarantine();
    // Wait for a running drain, then run one more: the running one may have stopped at a
    // partial batch before this call (stop() must write it).
    while (this.draining) await this.draining;
    await this.startDrain(true);
  }

  private startDrain(partial: boolean): Promise<void> {
    this.draining = this.drain(partial).finally(() => {
      this.draining = undefined;
      // A full batch sent while this drain was finishing: account for it.
      if (this.sent.length && this.retryMs === 0) void this.startDrain(false);
    });
    return this.draining;
  }

  private flushQuarantine(): void {
    if (!this.quarantineBuf.length) return;
    const q = this.quarantineBuf;
    this.quarantineBuf = [];
    try {
      this.o.quarantine.add(q);
    } catch (err) {
      this.stats.storeErrors++;
      this.events.emit('storeError', {
        error: `quarantine: ${err instanceof Error ? err.message : String(err)}`,
        retryInMs: 0,
      });
    }
  }

  /**
   * Hand the next batches to the sink while fewer than maxInFlight are with it: full ones, and
   * `flushing` (the batch that was filling when a flush began: the timer, a caller, stop) too.
   */
  private send(flushing: TelemetryPoint[] | undefined): void {
    while (this.sent.length < this.o.maxInFlight) {
      const i = this.sent.length;
      const batch = this.batches[i];
      if (!batch || batch.length === 0) return;
      if (batch.length < this.o.batchSize && batch !== flushing && !this.stopped) return;
      // Take the batch out of the append position so new points start a fresh one.
      if (i === this.batches.length - 1) this.batches.push([]);
      const result = this.o.sink.write(batch).then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      );
      this.sent.push({ batch, result });
    }
  }

  /** Send and account for batches, in order, until none may go; a partial one is left to its timer. */
  private async drain(partial: boolean): Promise<void> {
    const flushing = partial ? this.batches.at(-1) : undefined;
    for (;;) {
      this.send(flushing);
      const head = this.sent[0];
      if (!head) break;
      const error = await head.result;
      if (error) return this.failed(error);
      this.sent.shift();
      this.batches.shift();
      this.stored(head.batch);
      this.retryMs = 0;
    }
    const next = this.batches[0];
    if (!next || next.length === 0) this.batches = [];
    else this.schedule();
    this.release();
  }

  /**
   * The head batch failed. Batches sent after it are waited out: those stored are accounted, the
   * rest stay in place with it and are retried later from the head. Nothing is dropped.
   */
  private async failed(error: Error): Promise<void> {
    this.stats.storeErrors++;
    this.retryMs = Math.min(5_000, Math.max(100, this.retryMs * 2));
    const sent = this.sent;
    const results = await Promise.all(sent.map((x) => x.result));
    this.sent = [];
    sent.forEach((x, i) => {
      if (results[i]) return;
      this.batches.splice(this.batches.indexOf(x.batch), 1);
      this.stored(x.batch);
    });
    this.events.emit('storeError', { error: error.message, retryInMs: this.retryMs });
    this.schedule();
    this.release();
  }

  private stored(batch: TelemetryPoint[]): void {
    this.pendingCount -= batch.length;
    this.stats.stored += batch.length;
    this.events.emit('stored', { count: batch.length, at: this.o.now() });
    this.release();
  }

  private release(): void {
    if (this.pendingCount >= this.o.highWater / 2) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
