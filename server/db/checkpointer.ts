/**
 * Write-ahead-log checkpoints off the request path. By default SQLite checkpoints inside the
 * commit that grows the WAL past 1,000 pages: that commit then copies the pages into the
 * database file and syncs it, on the thread that serves requests. Measured on the screens'
 * write pattern (small UPDATEs in group commits of ~36) that is 14 µs per write against
 * 5.4 µs without (tests/bench/fanout): most of a write's cost.
 *
 * So the main connection's auto-checkpoint is turned off and a worker thread with its own
 * connection runs PASSIVE checkpoints (they never block readers or the writer) every
 * `intervalMs`, and a TRUNCATE one when it stops. If the worker dies, the main connection's
 * auto-checkpoint is turned back on, so the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Db } from './database.js';

export interface Checkpointer {
  /** Checkpoints done and the last result (pages in the WAL, pages moved into the database). */
  readonly stats: { checkpoints: number; walPages: number; checkpointed: number; failed: boolean };
  /** Stop the worker after a last full checkpoint; the main connection checkpoints itself again. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Called if the worker fails (its error), after auto-checkpoint was restored. */
  onError?: (err: Error) => void;
}

const DEFAULT_AUTOCHECKPOINT = 1000;

// Plain CommonJS run with `eval`, so it needs no TypeScript loader in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const run = (mode) => {
  const [r] = db.pragma('wal_checkpoint(' + mode + ')');
  parentPort.postMessage({ type: 'checkpoint', walPages: r.log, checkpointed: r.checkpointed, busy: r.busy });
};
const timer = setInterval(() => run('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { run('TRUNCATE'); } finally { db.close(); parentPort.postMessage({ type: 'stopped' }); parentPort.close(); }
});
`;

export function startCheckpointer(db: Db, opts: CheckpointerOptions = {}): Checkpointer {
  if (db.memory) throw new Error('An in-memory database has no write-ahead log to checkpoint');
  const stats = { checkpoints: 0, walPages: 0, checkpointed: 0, failed: false };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      intervalMs: opts.intervalMs ?? 1000,
    },
  });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const restore = (err: Error) => {
    if (stats.failed) return;
    stats.failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    opts.onError?.(err);
  };
  worker.on('message', (m: { type: string; walPages?: number; checkpointed?: number }) => {
    if (m.type !== 'checkpoint') return;
    stats.checkpoints++;
    stats.walPages = m.walPages ?? 0;
    stats.checkpointed = m.checkpointed ?? 0;
  });
  worker.on('error', restore);
  worker.on('exit', (code) => {
    if (!stopped) restore(new Error(`checkpoint worker exited (code ${code})`));
  });
  return {
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped || stats.failed) return resolve();
        stopped = true;
        if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
