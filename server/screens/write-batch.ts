/**
 * Group commit for the screens' high-rate writes (manifest served, acks, heartbeats, proof of
 * play, and the rollout progress their listeners write). A release to 10,000 screens is 20,000
 * such writes within a second or two; one SQLite commit each costs more than the rest of the
 * request, so they are queued and committed together, many to a transaction.
 *
 * Nothing acknowledged is lost: `run` resolves only after the transaction holding the write has
 * committed, and the routes answer only then, so a 2xx means "in the database". A crash before
 * the commit loses only writes nobody was told about; the screen re-sends them (the player acks
 * its shown hash again after every reconnect and manifest fetch, and retries heartbeats).
 *
 * A batch is committed `maxDelayMs` (2 ms) after its first write, or at the end of the current
 * event-loop turn once it holds `maxBatch` writes. The window is short on purpose: requests
 * wait for the commit, so with ~200 requests in flight a 20 ms window would cap a process at
 * ~10,000 requests a second (below what one serves here); 2 ms still gathers a few dozen writes
 * per commit under load (the end of each loop turn alone gathered ~5), and adds at most 2 ms to
 * a screen's request when idle.
 *
 * A batch first runs as one plain transaction. If a write throws, that transaction is rolled
 * back (`onRollback`: caches and what listeners derived are re-read) and the batch runs again
 * with each write in its own savepoint, so one failing write (a bug, a constraint) fails only
 * its own request; a failed commit (disk full, I/O) fails every request of the batch. Writes are
 * written to be run again (they set state; what they emit is state too). Savepoints for every
 * write cost two more statements each on the path every screen takes on every release.
 */
import type { Db } from '../db/database.js';
import { lazy } from '../db/lazy.js';

interface Pending {
  /** Runs the write (inside the batch transaction). */
  apply(): void;
  /** After the commit: resolve with the write's result. */
  done(): void;
  fail(err: unknown): void;
}

export class WriteBatch {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Immediate | undefined;
  /** Transactions committed and writes in them (writes / commits = the batch size reached). */
  readonly stats = { commits: 0, writes: 0 };
  // Prepared once: a `db.transaction(fn)` wrapper per write costs more than the write.
  private readonly savepoint = lazy(() => this.db.prepare('SAVEPOINT screen_write'));
  private readonly release = lazy(() => this.db.prepare('RELEASE screen_write'));
  private readonly rollbackTo = lazy(() => this.db.prepare('ROLLBACK TO screen_write'));

  constructor(
    private readonly db: Db,
    /** Called when a write was rolled back (caches it patched must be dropped). */
    private readonly onRollback: () => void = () => undefined,
    private readonly opts: { maxDelayMs: number; maxBatch: number } = { maxDelayMs: 2, maxBatch: 64 },
  ) {}

  /** Run `op` in the next batch transaction; resolves with its result once that has committed. */
  run<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let result: { value: T } | undefined;
      this.queue.push({
        apply: () => (result = { value: op() }),
        done: () =>
          result ? resolve(result.value) : reject(new Error('unreachable: committed write without a result')),
        fail: reject,
      });
      if (this.queue.length >= this.opts.maxBatch) this.soon ??= setImmediate(() => this.flush());
      else this.timer ??= setTimeout(() => this.flush(), this.opts.maxDelayMs);
    });
  }

  /** Writes queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Commit everything queued now (also called on shutdown, before the database is closed). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.soon) clearImmediate(this.soon);
    this.soon = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    if (!this.db.open) return this.failAll(batch, new Error('The database is closed'));
    try {
      this.db.transaction(() => {
        for (const p of batch) p.apply();
      })();
    } catch {
      this.onRollback();
      this.flushIsolated(batch);
      return;
    }
    this.committed(batch, new Map());
  }

  /** The batch again, each write in a savepoint (after a write failed in the plain run). */
  private flushIsolated(batch: Pending[]): void {
    const failed = new Map<Pending, unknown>();
    try {
      const savepoint = this.savepoint();
      const release = this.release();
      const rollbackTo = this.rollbackTo();
      this.db.transaction(() => {
        for (const p of batch) {
          savepoint.run();
          try {
            p.apply();
          } catch (err) {
            // Some errors (disk full, I/O) end the whole transaction: then the batch fails.
            if (!this.db.inTransaction) throw err;
            rollbackTo.run();
            this.onRollback();
            failed.set(p, err);
          }
          release.run();
        }
      })();
    } catch (err) {
      this.failAll(batch, err);
      return;
    }
    this.committed(batch, failed);
  }

  private failAll(batch: Pending[], err: unknown): void {
    this.onRollback();
    for (const p of batch) p.fail(err);
  }

  private committed(batch: Pending[], failed: Map<Pending, unknown>): void {
    this.stats.commits++;
    this.stats.writes += batch.length;
    for (const p of batch) {
      if (failed.has(p)) p.fail(failed.get(p));
      else p.done();
    }
  }
}
