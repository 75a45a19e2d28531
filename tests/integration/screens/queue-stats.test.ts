/**
 * People waiting per service reach the lobby screens: ticket events through the real ingest
 * pipeline → queue metrics → throttled `queue-stats` on the real push stream (HTTP, SSE), only
 * to the screens of that site, and again first thing after every (re)connect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { IngestPipeline } from '../../../devices/ingest/pipeline.js';
import { topicOf } from '../../../devices/contract.js';
import type { PushMessage } from '../../../displays/shared/protocol.js';
import { serveApp, StreamClient, type Served } from './screen-client.js';
import { pairScreen } from './pairing.js';

const SITE = 'hn-p-ba-dinh';
const OTHER = 'hn-p-ngoc-ha';
const KIOSK = `${SITE}-queue-kiosk`;
const COUNTER = `${SITE}-counter-terminal-q1`;
const THROTTLE_MS = 400;
const MIN = 60_000;

let t: TestApp;
let s: Served;
let pipeline: IngestPipeline;
let disconnect: () => void;
const streams: StreamClient[] = [];
beforeEach(async () => {
  t = await createTestApp();
  s = await serveApp(t);
  pipeline = new IngestPipeline({
    directory: t.services.devices,
    sink: { write: () => Promise.resolve() },
    quarantine: t.services.devices,
    now: () => t.clock.now(),
  });
  t.services.screens.connectQueueCalls(pipeline.events);
  disconnect = t.services.screens.connectQueueMetrics(pipeline.events, { throttleMs: THROTTLE_MS });
});
afterEach(async () => {
  for (const c of streams.splice(0)) c.close();
  disconnect();
  await pipeline.stop();
  await s.close();
  t.close();
});

async function open(token: string, lastEventId?: string): Promise<StreamClient> {
  const c = await StreamClient.open(s.base, token, lastEventId);
  streams.push(c);
  return c;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Tickets are issued at the kiosk and called at counter 1's terminal. */
const ticket = (kind: 'issued' | 'called', ticketNo: string, service: string) => {
  const device = kind === 'issued' ? KIOSK : COUNTER;
  const body =
    kind === 'issued' ? { kind, ticket: ticketNo, service } : { kind, ticket: ticketNo, service, counter: 1 };
  pipeline.accept(topicOf(SITE, device, 'event'), Buffer.from(JSON.stringify(body)), t.clock.now(), device);
  expect(pipeline.getStats().accepted, 'accepted, not quarantined').toBeGreaterThan(0);
};
const stats = (c: StreamClient) => c.messages.filter((r) => r.message.type === 'queue-stats');
const waitingOf = (m: PushMessage | undefined) =>
  m?.type === 'queue-stats' ? Object.fromEntries(m.services.map((x) => [x.service, x.waiting])) : undefined;

describe('queue-stats push', () => {
  it('sends people waiting per service to the site’s screens, throttled, and again after every reconnect', async () => {
    const manager = await t.login('fm', [{ role: 'facility-manager', orgId: 'hn' }]);
    const lobby = await pairScreen(s.base, manager, {
      siteId: SITE,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Sảnh',
    });
    const elsewhere = await pairScreen(s.base, manager, {
      siteId: OTHER,
      zoneId: 'waiting',
      profile: 'landscape-1080',
      name: 'Sảnh',
    });
    const a = await open(lobby.token);
    const b = await open(elsewhere.token);
    await a.waitFor((m) => m.type === 'manifest');
    await b.waitFor((m) => m.type === 'manifest');
    expect(t.services.screens.wiring()['queueStats']).toBe('service');

    // The first change goes out at once; a burst inside the window becomes one trailing message.
    ticket('issued', 'A001', 'Hộ tịch');
    const first = await a.waitFor((m) => m.type === 'queue-stats');
    expect(waitingOf(first.message)).toEqual({ 'Hộ tịch': 1 });
    ticket('issued', 'A002', 'Hộ tịch');
    ticket('issued', 'B001', 'Chứng thực');
    ticket('issued', 'A003', 'Hộ tịch');
    await a.waitFor((m) => waitingOf(m)?.['Hộ tịch'] === 3);
    await sleep(THROTTLE_MS * 2);
    expect(stats(a).map((r) => waitingOf(r.message))).toEqual([{ 'Hộ tịch': 1 }, { 'Hộ tịch': 3, 'Chứng thực': 1 }]);
    // State, not events: no resume id. Another site's screen gets nothing.
    expect(stats(a).every((r) => r.id === undefined)).toBe(true);
    expect(stats(b)).toEqual([]);

    // A call after 12 minutes: one fewer waiting, average wait in whole minutes.
    t.clock.advance(12 * MIN);
    ticket('called', 'A001', 'Hộ tịch');
    const called = await a.waitFor((m) => waitingOf(m)?.['Hộ tịch'] === 2);
    await a.waitFor((m) => m.type === 'queue-call');
    expect(called.message).toMatchObject({
      type: 'queue-stats',
      siteId: SITE,
      services: [
        { service: 'Chứng thực', waiting: 1 },
        { service: 'Hộ tịch', waiting: 2, avgWaitMin: 12 },
      ],
      at: t.clock.now(),
    });
    // The call itself is a queue-call event, in the ring (resumable), unlike the figures.
    expect(
      a.messages.some((r) => r.message.type === 'queue-call' && r.message.ticket === 'A001' && r.id !== undefined),
    ).toBe(true);

    // A screen connecting mid-day gets the latest figures in its first messages.
    const fresh = await open(lobby.token);
    await fresh.waitFor((m) => m.type === 'queue-stats');
    expect(fresh.messages.slice(0, 3).map((r) => r.message.type)).toEqual(['hello', 'manifest', 'queue-stats']);
    expect(fresh.messages[2]?.message).toEqual(called.message);

    // Resuming with Last-Event-ID: replayed events, then the latest figures (never replayed stale ones).
    const resumeFrom = a.lastEventId;
    a.close();
    for (const c of [fresh]) c.close();
    await sleep(50);
    t.services.screens.hub.publish({ kind: 'site', siteId: SITE }, { type: 'command', command: 'identify' });
    const resumed = await open(lobby.token, resumeFrom);
    await resumed.waitFor((m) => m.type === 'queue-stats');
    expect(resumed.messages.map((r) => r.message.type)).toEqual(['hello', 'command', 'queue-stats']);
    expect(resumed.messages[0]?.message).toMatchObject({ resumed: true });
    expect(waitingOf(resumed.messages[2]?.message)).toEqual({ 'Hộ tịch': 2, 'Chứng thực': 1 });
    expect(t.services.screens.hub.latestQueueStats(SITE)).toEqual(called.message);
    expect(t.services.screens.hub.latestQueueStats(OTHER)).toBeUndefined();
  });
});
