/**
 * The real ingest pipeline (devices/ingest) feeding facility management through the adapter
 * main.ts uses: MQTT payloads in, alarms, work orders and queue history out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';
import { connectIngest } from '../../../server/facility/ingest-adapter.js';
import { ScreenWatcher, type ScreenFleetSource } from '../../../server/facility/screens-adapter.js';
import { alarmsOf, MIN, ordersOf, run } from './helpers.js';

let t: TestApp;
let pipeline: IngestPipeline;
let disconnect: () => void;
beforeEach(async () => {
  t = await createTestApp();
  pipeline = new IngestPipeline({
    directory: t.services.devices,
    sink: { write: () => Promise.resolve() },
    quarantine: t.services.devices,
    now: () => t.clock.now(),
  });
  disconnect = connectIngest(pipeline.events, t.services.devices, t.services.facility.hub, () => t.clock.now());
});
afterEach(async () => {
  disconnect();
  await pipeline.stop();
  t.close();
});

const SITE = 'hn-p-ba-dinh';
const send = (deviceId: string, channel: 'event' | 'telemetry' | 'status', payload: unknown) =>
  pipeline.accept(topicOf(SITE, deviceId, channel), Buffer.from(JSON.stringify(payload)), t.clock.now(), deviceId);

describe('ingest → facility', () => {
  it('turns a fault event into an alarm and a work order, and a last-will offline into an offline alarm in opening hours', () => {
    const kiosk = `${SITE}-queue-kiosk`;
    send(kiosk, 'status', { state: 'online', fw: '1.2.0' });
    send(kiosk, 'event', { kind: 'fault', code: 'PAPER_OUT' });
    run(t, 2 * MIN);
    expect(alarmsOf(t, kiosk).map((a) => a.type)).toEqual(['fault:PAPER_OUT']);
    expect(ordersOf(t, kiosk)).toHaveLength(1);
    send(kiosk, 'event', { kind: 'fault_cleared', code: 'PAPER_OUT' });
    run(t, 6 * MIN);
    expect(alarmsOf(t, kiosk)[0]?.state).toBe('cleared-unacked');

    const cam = `${SITE}-camera`;
    send(cam, 'status', { state: 'online' });
    send(cam, 'status', { state: 'offline' });
    run(t, 20 * MIN);
    expect(alarmsOf(t, cam).map((a) => a.type)).toEqual(['offline']);
    expect(t.services.facility.history.isDown(cam)).toBe(true);
  });

  it('evaluates environment and occupancy telemetry, and queue events into p90 waits and hourly history', () => {
    send(`${SITE}-env-sensor`, 'telemetry', { temperature: 33.5, co2: 650 });
    send(`${SITE}-occupancy-sensor`, 'telemetry', { people: 40 });
    const kiosk = `${SITE}-queue-kiosk`;
    const counter = `${SITE}-counter-terminal-q1`;
    for (let i = 1; i <= 10; i++)
      send(kiosk, 'event', { kind: 'issued', ticket: `A${String(i).padStart(3, '0')}`, service: 'Hộ tịch' });
    t.clock.advance(50 * MIN);
    for (let i = 1; i <= 10; i++)
      send(counter, 'event', {
        kind: 'called',
        ticket: `A${String(i).padStart(3, '0')}`,
        service: 'Hộ tịch',
        counter: 1,
      });
    run(t, 2 * MIN);
    const types = t.services.facility.alarms
      .list({ scopePaths: ['/'], limit: 50 })
      .map((a) => `${a.sourceId}:${a.type}`)
      .sort();
    expect(types).toEqual([
      `${SITE}-env-sensor:env:temperature`,
      `${SITE}/waiting:occupancy`,
      `${SITE}:queue-p90-wait`,
    ]);
    const hours = t.services.facility.history.queueHours(0, t.clock.now() + 1, SITE);
    expect(hours.reduce((s, h) => s + h.issued, 0)).toBe(10);
    expect(hours.reduce((s, h) => s + h.called, 0)).toBe(10);
    expect(hours.reduce((s, h) => s + h.waitSumMs, 0)).toBe(10 * 50 * MIN);
  });

  it('raises lobby-screen alarms from the screen fleet', () => {
    let online = true;
    let upToDate = true;
    const fleet: ScreenFleetSource = {
      fleet: () => [
        { screen: { id: `${SITE}-scr-lobby`, siteId: SITE, status: 'active' }, online, expectedHash: 'h2', upToDate },
      ],
    };
    const watcher = new ScreenWatcher(fleet, t.services.facility.hub);
    const step = (ms: number) => run(t, ms);
    watcher.poll(t.clock.now());
    upToDate = false;
    for (let i = 0; i < 35; i++) {
      step(MIN);
      watcher.poll(t.clock.now());
    }
    expect(alarmsOf(t, `${SITE}-scr-lobby`).map((a) => a.type)).toEqual(['screen-behind']);
    online = false;
    for (let i = 0; i < 15; i++) {
      step(MIN);
      watcher.poll(t.clock.now());
    }
    expect(
      alarmsOf(t, `${SITE}-scr-lobby`)
        .map((a) => a.type)
        .sort(),
    ).toEqual(['screen-behind', 'screen-offline']);
  });
});
