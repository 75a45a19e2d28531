/**
 * The dashboard's one connection to the live stream (GET /api/v1/telemetry/stream). Read with
 * fetch rather than EventSource, like the player, so it can send `Last-Event-ID` on every
 * reconnect, see the heartbeat comments (a silent connection is noticed and replaced) and tell
 * a 401 (sign in again) from a server that is away (retry with backoff).
 *
 * Status: `connecting` until the first `hello`, `live` while the stream flows, `down` between a
 * drop and the next `hello` — views poll slowly while it is not `live`.
 */
import { TypedEmitter } from '../../../server/core/typed-emitter.js';
import { streamBatchSchema, streamHelloSchema, type StreamBatch } from '../../../server/telemetry/telemetry.schemas.js';
import { SseParser, type SseEvent } from '../../shared/sse.js';
import { backoffDelay, type BackoffOptions } from '../../shared/backoff.js';
import { API, UNAUTHENTICATED_EVENT } from '../../shared/api.js';

export type { StreamBatch };
export type LiveStatus = 'connecting' | 'live' | 'down';

export type LiveStreamEvents = {
  /** Changes in the reader's scope. */
  batch: [StreamBatch];
  /** The stream could not resume where it left off: fetch the state again. */
  resync: [];
  status: [LiveStatus];
};

export const LIVE_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000 };
/** After a refusal that will not go away by itself soon (no role, no stream in this process). */
const REFUSED_RETRY_MS = 60_000;
/** Missed heartbeats before the connection is given up for silent. */
const SILENT_HEARTBEATS = 2.5;

export interface LiveStreamOptions {
  /** Narrow the stream to a subtree. */
  orgId?: string;
  fetch?: typeof fetch;
  random?: () => number;
}

export class FacilityLiveStream {
  readonly events = new TypedEmitter<LiveStreamEvents>();
  private _status: LiveStatus = 'connecting';
  private lastEventId: string | undefined;
  private abort: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<string> | undefined;
  private running = false;
  private attempt = 0;
  private heartbeatMs = 15_000;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silentTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: LiveStreamOptions = {}) {}

  get status(): LiveStatus {
    return this._status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silentTimer);
    this.hangUp();
    this.abort = undefined;
  }

  /** End the current connection (the read loop then sees its end). */
  private hangUp(): void {
    this.abort?.abort();
    void this.reader?.cancel().catch(() => undefined);
  }

  private setStatus(s: LiveStatus): void {
    if (s === this._status) return;
    this._status = s;
    this.events.emit('status', s);
  }

  private url(): string {
    const u = new URL(`${API}/telemetry/stream`, location.origin);
    if (this.o.orgId) u.searchParams.set('orgId', this.o.orgId);
    return u.pathname + u.search;
  }

  private async connect(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
    let res: Response;
    try {
      res = await (this.o.fetch ?? fetch)(this.url(), {
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: abort.signal,
      });
    } catch {
      return this.dropped();
    }
    if (res.status === 401) {
      // The session ended: the app asks for a sign-in and starts a new stream after it.
      this.setStatus('down');
      this.stop();
      window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
      return;
    }
    if (!res.ok || !res.body) {
      void res.body?.cancel();
      return this.dropped(res.status === 403 || res.status === 503 ? REFUSED_RETRY_MS : undefined);
    }
    const parser = new SseParser();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    this.reader = reader;
    this.stillAlive();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const ev of parser.push(value)) this.handle(ev);
        // After the events: a `hello` may have just told the heartbeat interval.
        this.stillAlive();
        // Heartbeat comments carry ids too: the resume point moves on without an event.
        if (parser.lastEventId !== undefined) this.lastEventId = parser.lastEventId;
      }
    } catch {
      // aborted, or the connection broke
    }
    if (this.abort === abort) this.dropped();
  }

  private handle(ev: SseEvent): void {
    if (ev.event === 'hello') {
      const hello = streamHelloSchema.safeParse(safeJson(ev.data));
      if (hello.success) this.heartbeatMs = hello.data.heartbeatMs;
      this.attempt = 0;
      this.setStatus('live');
    } else if (ev.event === 'resync') {
      this.events.emit('resync');
    } else if (ev.event === 'changes') {
      const batch = streamBatchSchema.safeParse(safeJson(ev.data));
      // A batch that does not parse is skipped, never rendered.
      if (batch.success) this.events.emit('batch', batch.data);
    }
  }

  /** Any bytes (a heartbeat comment too) prove the connection alive; silence past a few heartbeats ends it. */
  private stillAlive(): void {
    clearTimeout(this.silentTimer);
    this.silentTimer = setTimeout(() => this.hangUp(), this.heartbeatMs * SILENT_HEARTBEATS);
  }

  private dropped(afterMs?: number): void {
    clearTimeout(this.silentTimer);
    if (!this.running) return;
    this.setStatus('down');
    const wait = afterMs ?? backoffDelay(this.attempt++, (this.o.random ?? Math.random)(), LIVE_BACKOFF);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.running) void this.connect();
    }, wait);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
