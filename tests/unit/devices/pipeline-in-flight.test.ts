/**
 * The ingest pipeline with several batches in flight (maxInFlight > 1, as with the SQLite writer
 * thread): never more than the bound with the sink, accounted in order, a failure keeps the
 * failed batch and anything not stored for a retry, nothing lost or stored twice, and a flush
 * writes the batch that was filling when it began.
 */
import { describe, expect, it } from 'vitest';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';
import type { DeviceInfo, TelemetryPoint } from '../../../devices/ingest-types.js';

const dev: DeviceInfo = {
  id: 'd-occ',
  siteId: 's-one',
  zoneId: 'z',
  type: 'occupancy-sensor',
  counter: null,
  active: true,
};
const T = topicOf('s-one', 'd-occ', 'telemetry');

/** A sink whose writes wait until the test settles them, one by one. */
function manualSink() {
  const calls: { batch: number[]; settle: (err?: Error) => void }[] = [];
  const stored: number[] = [];
  let open = 0;
  let maxOpen = 0;
  const write = (b: readonly TelemetryPoint[]) =>
    new Promise<void>((resolve, reject) => {
      const batch = b.map((x) => x.fields['people'] ?? -1);
      open++;
      maxOpen = Math.max(maxOpen, open);
      calls.push({
        batch,
        settle: (err) => {
          open--;
          if (err) return reject(err);
          stored.push(...batch);
          resolve();
        },
      });
    });
  return { write, calls, stored, maxOpen: () => maxOpen };
}

function make(sink: ReturnType<typeof manualSink>, maxInFlight: number) {
  const p = new IngestPipeline({
    directory: { lookup: (id) => (id === dev.id ? dev : undefined) },
    sink: { write: sink.write },
    quarantine: { add: () => undefined },
    now: () => 1_000_000,
    batchSize: 10,
    flushMs: 5,
    highWater: 1_000,
    maxInFlight,
  });
  const send = (from: number, n: number) => {
    for (let i = from; i < from + n; i++) p.accept(T, Buffer.from(JSON.stringify({ people: i })));
  };
  return { p, send };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('ingest pipeline with batches in flight', () => {
  it('hands over at most maxInFlight full batches and accounts for them in order', async () => {
    const sink = manualSink();
    const { p, send } = make(sink, 3);
    const stored: number[] = [];
    p.events.on('stored', (e) => stored.push(e.count));
    send(0, 55);
    await tick();
    // Five full batches: three with the sink at once, none partial.
    expect(sink.calls.map((c) => c.batch[0])).toEqual([0, 10, 20]);
    // The second answers first: nothing is accounted before the first.
    sink.calls[1]?.settle();
    await tick();
    expect(p.getStats()).toMatchObject({ stored: 0, pending: 55 });
    sink.calls[0]?.settle();
    await tick();
    expect(p.getStats()).toMatchObject({ stored: 20, pending: 35 });
    expect(sink.calls.map((c) => c.batch[0])).toEqual([0, 10, 20, 30, 40]);
    for (const c of sink.calls.slice(2)) c.settle();
    // The partial batch goes on its timer.
    await new Promise((r) => setTimeout(r, 30));
    sink.calls[5]?.settle();
    await p.stop();
    expect(sink.maxOpen()).toBe(3);
    expect(stored).toEqual([10, 10, 10, 10, 10, 5]);
    expect(p.getStats()).toMatchObject({ stored: 55, pending: 0, storeErrors: 0 });
  });

  it('keeps a failed batch and the ones not stored after it, retries them, loses and duplicates nothing', async () => {
    const sink = manualSink();
    const { p, send } = make(sink, 3);
    const errors: string[] = [];
    p.events.on('storeError', (e) => errors.push(e.error));
    send(0, 30);
    await tick();
    // First fails, second is stored, third fails.
    sink.calls[0]?.settle(new Error('disk busy'));
    sink.calls[1]?.settle();
    sink.calls[2]?.settle(new Error('disk busy'));
    await tick();
    expect(p.getStats()).toMatchObject({ stored: 10, pending: 20, storeErrors: 1 });
    expect(errors).toEqual(['disk busy']);
    const calls = async (n: number) => {
      for (let i = 0; i < 100 && sink.calls.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      return sink.calls.map((c) => c.batch[0]);
    };
    // The retry starts again from the head, in order; a new full batch waits until it succeeds.
    expect(await calls(5)).toEqual([0, 10, 20, 0, 20]);
    send(30, 10);
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.calls).toHaveLength(5);
    sink.calls[3]?.settle();
    sink.calls[4]?.settle();
    expect(await calls(6)).toEqual([0, 10, 20, 0, 20, 30]);
    sink.calls[5]?.settle();
    await p.stop();
    expect([...sink.stored].sort((a, b) => a - b)).toEqual(range(40));
    expect(p.getStats()).toMatchObject({ stored: 40, pending: 0 });
  });

  it('flush() writes the batch that was filling when it began, and stop() everything', async () => {
    const sink = manualSink();
    const { p, send } = make(sink, 2);
    send(0, 4);
    const flushed = p.flush();
    await tick();
    expect(sink.calls.map((c) => c.batch)).toEqual([[0, 1, 2, 3]]);
    // Points after the flush began start a new batch that waits for its own turn.
    send(4, 3);
    sink.calls[0]?.settle();
    await flushed;
    expect(p.getStats()).toMatchObject({ stored: 4, pending: 3 });
    const stopping = p.stop();
    await tick();
    sink.calls[1]?.settle();
    await stopping;
    expect(sink.stored).toEqual(range(7));
  });
});
