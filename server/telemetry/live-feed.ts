/**
 * The dashboards' live stream of changes (issue #7): device state (values, online/offline,
 * faults), queue metrics per site and service, alarms raised/cleared/acknowledged and work-order
 * changes, each reader seeing only what lies in their scope.
 *
 * Changes are coalesced: whatever changed is marked, and at most once per `coalesceMs` the marks
 * become one batch in which each device, queue, alarm and order appears once, in its latest
 * state (read at that moment). A batch gets the id `<boot>.<seq>` and is kept in a ring bounded
 * by batches and bytes, so a dashboard that reconnects with `Last-Event-ID` gets what it missed
 * in its scope; an id from another boot or older than the ring gets `resync` (refetch the state
 * over REST; the stream then continues from there). Each item is serialised once per batch, and
 * each distinct scope's frame once per batch, whatever the number of readers sharing it.
 *
 * Heartbeats are SSE comments every `heartbeatMs` with an `id:` line, which moves a client's
 * resume point forward without an event (a quiet scope never falls out of the ring). A reader
 * whose connection refuses a frame (more than the writer's buffer behind) is dropped: it
 * reconnects and resumes, so a slow client never grows memory here.
 *
 * With nobody connected for `idleMs`, the feed goes dormant: marks are ignored and the ring is
 * emptied, so ingest pays nothing for a stream no one reads (a later resume gets `resync`).
 */
import { randomBytes } from 'node:crypto';
import type { DeviceLiveState, IngestEventMap, QueueMetrics } from '../../devices/ingest-types.js';
import type { TypedEmitter } from '../core/typed-emitter.js';
import type { Alarm } from '../alarms/alarms.store.js';
import type { AlarmEventMap } from '../alarms/alarms.service.js';
import type { WorkOrder } from '../workorders/workorders.store.js';
import type { WorkOrderEventMap } from '../workorders/workorders.service.js';
import type { PushConnection } from '../core/sse.js';
import { isWithin } from '../auth/authorize.js';

/** Subtree paths in which a reader may see each kind of change (one permission each). */
export interface StreamScope {
  /** Device state and queue metrics (`telemetry.read`). */
  telemetry: readonly string[];
  /** `alarm.read`. */
  alarms: readonly string[];
  /** `workorder.read`. */
  workOrders: readonly string[];
}

export interface LiveFeedOptions {
  /** Where a site sits in the org tree; undefined for a site that no longer exists. */
  sitePath: (siteId: string) => string | undefined;
  /** The device's live state now (the ingest's LiveState), read when its change is sent. */
  deviceState: (deviceId: string) => DeviceLiveState | undefined;
  /** Domain time for each batch's `at`. */
  now: () => number;
  coalesceMs?: number;
  heartbeatMs?: number;
  /** Ring bounds: batches kept, and bytes of their items. */
  ringBatches?: number;
  ringBytes?: number;
  idleMs?: number;
}

/** Where the feed's changes come from: the ingest pipeline, alarms and work orders. */
export interface LiveFeedSources {
  ingest: {
    on<K extends 'deviceState' | 'telemetry' | 'queueMetrics'>(
      event: K,
      listener: (...args: IngestEventMap[K]) => void,
    ): unknown;
    off<K extends 'deviceState' | 'telemetry' | 'queueMetrics'>(
      event: K,
      listener: (...args: IngestEventMap[K]) => void,
    ): unknown;
  };
  alarms: Pick<TypedEmitter<AlarmEventMap>, 'on'>;
  workOrders: Pick<TypedEmitter<WorkOrderEventMap>, 'on'>;
}

/** What `startLiveFeed` wires: a server process's ingest, org tree, alarms and work orders. */
export interface LiveFeedWiring {
  pipeline: { events: LiveFeedSources['ingest']; live: { get(deviceId: string): DeviceLiveState | undefined } };
  org: { pathOf(siteId: string): string | undefined };
  facility: { alarms: { events: LiveFeedSources['alarms'] }; workorders: { events: LiveFeedSources['workOrders'] } };
  now: () => number;
}

/** The feed as a server process runs it (main.ts, tests); `stop` disconnects and closes it. */
export function startLiveFeed(
  w: LiveFeedWiring,
  options: Partial<Omit<LiveFeedOptions, 'sitePath' | 'deviceState' | 'now'>> = {},
): { feed: LiveFeed; stop(): void } {
  const feed = new LiveFeed({
    sitePath: (siteId) => w.org.pathOf(siteId),
    deviceState: (id) => w.pipeline.live.get(id),
    now: w.now,
    ...options,
  });
  const disconnect = feed.connect({
    ingest: w.pipeline.events,
    alarms: w.facility.alarms.events,
    workOrders: w.facility.workorders.events,
  });
  return {
    feed,
    stop: () => {
      disconnect();
      feed.close();
    },
  };
}

/** One item of a batch: the path it is scoped by and its JSON, serialised once. */
interface Entry {
  path: string;
  json: string;
}

interface Batch {
  seq: number;
  at: number;
  devices: Entry[];
  queues: Entry[];
  alarms: Entry[];
  workOrders: Entry[];
  bytes: number;
}

interface Reader {
  conn: PushConnection;
  scope: StreamScope;
  /** Readers with equal keys share each batch's frame. */
  key: string;
  /** Checked at each heartbeat: false (session ended, grants changed) closes the stream. */
  stillValid: () => boolean;
}

const pick = (entries: readonly Entry[], roots: readonly string[]): string[] =>
  entries.filter((e) => roots.some((r) => isWithin(e.path, r))).map((e) => e.json);

export class LiveFeed {
  readonly boot = randomBytes(4).toString('hex');
  readonly coalesceMs: number;
  readonly heartbeatMs: number;
  private readonly ringBatches: number;
  private readonly ringBytes: number;
  private readonly idleMs: number;
  private seq = 0;
  /** The oldest seq whose batch is still in the ring (or would be the next one). */
  private floor = 1;
  private ring: Batch[] = [];
  private ringSize = 0;
  private readonly readers = new Set<Reader>();
  private dirtyDevices = new Set<string>();
  private dirtyQueues = new Map<string, QueueMetrics>();
  private dirtyAlarms = new Map<string, Alarm>();
  private dirtyOrders = new Map<string, WorkOrder>();
  private dormant = true;
  private flushTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly o: LiveFeedOptions) {
    this.coalesceMs = o.coalesceMs ?? 300;
    this.heartbeatMs = o.heartbeatMs ?? 15_000;
    this.ringBatches = o.ringBatches ?? 1_024;
    this.ringBytes = o.ringBytes ?? 8 << 20;
    this.idleMs = o.idleMs ?? 120_000;
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Listen to the sources; returns the function that stops listening. */
  connect(src: LiveFeedSources): () => void {
    const onState = (s: DeviceLiveState) => this.deviceChanged(s.deviceId);
    const onValues = (t: IngestEventMap['telemetry'][0]) => this.deviceChanged(t.deviceId);
    const onQueue = (m: QueueMetrics) => this.queueChanged(m);
    src.ingest.on('deviceState', onState);
    src.ingest.on('telemetry', onValues);
    src.ingest.on('queueMetrics', onQueue);
    const offs = [
      src.alarms.on('raised', (a) => this.alarmChanged(a)),
      src.alarms.on('cleared', (a) => this.alarmChanged(a)),
      src.alarms.on('acked', (a) => this.alarmChanged(a)),
      src.workOrders.on('changed', (w) => this.workOrderChanged(w)),
    ];
    return () => {
      src.ingest.off('deviceState', onState);
      src.ingest.off('telemetry', onValues);
      src.ingest.off('queueMetrics', onQueue);
      for (const off of offs) off();
    };
  }

  deviceChanged(deviceId: string): void {
    if (this.dormant) return;
    this.dirtyDevices.add(deviceId);
    this.schedule();
  }

  queueChanged(m: QueueMetrics): void {
    if (this.dormant) return;
    this.dirtyQueues.set(`${m.siteId}\u0000${m.service}`, m);
    this.schedule();
  }

  alarmChanged(a: Alarm): void {
    if (this.dormant) return;
    this.dirtyAlarms.set(a.id, a);
    this.schedule();
  }

  workOrderChanged(w: WorkOrder): void {
    if (this.dormant) return;
    this.dirtyOrders.set(w.id, w);
    this.schedule();
  }

  /** Readers connected now. */
  readerCount(): number {
    return this.readers.size;
  }

  /**
   * Attach a reader: `hello`, then the batches after `lastEventId` in its scope, or `resync`
   * when they cannot all be replayed. Returns the detach function for when the socket closes.
   */
  attach(
    conn: PushConnection,
    scope: StreamScope,
    lastEventId: string | undefined,
    stillValid: () => boolean = () => true,
  ): () => void {
    this.wake();
    const missed = this.missedSince(lastEventId);
    const hello = { resumed: missed !== null, heartbeatMs: this.heartbeatMs, coalesceMs: this.coalesceMs };
    conn.send(`event: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    if (missed === null) conn.send(`id: ${this.currentId()}\nevent: resync\ndata: {}\n\n`);
    else
      for (const b of missed) {
        const frame = this.frame(b, scope);
        if (frame) conn.send(frame);
      }
    const reader: Reader = { conn, scope, key: JSON.stringify(scope), stillValid };
    this.readers.add(reader);
    return () => {
      if (this.readers.delete(reader) && this.readers.size === 0) this.idleSoon();
    };
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    clearTimeout(this.idleTimer);
    for (const r of this.readers) r.conn.close();
    this.readers.clear();
  }

  /** Write what is marked now (tests; the timer does it otherwise). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlushAt = performance.now();
    const batch = this.take();
    if (!batch) return;
    this.ring.push(batch);
    this.ringSize += batch.bytes;
    while (this.ring.length > this.ringBatches || (this.ringSize > this.ringBytes && this.ring.length > 1)) {
      const old = this.ring.shift();
      if (!old) break;
      this.ringSize -= old.bytes;
      this.floor = old.seq + 1;
    }
    const frames = new Map<string, string | null>();
    for (const r of this.readers) {
      let frame = frames.get(r.key);
      if (frame === undefined) {
        frame = this.frame(batch, r.scope);
        frames.set(r.key, frame);
      }
      if (frame !== null) this.sendOrDrop(r, frame);
    }
  }

  private currentId(): string {
    return `${this.boot}.${this.seq}`;
  }

  private schedule(): void {
    if (this.flushTimer) return;
    // Throttled in real time (it limits traffic; it is not domain time).
    const wait = Math.max(0, this.lastFlushAt + this.coalesceMs - performance.now());
    this.flushTimer = setTimeout(() => this.flush(), wait);
    this.flushTimer.unref();
  }

  /** The marks as one batch (each item serialised once), or undefined when nothing is visible. */
  private take(): Batch | undefined {
    const paths = new Map<string, string | undefined>();
    const pathOf = (siteId: string) => {
      if (!paths.has(siteId)) paths.set(siteId, this.o.sitePath(siteId));
      return paths.get(siteId);
    };
    let bytes = 0;
    const entry = (siteId: string, value: unknown, path = pathOf(siteId)): Entry[] => {
      if (path === undefined) return [];
      const json = JSON.stringify(value);
      bytes += json.length;
      return [{ path, json }];
    };
    const devices = [...this.dirtyDevices].flatMap((id) => {
      const s = this.o.deviceState(id);
      return s ? entry(s.siteId, s) : [];
    });
    const queues = [...this.dirtyQueues.values()].flatMap((m) => entry(m.siteId, m));
    const alarms = [...this.dirtyAlarms.values()].flatMap((a) => entry(a.siteId, a, a.sitePath));
    const workOrders = [...this.dirtyOrders.values()].flatMap((w) => entry(w.siteId, w, w.sitePath));
    this.dirtyDevices = new Set();
    this.dirtyQueues = new Map();
    this.dirtyAlarms = new Map();
    this.dirtyOrders = new Map();
    if (bytes === 0) return undefined;
    return { seq: ++this.seq, at: this.o.now(), devices, queues, alarms, workOrders, bytes };
  }

  /** The batch's frame for a scope, or null when nothing in it is visible there. */
  private frame(b: Batch, scope: StreamScope): string | null {
    const devices = pick(b.devices, scope.telemetry);
    const queues = pick(b.queues, scope.telemetry);
    const alarms = pick(b.alarms, scope.alarms);
    const workOrders = pick(b.workOrders, scope.workOrders);
    if (devices.length + queues.length + alarms.length + workOrders.length === 0) return null;
    const data = `{"at":${b.at},"devices":[${devices.join(',')}],"queues":[${queues.join(',')}],"alarms":[${alarms.join(',')}],"workOrders":[${workOrders.join(',')}]}`;
    return `id: ${this.boot}.${b.seq}\nevent: changes\ndata: ${data}\n\n`;
  }

  /** Batches after `lastEventId`, or null when they cannot all be replayed. */
  private missedSince(lastEventId: string | undefined): Batch[] | null {
    if (!lastEventId) return null;
    const dot = lastEventId.lastIndexOf('.');
    if (dot < 0 || lastEventId.slice(0, dot) !== this.boot) return null;
    const last = Number(lastEventId.slice(dot + 1));
    if (!Number.isInteger(last) || last < 0 || last > this.seq || last + 1 < this.floor) return null;
    return this.ring.filter((b) => b.seq > last);
  }

  private sendOrDrop(r: Reader, frame: string): void {
    if (r.conn.send(frame)) return;
    // Too far behind (or gone): drop it; it resumes from its last id when it reconnects.
    r.conn.close();
    if (this.readers.delete(r) && this.readers.size === 0) this.idleSoon();
  }

  /** Heartbeat comment with the current id; readers whose session ended are closed. */
  private beat(): void {
    const frame = `: hb\nid: ${this.currentId()}\n\n`;
    const valid = (r: Reader): boolean => {
      try {
        return r.stillValid();
      } catch {
        return false;
      }
    };
    for (const r of [...this.readers]) {
      if (valid(r)) this.sendOrDrop(r, frame);
      else {
        r.conn.close();
        if (this.readers.delete(r) && this.readers.size === 0) this.idleSoon();
      }
    }
  }

  private wake(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.dormant) return;
    this.dormant = false;
    // Changes went unrecorded while dormant: a skipped seq marks the gap, so no position from
    // before it can be resumed (it gets `resync`).
    this.seq++;
    this.floor = this.seq + 1;
  }

  private idleSoon(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.sleep(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Nobody has listened for a while: forget everything, ignore changes until someone comes. */
  private sleep(): void {
    if (this.readers.size > 0) return;
    this.dormant = true;
    this.ring = [];
    this.ringSize = 0;
    this.dirtyDevices = new Set();
    this.dirtyQueues = new Map();
    this.dirtyAlarms = new Map();
    this.dirtyOrders = new Map();
  }
}
