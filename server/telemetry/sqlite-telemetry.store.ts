/**
 * SQLite telemetry adapter (the default): raw points kept N days as one row per message
 * (fields as JSON), minute and hour rollups (count, sum, min, max per device, field, service)
 * kept longer. Lives in its own database file so telemetry load never blocks the state store.
 *
 * Writes happen on a writer thread with its own connection (sqlite-telemetry.worker.ts): the
 * main thread runs the MQTT broker and ingest, and the inserts competed with them for it. This
 * side packs batches into columns, keeps at most `maxInFlight` requests with the writer (more
 * writes wait, so the ingest pipeline's pending count and its backpressure grow instead of
 * memory here), and answers queries on its own connection once the writer has committed
 * everything sent before them.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { migrate, type Db } from '../db/database.js';
import { sqliteTelemetryMigrations } from './sqlite-telemetry.migrations.js';
import { packBatch, type PruneCutoffs, type WriterData, type WriterReply } from './sqlite-telemetry.batch.js';
import {
  BUCKET_MS,
  sortRows,
  type RetentionDays,
  type SeriesRow,
  type TelemetryPoint,
  type TelemetryQuery,
  type TelemetryStore,
} from './telemetry-store.js';

export { sqliteTelemetryMigrations };

export interface SqliteTelemetryOptions {
  /** Requests with the writer thread at once; further ones wait here, in order (default 2). */
  maxInFlight?: number;
  /** The writer connection's busy timeout in ms (default: the file's, 5 s). */
  busyTimeoutMs?: number;
  /** Points that cannot be stored as they are (a non-finite time or value), with the reason. */
  onRejected?: (rejected: { point: TelemetryPoint; reason: string }[]) => void;
}

/** A request the writer thread refused; `code` is SQLite's (`SQLITE_BUSY`, `SQLITE_FULL`…) when it has one. */
export class TelemetryWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(code ? `${code}: ${message}` : message);
    this.name = 'TelemetryWriteError';
  }
}

type Op =
  | { op: 'write'; points: readonly TelemetryPoint[] }
  | { op: 'sync'; rollups: boolean }
  | { op: 'prune'; before: PruneCutoffs }
  | { op: 'close' };

type Job = Op & { seq: number; resolve: () => void; reject: (err: Error) => void };

const fieldsSchema = z.record(z.string(), z.number());

export class SqliteTelemetryStore implements TelemetryStore {
  readonly kind = 'sqlite';
  private readonly maxInFlight: number;
  private readonly settings: Pick<WriterData, 'file' | 'busyTimeoutMs'>;
  private worker: Worker | undefined;
  /** Resolves when the current writer thread has ended (listened for from its start: it may end before its last answer is taken). */
  private exited: Promise<void> = Promise.resolve();
  /** The current writer's answers, and how many it has posted / this side has taken. */
  private replies: MessagePort | undefined;
  private answered = new Int32Array(new SharedArrayBuffer(4));
  private taken = 0;
  /** The current writer has opened the file and re-folded its rollups. */
  private helloed = false;
  /** A writer died with these requests; the next one's `hello` says which writes it committed. */
  private lost: Job[] = [];
  private respawned = false;
  private readonly inFlight: Job[] = [];
  private queue: Job[] = [];
  private nextSeq: number;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly retention: RetentionDays,
    private readonly options: SqliteTelemetryOptions = {},
  ) {
    if (db.memory) throw new Error('the SQLite telemetry store needs a database file (its writer thread opens it too)');
    migrate(db, sqliteTelemetryMigrations);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
    this.settings = { file: db.name, busyTimeoutMs: options.busyTimeoutMs };
    this.nextSeq =
      (db.prepare<[], { value: number }>(`SELECT value FROM telemetry_meta WHERE key = 'batch_seq'`).get()?.value ??
        0) + 1;
    // At once: the writer re-folds rollups a crash left behind before the first query needs them.
    this.spawn();
  }

  /** Requests waiting for the writer or with it (tests and diagnostics). */
  backlog(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight.length, waiting: this.queue.length + this.lost.length };
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    return this.request({ op: 'write', points });
  }

  /** Resolves once everything written before it is committed, with folded rollups too when `rollups`. */
  sync(rollups = true): Promise<void> {
    return this.request({ op: 'sync', rollups });
  }

  private request(op: Op): Promise<void> {
    if (this.closing) return Promise.reject(new Error('the telemetry store is closed'));
    return this.enqueue(op);
  }

  private enqueue(op: Op): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...op, seq: this.nextSeq++, resolve, reject });
      if (!this.worker) this.spawn();
      this.pump();
    });
  }

  /**
   * Take the writer's answers now if it has posted any not yet taken. Cheap (one atomic read)
   * when there are none: ingest calls it for every message, so while the broker keeps this thread
   * busy, committed batches are accounted (and the next handed over) without waiting for the
   * event loop to come round to the writer's port.
   */
  poll(): void {
    const port = this.replies;
    if (!port || Atomics.load(this.answered, 0) === this.taken) return;
    for (let r = receiveMessageOnPort(port); r && port === this.replies; r = receiveMessageOnPort(port))
      this.onReply(port, r.message as WriterReply);
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel();
    this.answered = new Int32Array(new SharedArrayBuffer(4));
    this.taken = 0;
    const w = startWriterThread({ ...this.settings, replies: port2, answered: this.answered.buffer });
    this.worker = w;
    this.exited = new Promise((resolve) => w.once('exit', () => resolve()));
    this.replies = port1;
    this.helloed = false;
    port1.on('message', (m: WriterReply) => this.onReply(port1, m));
    w.on('error', (err) => this.onExit(w, err));
    w.on('exit', (code) => this.onExit(w, new Error(`exited with code ${code}`)));
    this.updateRef();
  }

  /** Hand waiting requests to the writer, at most `maxInFlight` at a time. */
  private pump(): void {
    const w = this.worker;
    while (w && this.helloed && this.queue.length && this.inFlight.length < this.maxInFlight) {
      const job = this.queue.shift();
      if (!job) break;
      this.inFlight.push(job);
      if (job.op === 'write') {
        // Packed only now: a restarted writer gets the batch as fresh as the first one would have.
        const { batch, transfer, rejected } = packBatch(job.points);
        if (rejected.length) this.options.onRejected?.(rejected);
        w.postMessage({ op: 'write', seq: job.seq, batch }, transfer);
      } else if (job.op === 'sync') w.postMessage({ op: 'sync', seq: job.seq, rollups: job.rollups });
      else if (job.op === 'prune') w.postMessage({ op: 'prune', seq: job.seq, before: job.before });
      else w.postMessage({ op: 'close', seq: job.seq });
    }
    this.updateRef();
  }

  private onReply(port: MessagePort, m: WriterReply): void {
    const w = this.worker;
    if (port !== this.replies || !w) return;
    this.taken = (this.taken + 1) | 0;
    if (m.op === 'hello') {
      this.helloed = true;
      // Writes the dead writer committed are done; the rest go again, ahead of newer requests.
      const again = this.lost.filter((j) => j.op !== 'write' || j.seq > m.batchSeq);
      for (const j of this.lost) if (!again.includes(j)) j.resolve();
      this.lost = [];
      this.queue = [...again, ...this.queue];
      return this.pump();
    }
    const job = this.inFlight[0];
    // Answers come in order; anything else is a broken writer: replace it (see onExit).
    if (!job || job.seq !== m.seq) return void w.terminate();
    this.inFlight.shift();
    if (m.op === 'done') {
      this.failure = undefined;
      this.respawned = false;
      if (job.op === 'close') {
        // The writer ends after close: nothing may be sent to it any more, and close() returns once it has.
        this.worker = undefined;
        this.replies = undefined;
        port.close();
        void this.exited.then(job.resolve);
      } else job.resolve();
    } else {
      this.failure = new TelemetryWriteError(m.error, m.code);
      job.reject(this.failure);
    }
    this.pump();
  }

  /**
   * The writer thread died. Once, a fresh writer takes its requests (writes it already committed
   * are answered from the file); if that one dies too, or the first never started, everything
   * waiting fails with the reason and the next request starts another writer.
   */
  private onExit(w: Worker, err: Error): void {
    if (w !== this.worker) return;
    // Answers it posted before it died are still taken (a write it committed is not sent again).
    this.poll();
    if (w !== this.worker) return;
    this.worker = undefined;
    this.replies?.close();
    this.replies = undefined;
    const lost = [...this.lost, ...this.inFlight.splice(0)];
    if (this.helloed && !this.respawned) {
      this.respawned = true;
      this.lost = lost;
      return this.spawn();
    }
    this.failure = new TelemetryWriteError(`telemetry writer stopped: ${err.message}`, null);
    const waiting = [...lost, ...this.queue];
    this.lost = [];
    this.queue = [];
    this.respawned = false;
    for (const j of waiting) j.reject(this.failure);
  }

  /** An idle writer does not keep the process alive; one with work does. */
  private updateRef(): void {
    if (this.inFlight.length || this.queue.length || this.lost.length) {
      this.worker?.ref();
      this.replies?.ref();
    } else {
      this.worker?.unref();
      this.replies?.unref();
    }
  }

  async query(q: TelemetryQuery): Promise<SeriesRow[]> {
    await this.sync(q.resolution !== 'raw');
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (cond: string, v: string | number | undefined) => {
      if (v === undefined) return;
      where.push(cond);
      params.push(v);
    };
    add('site = ?', q.siteId);
    add('zone = ?', q.zoneId);
    add('device = ?', q.deviceId);
    add('dtype = ?', q.deviceType);
    add('measurement = ?', q.measurement);
    if (q.resolution === 'raw') {
      add('ts >= ?', q.from);
      add('ts < ?', q.to);
      const rows = this.db
        .prepare<
          (string | number)[],
          {
            ts: number;
            measurement: SeriesRow['measurement'];
            site: string;
            zone: string;
            dtype: string;
            device: string;
            service: string | null;
            fields: string;
          }
        >(`SELECT * FROM telemetry_raw WHERE ${where.join(' AND ')} ORDER BY ts LIMIT ?`)
        .all(...params, q.limit);
      const out: SeriesRow[] = [];
      for (const r of rows) {
        for (const [field, v] of Object.entries(fieldsSchema.parse(JSON.parse(r.fields)))) {
          if (q.field !== undefined && field !== q.field) continue;
          out.push({
            t: r.ts,
            measurement: r.measurement,
            siteId: r.site,
            zoneId: r.zone,
            deviceType: r.dtype,
            deviceId: r.device,
            service: r.service,
            field,
            count: 1,
            mean: v,
            min: v,
            max: v,
            sum: v,
          });
        }
      }
      return sortRows(out);
    }
    add('field = ?', q.field);
    const size = BUCKET_MS[q.resolution];
    add('bucket >= ?', q.from - (q.from % size));
    add('bucket < ?', q.to);
    const rows = this.db
      .prepare<
        (string | number)[],
        {
          bucket: number;
          measurement: SeriesRow['measurement'];
          site: string;
          zone: string;
          dtype: string;
          device: string;
          service: string;
          field: string;
          count: number;
          sum: number;
          min: number;
          max: number;
        }
      >(`SELECT * FROM telemetry_${q.resolution} WHERE ${where.join(' AND ')} ORDER BY bucket LIMIT ?`)
      .all(...params, q.limit);
    return sortRows(
      rows.map((r) => ({
        t: r.bucket,
        measurement: r.measurement,
        siteId: r.site,
        zoneId: r.zone,
        deviceType: r.dtype,
        deviceId: r.device,
        service: r.service === '' ? null : r.service,
        field: r.field,
        count: r.count,
        mean: r.sum / r.count,
        min: r.min,
        max: r.max,
        sum: r.sum,
      })),
    );
  }

  prune(now: number): Promise<void> {
    const day = 86_400_000;
    return this.request({
      op: 'prune',
      before: {
        raw: now - this.retention.raw * day,
        minute: now - this.retention.minute * day,
        hour: now - this.retention.hour * day,
      },
    });
  }

  ready(): Promise<boolean> {
    return Promise.resolve(
      this.db.open && this.failure === undefined && this.db.prepare('SELECT 1').get() !== undefined,
    );
  }

  /** Drain: every write handed over before is committed and rollups written, then the writer ends. */
  close(): Promise<void> {
    this.closing ??= this.drainAndStop();
    return this.closing;
  }

  private async drainAndStop(): Promise<void> {
    // No writer and nothing waiting: a writer that failed for good holds nothing.
    if (!this.worker && !this.queue.length && !this.lost.length) return;
    await this.enqueue({ op: 'close' });
  }
}

/**
 * Start the writer thread. Under tsx (npm start) and vitest the sources are TypeScript, which a
 * bare worker cannot load: it registers tsx's loader first.
 */
function startWriterThread(workerData: WriterData): Worker {
  const here = new URL(import.meta.url);
  const ts = here.pathname.endsWith('.ts');
  const entry = new URL(`./sqlite-telemetry.worker.${ts ? 'ts' : 'js'}`, here);
  const transferList = [workerData.replies];
  if (!ts) return new Worker(entry, { workerData, transferList });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData, transferList });
}
