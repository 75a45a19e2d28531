/**
 * The SQLite telemetry writer thread. The MQTT broker and the ingest pipeline share the main
 * thread; with SQLite inserts and rollup upserts there too, storage took a core's worth of time
 * away from the broker. Here the writer has its own connection to the telemetry file (WAL: the
 * main thread's queries read alongside) and answers each request in order, so a `sync` answered
 * means everything sent before it is committed. Started by SqliteTelemetryStore, never imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import type { WriterData, WriterReply, WriterRequest } from './sqlite-telemetry.batch.js';
import { TelemetryWriter } from './sqlite-telemetry.writer.js';

const port = parentPort;
if (!port) throw new Error('sqlite-telemetry.worker runs as a worker thread');

const data = writerData(workerData);
const db = openDatabase(data.file);
if (data.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(data.busyTimeoutMs))}`);
const writer = new TelemetryWriter(db);

const reply = (m: WriterReply) => port.postMessage(m);
reply({ op: 'hello', batchSeq: writer.batchSeq() });

// Requests come only from the SqliteTelemetryStore that started this thread, in its own process.
port.on('message', (m: WriterRequest) => {
  try {
    if (m.op === 'write') writer.write(m.batch, m.seq);
    else if (m.op === 'sync') {
      if (m.rollups) writer.flush();
    } else if (m.op === 'prune') writer.prune(m.before);
    else writer.close();
    reply({ op: 'done', seq: m.seq });
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : null;
    reply({ op: 'failed', seq: m.seq, error: err instanceof Error ? err.message : String(err), code });
  }
  // Nothing more comes after close: let the thread end.
  if (m.op === 'close') port.close();
});

function writerData(d: unknown): WriterData {
  if (typeof d !== 'object' || d === null || !('file' in d) || typeof d.file !== 'string')
    throw new Error('sqlite-telemetry.worker needs workerData { file }');
  const busy = 'busyTimeoutMs' in d && typeof d.busyTimeoutMs === 'number' ? d.busyTimeoutMs : undefined;
  return { file: d.file, busyTimeoutMs: busy };
}
