/**
 * Real-socket helpers for the screens tests: the app served on port 0, and a minimal SSE
 * client over fetch that records event ids and can resume with Last-Event-ID.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { pushMessageSchema, type PushMessage } from '../../../displays/shared/protocol.js';
import type { TestApp } from '../../helpers/test-app.js';
import { serveOptions } from '../../../server/http-server.js';
import { silentLogger } from '../../../server/core/logger.js';

export interface Served {
  base: string;
  close(): Promise<void>;
}

export async function serveApp(t: TestApp): Promise<Served> {
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    const opts = serveOptions({ app: t.app, services: t.services, config: t.config, logger: silentLogger() });
    server = serve({ ...opts, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Received {
  id: string | undefined;
  message: PushMessage;
}

/** One push-stream connection; `messages` fills as frames arrive. */
export class StreamClient {
  readonly messages: Received[] = [];
  lastEventId: string | undefined;
  status = 0;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor() {}

  static async open(base: string, token: string, lastEventId?: string): Promise<StreamClient> {
    const client = new StreamClient();
    client.lastEventId = lastEventId;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const res = await fetch(`${base}/api/v1/display/stream`, { headers, signal: client.abort.signal });
    client.status = res.status;
    if (res.status === 200 && res.body) void client.pump(res.body);
    return client;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          this.frame(frame);
        }
      }
    } catch {
      // aborted
    }
    this.closed = true;
    this.wake();
  }

  private frame(frame: string): void {
    let id: string | undefined;
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const message = pushMessageSchema.parse(JSON.parse(data));
    if (id) this.lastEventId = id;
    this.messages.push({ id, message });
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Wait until a message matching `pred` has arrived (after index `from`). */
  async waitFor(pred: (m: PushMessage) => boolean, from = 0, timeoutMs = 5_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.slice(from).find((r) => pred(r.message));
      if (hit) return hit;
      if (this.closed)
        throw new Error(`stream closed; got ${JSON.stringify(this.messages.map((m) => m.message.type))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.messages.map((m) => m.message))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
  }

  /** Wait for the stream to end (server closed it). */
  async waitClosed(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('stream still open');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** JSON request against the served app. */
export async function http(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  return fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}
