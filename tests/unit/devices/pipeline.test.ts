import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';
import type { DeviceInfo, QuarantineEntry, TelemetryPoint } from '../../../devices/ingest-types.js';

const dev: DeviceInfo = {
  id: 'd-occ',
  siteId: 's-one',
  zoneId: 'waiting',
  type: 'occupancy-sensor',
  counter: null,
  active: true,
};
const T = topicOf('s-one', 'd-occ', 'telemetry');

function make(sink: (b: readonly TelemetryPoint[]) => Promise<void>, batchSize = 10, highWater = 1_000) {
  const quarantined: QuarantineEntry[] = [];
  let now = 1_000_000;
  const p = new IngestPipeline({
    directory: { lookup: (id) => (id === dev.id ? dev : undefined) },
    sink: { write: sink },
    quarantine: { add: (e) => quarantined.push(...e) },
    now: () => now,
    batchSize,
    flushMs: 5,
    highWater,
  });
  return { p, quarantined, tick: (ms: number) => (now += ms) };
}

describe('ingest pipeline', () => {
  it('writes in order in batches, keeps a failed batch and retries it, loses nothing', async () => {
    const stored: number[] = [];
    let fail = 3;
    const { p } = make((b) => {
      if (fail-- > 0) return Promise.reject(new Error('store down'));
      stored.push(...b.map((x) => x.fields['people'] ?? -1));
      return Promise.resolve();
    });
    for (let i = 0; i < 95; i++) p.accept(T, Buffer.from(JSON.stringify({ people: i })));
    for (let i = 0; i < 100 && p.getStats().pending > 0; i++) {
      await p.flush();
      await new Promise((r) => setTimeout(r, 120));
    }
    expect(stored).toEqual(Array.from({ length: 95 }, (_, i) => i));
    expect(p.getStats()).toMatchObject({ stored: 95, pending: 0, storeErrors: 3 });
  });

  it('drops QoS 1 redeliveries of a timestamped message within the window, across key generations', async () => {
    const stored: number[] = [];
    const { p, tick } = make((b) => {
      stored.push(...b.map((x) => x.ts));
      return Promise.resolve();
    });
    const msg = (ts: number) => Buffer.from(JSON.stringify({ ts, values: { people: 1 } }));
    const base = 990_000; // before the clock: its own timestamps, not the receive time
    p.accept(T, msg(base));
    p.accept(T, msg(base)); // redelivered at once
    tick(10 * 60_000);
    p.accept(T, msg(base + 1)); // a new reading; this one starts a new generation of keys
    tick(10 * 60_000);
    p.accept(T, msg(base + 1)); // redelivered 10 minutes later, found in the older generation
    p.accept(T, msg(base + 2));
    // Flat readings (no ts of their own) are always new, even with the same bytes.
    p.accept(T, Buffer.from('{"people":1}'));
    p.accept(T, Buffer.from('{"people":1}'));
    tick(40 * 60_000);
    p.accept(T, msg(base)); // long after the window: a reading again
    await p.stop();
    expect(stored.filter((ts) => ts < 2_000_000)).toEqual([base, base + 1, base + 2, base]);
    expect(p.getStats()).toMatchObject({ received: 8, accepted: 6, stored: 6 });
  });

  it('signals backpressure above the high-water mark and releases it once drained', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { p } = make(() => gate, 10, 40);
    for (let i = 0; i < 45; i++) p.accept(T, Buffer.from('{"people":1}'));
    expect(p.pressure()).toBe(true);
    let ready = false;
    const waiting = p.whenReady().then(() => (ready = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(ready).toBe(false);
    release();
    await waiting;
    expect(p.pressure()).toBe(false);
    await p.stop();
    expect(p.getStats().stored).toBe(45);
  });

  it('never throws on any topic and payload; every message is accepted or quarantined', () => {
    const { p, quarantined } = make(() => Promise.resolve());
    fc.assert(
      fc.property(fc.oneof(fc.constant(T), fc.string()), fc.oneof(fc.json(), fc.string()), (topic, body) => {
        p.accept(topic, Buffer.from(body));
      }),
      { numRuns: 300 },
    );
    const s = p.getStats();
    const q = Object.values(s.quarantined).reduce((a, b) => a + b, 0);
    expect(s.accepted + q).toBe(s.received);
    void p.stop();
    expect(quarantined.length).toBe(q);
  });

  it('refuses a message published by another authenticated device', () => {
    const { p } = make(() => Promise.resolve());
    p.accept(T, Buffer.from('{"people":1}'), undefined, 'someone-else');
    expect(p.getStats().quarantined.forbidden_topic).toBe(1);
  });
});
