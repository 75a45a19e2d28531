/**
 * The SQLite telemetry writer thread. The MQTT broker and the ingest pipeline share the main
 * thread; with SQLite inserts and rollup upserts there too, storage took a core's worth of time
 * away from the broker. Here the writer has its own connection to the telemetry file (WAL: the
 * main thread's queries read alongside) and answers each request in order, so a `sync` answered
 * means everything sent before it is committed. Writes waiting together are committed together
 * (and fail together). Started by SqliteTelemetryStore, never imported.
 */
import { MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import type { WriterData, WriterReply, WriterRequest } from './sqlite-telemetry.batch.js';
import { TelemetryWriter } from './sqlite-telemetry.writer.js';

const port = parentPort;
if (!port) throw new Error('sqlite-telemetry.worker runs as a worker thread');

const data = writerData(workerData);
const db = openDatabase(data.file);
if (data.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(data.busyTimeoutMs))}`);
const writer = new TelemetryWriter(db);

const answered = new Int32Array(data.answered);
/** Post, then count: the main thread that sees the count finds the answer on its port. */
const reply = (m: WriterReply) => {
  data.replies.postMessage(m);
  Atomics.add(answered, 0, 1);
};
reply({ op: 'hello', batchSeq: writer.batchSeq() });

/** Rows one transaction takes at most when the writer is behind and groups waiting writes. */
const MAX_ROWS_PER_TRANSACTION = 10_000;

// Requests come only from the SqliteTelemetryStore that started this thread, in its own process.
port.on('message', (first: WriterRequest) => {
  // Whatever else is already waiting, in order: consecutive writes share one transaction.
  const waiting: WriterRequest[] = [first];
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) waiting.push(m.message as WriterRequest);
  for (let i = 0; i < waiting.length;) {
    const m = waiting[i] as WriterRequest;
    if (m.op !== 'write') {
      run([m], () => {
        if (m.op === 'sync') {
          if (m.rollups) writer.flush();
        } else if (m.op === 'prune') writer.prune(m.before);
        else writer.close();
      });
      i++;
      // Nothing more comes after close: let the thread end.
      if (m.op === 'close') return port.close();
      continue;
    }
    const group: (WriterRequest & { op: 'write' })[] = [m];
    let rows = m.batch.n;
    for (
      let next = waiting[++i];
      next?.op === 'write' && rows + next.batch.n <= MAX_ROWS_PER_TRANSACTION;
      next = waiting[++i]
    ) {
      group.push(next);
      rows += next.batch.n;
    }
    run(group, () =>
      writer.write(
        group.map((g) => g.batch),
        group[group.length - 1]?.seq ?? m.seq,
      ),
    );
  }
});

/** Do `work` for `requests` and answer each: done, or failed with the error (SQLite's code when it has one). */
function run(requests: readonly WriterRequest[], work: () => void): void {
  try {
    work();
    for (const r of requests) reply({ op: 'done', seq: r.seq });
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : null;
    const error = err instanceof Error ? err.message : String(err);
    for (const r of requests) reply({ op: 'failed', seq: r.seq, error, code });
  }
}

function writerData(d: unknown): WriterData {
  if (
    typeof d !== 'object' ||
    d === null ||
    !('file' in d) ||
    typeof d.file !== 'string' ||
    !('replies' in d) ||
    !(d.replies instanceof MessagePort) ||
    !('answered' in d) ||
    !(d.answered instanceof SharedArrayBuffer)
  )
    throw new Error('sqlite-telemetry.worker needs workerData { file, replies, answered }');
  const busy = 'busyTimeoutMs' in d && typeof d.busyTimeoutMs === 'number' ? d.busyTimeoutMs : undefined;
  return { file: d.file, busyTimeoutMs: busy, replies: d.replies, answered: d.answered };
}
