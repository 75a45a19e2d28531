/**
 * The dashboard's stream client against scripted responses: status, batches, resync, resuming
 * from the heartbeat's id after a drop, giving up a silent connection, and a 401.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FacilityLiveStream, type LiveStatus } from '../../../displays/facility/lib/live-stream.js';
import { UNAUTHENTICATED_EVENT } from '../../../displays/shared/api.js';

const BATCH = JSON.stringify({
  at: 5,
  devices: [
    {
      deviceId: 'd1',
      siteId: 's1',
      zoneId: 'z',
      type: 'printer',
      online: true,
      since: 1,
      lastSeen: 2,
      values: {},
      fw: null,
      faults: ['JAM'],
    },
  ],
  queues: [],
  alarms: [],
  workOrders: [],
});

/** A response streaming `chunks`, then ending (or staying open when `hold`). */
function sse(chunks: string[], hold = false): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      if (!hold) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

let calls: { url: string; lastEventId: string | undefined }[];
let streams: FacilityLiveStream[];
beforeEach(() => {
  calls = [];
  streams = [];
  vi.stubGlobal('location', { origin: 'http://localhost' });
  vi.stubGlobal('window', new EventTarget());
});
afterEach(() => {
  for (const s of streams) s.stop();
  vi.unstubAllGlobals();
});

function client(responses: (() => Response)[], orgId?: string): FacilityLiveStream {
  const fetchStub = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, lastEventId: headers.get('last-event-id') ?? undefined });
    const next = responses.shift();
    return next ? Promise.resolve(next()) : new Promise<Response>(() => undefined);
  };
  const s = new FacilityLiveStream({ fetch: fetchStub, random: () => 0, ...(orgId ? { orgId } : {}) });
  streams.push(s);
  return s;
}

const until = async (cond: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('FacilityLiveStream', () => {
  it('goes live, hands out batches and resyncs, and resumes from the heartbeat id after a drop', async () => {
    const s = client(
      [
        () =>
          sse([
            'retry: 2000\n\nevent: hello\ndata: {"resumed":false,"heartbeatMs":15000,"coalesceMs":300}\n\n',
            'id: b00t.4\nevent: resync\ndata: {}\n\n',
            `id: b00t.5\nevent: changes\ndata: ${BATCH}\n\n`,
            'event: changes\ndata: {"not":"a batch"}\n\n',
            ': hb\nid: b00t.7\n\n',
          ]),
        () => sse(['event: hello\ndata: {"resumed":true,"heartbeatMs":15000,"coalesceMs":300}\n\n'], true),
      ],
      'hn-cn01',
    );
    const statuses: LiveStatus[] = [];
    const batches: unknown[] = [];
    let resyncs = 0;
    s.events.on('status', (st) => statuses.push(st));
    s.events.on('batch', (b) => batches.push(b.devices[0]?.faults));
    s.events.on('resync', () => resyncs++);
    s.start();
    await until(() => calls.length === 2 && s.status === 'live');
    expect(statuses).toEqual(['live', 'down', 'live']);
    expect(batches).toEqual([['JAM']]);
    expect(resyncs).toBe(1);
    expect(calls[0]).toEqual({ url: '/api/v1/telemetry/stream?orgId=hn-cn01', lastEventId: undefined });
    // The heartbeat's id, not only the last event's.
    expect(calls[1]?.lastEventId).toBe('b00t.7');
  });

  it('gives up a connection that goes silent for a few heartbeats, and reconnects', async () => {
    const s = client([
      () => sse(['event: hello\ndata: {"resumed":false,"heartbeatMs":20,"coalesceMs":300}\n\n'], true),
      () => sse(['event: hello\ndata: {"resumed":false,"heartbeatMs":15000,"coalesceMs":300}\n\n'], true),
    ]);
    s.start();
    await until(() => calls.length === 2);
    await until(() => s.status === 'live');
  });

  it('stops and asks for a sign-in on 401; backs off on other refusals', async () => {
    let asked = 0;
    window.addEventListener(UNAUTHENTICATED_EVENT, () => asked++);
    const s = client([() => new Response('{}', { status: 401 })]);
    s.start();
    await until(() => asked === 1);
    expect(s.status).toBe('down');
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toHaveLength(1);

    const refused = client([() => new Response('{}', { status: 503 })]);
    refused.start();
    await until(() => refused.status === 'down');
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toHaveLength(2);
  });
});
