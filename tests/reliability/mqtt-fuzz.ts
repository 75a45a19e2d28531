/**
 * The MQTT bad-input run shared by the full (100,000 cases) and fast (5,000) tests: hostile
 * (topic, payload) pairs through the real ingest pipeline of the real app (real SQLite
 * quarantine), most through the pipeline's own entry point and a share over real MQTT to the
 * embedded Aedes broker as an authenticated device. Every case must land in the quarantine with
 * a reason; nothing may be accepted; memory must stay bounded.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { expect } from 'vitest';
import { QUARANTINE_REASONS, devicePrefix, parseTopic } from '../../devices/contract.js';
import { createIngestApp } from '../integration/devices/ingest-app.js';
import { mqttCases, CATEGORY_COUNT, OCC, SITE } from './mqtt-cases.js';
import { recordFigure } from './figures.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

export async function runMqttFuzz(total: number, overMqtt: number, scenario: string): Promise<void> {
  const t = await createIngestApp();
  let crashes = 0;
  const onCrash = () => crashes++;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    const now = t.clock.now();
    const quarantined = () => Object.values(t.services.devices.store.quarantineCounts()).reduce((s, n) => s + n, 0);
    const q0 = quarantined();
    const before = heapMb();

    // A share over the real broker, as the authenticated occupancy sensor on its own topics.
    const dev = await t.connect(OCC, t.secretOf(OCC));
    let sentOverMqtt = 0;
    for (const c of mqttCases(overMqtt, now, 7)) {
      // Only its own contract topics: anything else the broker refuses with a disconnect
      // (asserted in the device suite and in security.fast.test.ts).
      if (!c.topic.startsWith(devicePrefix(SITE, OCC)) || !parseTopic(c.topic) || c.topic.endsWith('/command'))
        continue;
      await dev.publishAsync(c.topic, c.payload, { qos: 1 });
      sentOverMqtt++;
    }
    // The broker is still up and the device still connected after all that.
    expect(dev.connected).toBe(true);
    await t.settle();

    let fed = 0;
    const categories = new Set<string>();
    let peakHeap = 0;
    for (const c of mqttCases(total - sentOverMqtt, now)) {
      t.ingest.pipeline.accept(c.topic, c.payload, now, c.authDeviceId);
      categories.add(c.category);
      if (++fed % 2_000 === 0) {
        await t.ingest.pipeline.flush();
        if (fed % 20_000 === 0) peakHeap = Math.max(peakHeap, heapMb().heap);
      }
    }
    await t.settle();
    const after = heapMb();

    const stats = t.ingest.pipeline.getStats();
    const landed = quarantined() - q0;
    const lost = Math.max(0, total - landed);
    recordFigure({
      scenario,
      cases: total,
      crashes,
      fiveXx: 0,
      lost,
      duplicated: Math.max(0, landed - total),
      note: `${CATEGORY_COUNT} categories, ${sentOverMqtt} over MQTT; accepted ${stats.accepted}; heap ${before.heap.toFixed(0)}→${after.heap.toFixed(0)} MB (peak ${Math.max(peakHeap, after.heap).toFixed(0)}), rss ${before.rss.toFixed(0)}→${after.rss.toFixed(0)} MB`,
    });

    expect(categories.size).toBe(CATEGORY_COUNT);
    expect(stats.received).toBe(total);
    expect(stats.accepted, 'hostile messages accepted').toBe(0);
    expect(stats.stored).toBe(0);
    expect(landed).toBe(total);
    expect(crashes).toBe(0);
    // Every quarantined row names a known reason and says why.
    const rows = t.services.devices.store.quarantine({ siteIds: [], includeUnknownSite: true, limit: 500 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(QUARANTINE_REASONS).toContain(row.reason);
      expect(row.detail.length).toBeGreaterThan(0);
      expect(row.payload.length).toBeLessThanOrEqual(1024);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Bounded memory: the pipeline keeps nothing per rejected message.
    expect(after.heap - before.heap, 'heap growth (MB)').toBeLessThan(48);
    expect(peakHeap - before.heap, 'peak heap growth (MB)').toBeLessThan(128);
    // The app still answers and the device's real telemetry still goes through.
    await dev.publishAsync(`hcpv/v1/${SITE}/${OCC}/telemetry`, JSON.stringify({ people: 7 }), { qos: 1 });
    const until = Date.now() + 5_000;
    while (t.ingest.pipeline.getStats().accepted < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(t.ingest.pipeline.getStats().accepted).toBe(1);
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await t.shutdown();
  }
}
