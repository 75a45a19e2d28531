/**
 * The real app with MQTT ingest (embedded Aedes on port 0, or an external broker) wired the way
 * main.ts wires it — device commands on the broker, the dashboards' live stream fed by ingest,
 * alarms and work orders — served over real HTTP on port 0, and an SSE client for the stream.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createIngestApp, type IngestApp } from '../devices/ingest-app.js';
import { createApp } from '../../../server/app.js';
import { silentLogger } from '../../../server/core/logger.js';
import { commandPublisherFor } from '../../../devices/commands.js';
import { startLiveFeed, type LiveFeed, type LiveFeedOptions } from '../../../server/telemetry/live-feed.js';
import { connectIngest } from '../../../server/facility/ingest-adapter.js';
import { SseParser, type SseEvent } from '../../../displays/shared/sse.js';

export interface LiveApp extends IngestApp {
  feed: LiveFeed;
  /** The app as main.ts builds it (commands on the broker, the live stream). */
  full: ReturnType<typeof createApp>;
  /** Base URL of `full` served on a loopback port. */
  base: string;
  /** A request to `full` over real HTTP with a bearer token and an optional JSON body. */
  fetch(path: string, token: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

export async function createLiveApp(
  env: Record<string, string> = {},
  feedOptions: Partial<LiveFeedOptions> = {},
): Promise<LiveApp> {
  const t = await createIngestApp(env);
  const facility = t.services.facility;
  const live = startLiveFeed(
    { pipeline: t.ingest.pipeline, org: t.services.org, facility, now: () => t.clock.now() },
    { coalesceMs: 100, ...feedOptions },
  );
  const feed = live.feed;
  const stopFacility = connectIngest(t.ingest.pipeline.events, t.services.devices, facility.hub, () => t.clock.now());
  const full = createApp({
    config: t.config,
    services: t.services,
    logger: silentLogger(),
    probes: t.ingest.probes,
    telemetry: {
      pipeline: t.ingest.pipeline,
      store: t.ingest.store,
      now: () => t.clock.now(),
      commands: commandPublisherFor(t.ingest),
      stream: feed,
    },
  });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: full.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    ...t,
    feed,
    full,
    base,
    fetch: (path, token, init = {}) =>
      fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    shutdown: async () => {
      live.stop();
      stopFacility();
      await new Promise<void>((resolve) => {
        if (!server) return resolve();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await t.shutdown();
    },
  };
}

/** One connection to GET /api/v1/telemetry/stream, parsed with the player's own SSE parser. */
export class LiveStreamClient {
  readonly events: SseEvent[] = [];
  /** When each of `events` arrived (ms). */
  readonly arrivals: number[] = [];
  /** Every chunk of bytes received (comments included), for heartbeat checks. */
  readonly chunks: string[] = [];
  status = 0;
  closed = false;
  private readonly parser = new SseParser();
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];

  private constructor() {}

  /** Open a stream; `query` like `?orgId=…`, `lastEventId` sent as the header. */
  static async open(base: string, token: string, query = '', lastEventId?: string): Promise<LiveStreamClient> {
    const c = new LiveStreamClient();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const res = await fetch(`${base}/api/v1/telemetry/stream${query}`, { headers, signal: c.abort.signal });
    c.status = res.status;
    if (res.status === 200 && res.body) void c.pump(res.body);
    else c.closed = true;
    return c;
  }

  /** The id a reconnect would send (the last one seen, comments' ids included). */
  get lastEventId(): string | undefined {
    return this.parser.lastEventId;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        const text = decoder.decode(chunk, { stream: true });
        this.chunks.push(text);
        for (const ev of this.parser.push(text)) {
          this.events.push(ev);
          this.arrivals.push(performance.now());
        }
        this.wake();
      }
    } catch {
      // aborted
    }
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Wait until `pred` holds (checked on every chunk); fails if the stream ends first. */
  async until(pred: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
    await this.waitFor(() => pred() || this.closed, timeoutMs);
    if (!pred())
      throw new Error(`${this.closed ? 'stream closed' : 'timed out'} waiting for ${what}; got ${this.describe()}`);
  }

  /** Wait for the server to end the stream. */
  async untilClosed(timeoutMs = 8_000): Promise<void> {
    await this.waitFor(() => this.closed, timeoutMs);
    if (!this.closed) throw new Error('stream still open');
  }

  private async waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  named(event: string): SseEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  private describe(): string {
    return JSON.stringify(this.events.map((e) => `${e.event}${e.id ? `#${e.id}` : ''}`));
  }

  close(): void {
    this.abort.abort();
  }
}
