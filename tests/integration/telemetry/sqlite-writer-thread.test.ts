/**
 * The SQLite telemetry store's writer thread: close() drains it, a refused write surfaces with
 * SQLite's code and is retried by the pipeline with nothing lost or counted twice, a writer that
 * dies is replaced without losing or duplicating a batch, in-flight requests are bounded and the
 * pipeline's backpressure holds intake while the writer is stuck, and queries see every write
 * handed over before them. Real writer threads, real SQLite files, real lock contention.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { SqliteTelemetryStore, TelemetryWriteError } from '../../../server/telemetry/sqlite-telemetry.store.js';
import type { TelemetryPoint } from '../../../server/telemetry/telemetry-store.js';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';
import type { DeviceInfo, QuarantineEntry } from '../../../devices/ingest-types.js';

const dir = mkdtempSync(join(tmpdir(), 'hcpv-tsdb-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const retention = { raw: 7, minute: 90, hour: 730 };
const HOUR = { from: T0, to: T0 + 3_600_000, resolution: 'hour', limit: 100 } as const;
let files = 0;
const freshFile = () => join(dir, `t${files++}.db`);

/** `n` points of device d-env, one per 100 ms from T0 + offset, temperature = i % 7. */
const points = (n: number, offset = 0): TelemetryPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    measurement: 'telemetry',
    ts: T0 + (offset + i) * 100,
    siteId: 's-one',
    zoneId: 'z',
    deviceType: 'env-sensor',
    deviceId: 'd-env',
    service: null,
    fields: { temperature: (offset + i) % 7 },
  }));
const sumOf = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => (from + i) % 7).reduce((a, b) => a + b, 0);

/** What a separate connection finds in the file: raw rows, distinct raw timestamps, hour rollup count and sum. */
function inFile(file: string) {
  const db = openDatabase(file);
  try {
    const raw = db.prepare<[], { n: number; distinct: number }>(
      'SELECT count(*) AS n, count(DISTINCT ts) AS "distinct" FROM telemetry_raw',
    );
    const hour = db.prepare<[], { count: number | null; sum: number | null }>(
      `SELECT sum(count) AS count, sum(sum) AS sum FROM telemetry_hour WHERE field = 'temperature'`,
    );
    return { ...raw.get(), hour: hour.get() };
  } finally {
    db.close();
  }
}

/** Hold SQLite's write lock on `file` from another connection until `release()`. */
function lockWrites(file: string): { release: () => void } {
  const db: Db = openDatabase(file);
  db.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

const device: DeviceInfo = {
  id: 'd-env',
  siteId: 's-one',
  zoneId: 'z',
  type: 'env-sensor',
  counter: null,
  active: true,
};

function pipelineInto(store: SqliteTelemetryStore, o: { batchSize: number; highWater: number }) {
  const quarantined: QuarantineEntry[] = [];
  const pipeline = new IngestPipeline({
    directory: { lookup: (id) => (id === device.id ? device : undefined) },
    sink: store,
    quarantine: { add: (e) => quarantined.push(...e) },
    now: () => T0 + 3_600_000,
    flushMs: 5,
    ...o,
  });
  const topic = topicOf(device.siteId, device.id, 'telemetry');
  /** Message i: its own timestamp (so never a redelivery of another), temperature i % 7. */
  const send = (i: number) =>
    pipeline.accept(topic, Buffer.from(JSON.stringify({ ts: T0 + i * 100, values: { temperature: i % 7 } })));
  return { pipeline, send, quarantined };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('SQLite telemetry writer thread', () => {
  it('close() drains every write handed over and the folded rollups; later writes are refused', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    const store = new SqliteTelemetryStore(db, retention, { maxInFlight: 8 });
    // Not awaited: five batches still with the writer when close() is called (taken together
    // into one transaction, as a writer that is behind does).
    const writes = Array.from({ length: 5 }, (_, b) => store.write(points(1_000, b * 1_000)));
    await store.close();
    await Promise.all(writes);
    expect(inFile(file)).toEqual({ n: 5_000, distinct: 5_000, hour: { count: 5_000, sum: sumOf(0, 5_000) } });
    await expect(store.write(points(1))).rejects.toThrow(/closed/);
    db.close();
  });

  it('answers queries with everything written before them, rollups included', async () => {
    const db = openDatabase(freshFile());
    const store = new SqliteTelemetryStore(db, retention);
    void store.write(points(2_000));
    void store.write(points(500, 2_000));
    const raw = await store.query({ ...HOUR, resolution: 'raw', limit: 10_000 });
    expect(raw).toHaveLength(2_500);
    const hour = await store.query(HOUR);
    expect(hour.map((r) => [r.count, r.sum])).toEqual([[2_500, sumOf(0, 2_500)]]);
    await store.close();
    db.close();
  });

  it("takes the writer's answers in poll() while this thread is busy, without its event loop", async () => {
    const db = openDatabase(freshFile());
    const store = new SqliteTelemetryStore(db, retention, { maxInFlight: 4 });
    await store.sync();
    const writes = [store.write(points(1_000)), store.write(points(1_000, 1_000))];
    // Synchronous from here: no event loop turn, so only poll() can take the answers.
    const end = Date.now() + 10_000;
    while (store.backlog().inFlight > 0 && Date.now() < end) store.poll();
    expect(store.backlog()).toEqual({ inFlight: 0, waiting: 0 });
    await Promise.all(writes);
    expect(await store.query({ ...HOUR, resolution: 'raw', limit: 10_000 })).toHaveLength(2_000);
    await store.close();
    db.close();
  });

  it('surfaces a refused write with its SQLite code; the pipeline retries it, nothing lost or counted twice', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    const store = new SqliteTelemetryStore(db, retention, { busyTimeoutMs: 20 });
    await store.sync(); // the writer is up

    // Straight to the store: the refusal carries SQLite's code.
    const lock = lockWrites(file);
    const refused = await store.write(points(10)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TelemetryWriteError);
    expect(refused).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(await store.ready()).toBe(false);

    // Through the pipeline: store errors while the lock is held, then every message exactly once.
    const { pipeline, send } = pipelineInto(store, { batchSize: 100, highWater: 10_000 });
    const errors: string[] = [];
    pipeline.events.on('storeError', (e) => errors.push(e.error));
    for (let i = 0; i < 1_000; i++) send(i);
    await until(() => errors.length >= 2);
    lock.release();
    await until(() => pipeline.getStats().stored === 1_000);
    await pipeline.stop();
    expect(errors[0]).toMatch(/SQLITE_BUSY/);
    expect(pipeline.getStats()).toMatchObject({ stored: 1_000, pending: 0 });
    expect(await store.ready()).toBe(true);
    await store.close();
    expect(inFile(file)).toEqual({ n: 1_000, distinct: 1_000, hour: { count: 1_000, sum: sumOf(0, 1_000) } });
    db.close();
  });

  it('sets aside points it cannot store, with the reason, and stores the rest of the batch', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    const rejected: { point: TelemetryPoint; reason: string }[] = [];
    const store = new SqliteTelemetryStore(db, retention, { onRejected: (r) => rejected.push(...r) });
    const batch = points(4);
    batch[1] = { ...points(1, 1)[0]!, fields: { temperature: Number.NaN } };
    batch[2] = { ...points(1, 2)[0]!, ts: Number.POSITIVE_INFINITY };
    await store.write(batch);
    await store.close();
    expect(rejected.map((r) => r.reason)).toEqual([
      'temperature: NaN is not a finite number',
      'ts Infinity is not a finite number',
    ]);
    expect(inFile(file)).toMatchObject({ n: 2, hour: { count: 2 } });
    db.close();
  });

  it('replaces a writer that dies mid-stream; each batch is committed exactly once', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    const threads: Worker[] = [];
    const onWorker = (w: Worker) => threads.push(w);
    process.on('worker', onWorker);
    try {
      const store = new SqliteTelemetryStore(db, retention, { maxInFlight: 4 });
      await store.sync();
      const first = threads.at(-1);
      expect(first).toBeDefined();
      const writes = Array.from({ length: 8 }, (_, b) => store.write(points(2_000, b * 2_000)));
      // Some batches committed, some with the writer, some waiting when it dies.
      await writes[1];
      await first?.terminate();
      writes.push(store.write(points(2_000, 16_000)));
      await Promise.all(writes);
      expect(threads.length).toBe(2);
      await store.close();
      expect(inFile(file)).toEqual({ n: 18_000, distinct: 18_000, hour: { count: 18_000, sum: sumOf(0, 18_000) } });
    } finally {
      process.off('worker', onWorker);
      db.close();
    }
  });

  it('keeps in-flight requests bounded and holds intake through backpressure while the writer is stuck', async () => {
    const file = freshFile();
    const db = openDatabase(file);
    const store = new SqliteTelemetryStore(db, retention, { maxInFlight: 2, busyTimeoutMs: 30_000 });
    await store.sync();
    const lock = lockWrites(file); // the writer waits in SQLite's busy handler
    const { pipeline, send } = pipelineInto(store, { batchSize: 50, highWater: 200 });
    // The pipeline hands over one batch at a time; a direct write and a query's sync beside it
    // make three requests against a bound of two.
    const direct = store.write(points(10, 100_000));
    for (let i = 0; i < 250; i++) send(i);
    const synced = store.sync();
    await new Promise((r) => setTimeout(r, 100));
    expect(store.backlog()).toEqual({ inFlight: 2, waiting: 1 });
    // Intake is held: 250 pending against a high-water mark of 200.
    expect(pipeline.getStats()).toMatchObject({ pending: 250, stored: 0 });
    expect(pipeline.pressure()).toBe(true);
    let resumed = false;
    const ready = pipeline.whenReady().then(() => (resumed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(resumed).toBe(false);
    lock.release();
    await ready;
    await direct;
    await synced;
    await pipeline.stop();
    expect(pipeline.getStats()).toMatchObject({ stored: 250, pending: 0, storeErrors: 0 });
    expect(store.backlog()).toEqual({ inFlight: 0, waiting: 0 });
    await store.close();
    expect(inFile(file)).toMatchObject({ n: 260, distinct: 260 });
    db.close();
  });
});
