/**
 * Server-Sent Events responses, shared by the screens' push stream and the telemetry live
 * stream. On @hono/node-server the frames go straight to Node's ServerResponse
 * (one write per frame, no per-connection ReadableStream), which keeps 10,000 open streams
 * cheap; elsewhere (in-process `app.request`) Hono's `streamSSE` carries the same frames.
 */
import { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { streamSSE } from 'hono/streaming';
import type { Context } from 'hono';

/** One open stream as the feature that owns it sees it. */
export interface PushConnection {
  /** Write one SSE frame; false when the peer is gone. */
  send(frame: string): boolean;
  close(): void;
}

/** A peer this far behind is dropped; it resumes from its Last-Event-ID when it reconnects. */
const MAX_BUFFERED_BYTES = 1 << 20;
const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

function nodeResponse(env: unknown): ServerResponse | undefined {
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) return undefined;
  return env.outgoing instanceof ServerResponse ? env.outgoing : undefined;
}

/** Open an SSE response; `open` attaches the connection and returns its detach function. */
export function openSse(c: Context, open: (conn: PushConnection) => () => void): Response | Promise<Response> {
  const res = nodeResponse(c.env);
  if (res) {
    // The peer left before the stream opened (the route awaits a write first): attach nothing,
    // since no 'close' would come to detach it.
    if (res.destroyed || !res.socket || res.socket.destroyed) return RESPONSE_ALREADY_SENT;
    res.writeHead(200, HEADERS);
    res.write('retry: 2000\n\n');
    const conn: PushConnection = {
      send(frame) {
        if (res.destroyed || res.writableEnded || res.writableLength > MAX_BUFFERED_BYTES) return false;
        res.write(frame);
        // Node corks the socket on a response's write until the next tick; a push goes out now,
        // so that the peer hears it while this turn goes on (e.g. a rollout writing its rows).
        if (res.socket?.writableCorked) res.socket.uncork();
        return true;
      },
      close() {
        if (!res.writableEnded) res.end();
      },
    };
    const detach = open(conn);
    res.on('close', detach);
    return RESPONSE_ALREADY_SENT;
  }
  return streamSSE(c, async (stream) => {
    let closed = false;
    let wake: () => void = () => undefined;
    const done = new Promise<void>((r) => (wake = r));
    const detach = open({
      send(frame) {
        if (closed) return false;
        void stream.write(frame);
        return true;
      },
      close() {
        closed = true;
        wake();
      },
    });
    stream.onAbort(() => {
      closed = true;
      wake();
    });
    await stream.write('retry: 2000\n\n');
    await done;
    detach();
  });
}
