/**
 * A durable outbox for InfluxDB writes: each batch is appended to a SQLite file first, then a
 * single drain loop sends batches oldest-first and deletes them only once InfluxDB accepted
 * them. While InfluxDB is unreachable batches accumulate on disk (surviving a restart) and are
 * replayed in order when it returns.
 */
import { z } from 'zod';
import { migrate, type Db, type Migration } from '../db/database.js';
import type { TelemetryPoint } from './telemetry-store.js';
import { DEVICE_TYPES } from '../../devices/contract.js';

export const outboxMigrations: Migration[] = [
  {
    id: 'outbox-001',
    up: 'CREATE TABLE influx_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL, points TEXT NOT NULL)',
  },
  {
    id: 'outbox-002-dead-letters',
    up: 'CREATE TABLE influx_outbox_dead (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, error TEXT NOT NULL, n INTEGER NOT NULL, points TEXT NOT NULL)',
  },
];

/** Thrown by `send` when InfluxDB refused the batch for good (HTTP 4xx): retrying cannot help. */
export class RejectedBatchError extends Error {}

const pointsSchema = z.array(
  z.object({
    measurement: z.enum(['telemetry', 'event']),
    ts: z.number(),
    siteId: z.string(),
    zoneId: z.string(),
    deviceType: z.enum(DEVICE_TYPES),
    deviceId: z.string(),
    service: z.string().nullable(),
    fields: z.record(z.string(), z.number()),
  }),
);

export interface OutboxOptions {
  /** Send to InfluxDB; throws when it is unreachable or refuses. */
  send(points: TelemetryPoint[]): Promise<void>;
  /** Points per send. */
  sendBatch?: number;
  onError?(err: unknown, retryInMs: number): void;
}

export class InfluxOutbox {
  private readonly o: Required<Omit<OutboxOptions, 'onError'>> & Pick<OutboxOptions, 'onError'>;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly insert;
  lastError: string | null = null;

  constructor(
    private readonly db: Db,
    options: OutboxOptions,
  ) {
    migrate(db, outboxMigrations);
    this.o = { sendBatch: 10_000, ...options };
    this.insert = db.prepare('INSERT INTO influx_outbox (n, points) VALUES (?, ?)');
  }

  /** Durably queue a batch (synchronous fsync-backed append), then kick the drain. */
  append(points: readonly TelemetryPoint[]): void {
    if (points.length === 0) return;
    this.insert.run(points.length, JSON.stringify(points));
    this.kick();
  }

  /** Points waiting to be sent. */
  pending(): number {
    return this.db.prepare<[], { n: number | null }>('SELECT sum(n) AS n FROM influx_outbox').get()?.n ?? 0;
  }

  /** Points InfluxDB refused for good (kept for inspection). */
  dead(): number {
    return this.db.prepare<[], { n: number | null }>('SELECT sum(n) AS n FROM influx_outbox_dead').get()?.n ?? 0;
  }

  /** Resolves once the outbox is empty (everything reached InfluxDB). */
  idle(): Promise<void> {
    if (this.pending() === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Start sending whatever is queued (also call at start-up: a previous run may have left some). */
  kick(): void {
    if (this.draining || this.retryTimer || this.closed) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A batch appended while the last select came back empty must not wait for the next append.
      if (!this.retryTimer && !this.closed && this.pending() > 0) this.kick();
    });
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async drain(): Promise<void> {
    const select = this.db.prepare<[], { id: number; n: number; points: string }>(
      'SELECT id, n, points FROM influx_outbox ORDER BY id LIMIT 50',
    );
    for (;;) {
      if (this.closed) return;
      const rows = select.all();
      if (rows.length === 0) {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        // Resolve after `draining` is cleared so a waiter sees an idle outbox.
        queueMicrotask(() => w.forEach((r) => r()));
        return;
      }
      const take: typeof rows = [];
      let n = 0;
      for (const r of rows) {
        if (take.length && n + r.n > this.o.sendBatch) break;
        take.push(r);
        n += r.n;
      }
      const points = take.flatMap((r) => pointsSchema.parse(JSON.parse(r.points)));
      try {
        await this.o.send(points);
      } catch (err) {
        if (err instanceof RejectedBatchError) {
          // A poison batch must not block the queue forever: park it, keep it, go on.
          this.db.transaction(() => {
            const park = this.db.prepare(
              'INSERT INTO influx_outbox_dead (id, at, error, n, points) VALUES (?, ?, ?, ?, ?)',
            );
            for (const r of take) park.run(r.id, Date.now(), err.message.slice(0, 500), r.n, r.points);
            this.db.prepare('DELETE FROM influx_outbox WHERE id <= ?').run(take[take.length - 1]?.id ?? 0);
          })();
          this.o.onError?.(err, 0);
          continue;
        }
        this.backoffMs = Math.min(5_000, Math.max(250, this.backoffMs * 2));
        this.lastError = err instanceof Error ? err.message : String(err);
        this.o.onError?.(err, this.backoffMs);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, this.backoffMs);
        this.retryTimer.unref();
        return;
      }
      this.backoffMs = 0;
      this.lastError = null;
      const last = take[take.length - 1];
      if (last) this.db.prepare('DELETE FROM influx_outbox WHERE id <= ?').run(last.id);
    }
  }
}
