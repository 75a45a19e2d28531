/**
 * One process of simulated screens: each holds a push channel on its own socket — an SSE
 * stream (the default) or a WebSocket (`connect` with transport `ws`, for the WebSocket floor)
 * — and on every `manifest` message fetches its manifest (If-None-Match) and acks the hash
 * over HTTP, like the player. Channels reconnect with Last-Event-ID after a drop.
 * Args: tokens file, first index, count.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { onParentMessage, send, toClient, type Transport } from './ipc.js';

const [tokensFile, firstArg, countArg] = process.argv.slice(2);
const tokens = z
  .array(z.string())
  .parse(JSON.parse(readFileSync(tokensFile ?? '', 'utf8')))
  .slice(Number(firstArg), Number(firstArg) + Number(countArg));
const hashOf = z.object({ hash: z.string() });
const wsMessage = z.object({ type: z.string(), id: z.number().optional() });

interface Screen {
  token: string;
  lastId: string | undefined;
  hash: string | undefined;
  live: boolean;
  helloed: boolean;
  busy: boolean;
  again: boolean;
  /** Drops the open (or opening) channel. */
  close: (() => void) | undefined;
  settle: () => void;
}

let port = 0;
let transport: Transport = 'sse';
let errors = 0;
let connected = 0;
// Manifest fetches and acks share a small keep-alive pool, as a screen's browser would per origin.
let agent = new http.Agent({ keepAlive: true, maxSockets: 48 });
const screens: Screen[] = tokens.map((token) => ({
  token,
  lastId: undefined,
  hash: undefined,
  live: true,
  helloed: false,
  busy: false,
  again: false,
  close: undefined,
  settle: () => undefined,
}));

function request(
  method: string,
  path: string,
  token: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: { authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function sync(s: Screen): Promise<void> {
  if (s.busy) {
    s.again = true;
    return;
  }
  s.busy = true;
  try {
    do {
      s.again = false;
      const m = await request(
        'GET',
        '/api/v1/display/manifest',
        s.token,
        s.hash ? { 'if-none-match': `"${s.hash}"` } : {},
      );
      if (m.status === 200) s.hash = hashOf.parse(JSON.parse(m.text)).hash;
      else if (m.status !== 304) throw new Error(`manifest ${m.status}`);
      if (!s.hash) continue;
      const body = JSON.stringify({ hash: s.hash });
      const a = await request(
        'POST',
        '/api/v1/display/ack',
        s.token,
        { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      );
      if (a.status !== 200) throw new Error(`ack ${a.status}`);
    } while (s.again);
  } catch {
    // Like the player: count it and try again shortly (e.g. a keep-alive socket closed under us).
    errors++;
    setTimeout(() => void sync(s), 500);
  } finally {
    s.busy = false;
  }
}

function onFrame(s: Screen, frame: string): void {
  let event = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('id: ')) s.lastId = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
  }
  onEvent(s, event);
}

function onEvent(s: Screen, event: string): void {
  if (event === 'hello' && !s.helloed) {
    s.settle();
    s.helloed = true;
    connected++;
    if (connected === screens.length) send({ type: 'connected', n: connected });
  }
  if (event === 'manifest') void sync(s);
}

function retry(s: Screen): void {
  s.close = undefined;
  if (s.helloed) {
    s.helloed = false;
    connected--;
  }
  if (!s.live) return;
  setTimeout(() => connect(s), 200 + Math.random() * 800);
}

// Connects waiting for their `hello`: bounded so that, like real screens spread over a city,
// the server's accept backlog (511) is not what the bench measures.
const MAX_PENDING = 100;
let pending = 0;
const queue: Screen[] = [];
function release(): void {
  pending--;
  const next = queue.shift();
  if (next) connect(next);
}

function connect(s: Screen): void {
  if (!s.live) return;
  if (pending >= MAX_PENDING) {
    queue.push(s);
    return;
  }
  pending++;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    release();
  };
  s.settle = settle;
  let done = false;
  const again = () => {
    settle();
    if (done) return;
    done = true;
    retry(s);
  };
  s.close = transport === 'ws' ? openWs(s, again) : openSse(s, again);
}

function headersOf(s: Screen, extra: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${s.token}`, ...extra };
  if (s.lastId) headers['last-event-id'] = s.lastId;
  return headers;
}

/** An SSE stream on its own socket; `again` once it fails or ends. Returns its close. */
function openSse(s: Screen, again: () => void): () => void {
  const headers = headersOf(s, { accept: 'text/event-stream' });
  const req = http.request(
    { host: '127.0.0.1', port, path: '/api/v1/display/stream', headers, agent: false },
    (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        again();
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          onFrame(s, frame);
        }
      });
      res.on('close', again);
      res.on('error', again);
    },
  );
  req.on('error', again);
  req.end();
  return () => req.destroy();
}

/** A WebSocket (ws client, no compression) on its own socket; `again` once it fails or closes. */
function openWs(s: Screen, again: () => void): () => void {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/display/ws`, {
    headers: headersOf(s, {}),
    perMessageDeflate: false,
  });
  ws.on('message', (data) => {
    // binaryType 'nodebuffer' (the default): every message, fragmented or not, is one Buffer.
    if (!Buffer.isBuffer(data)) throw new Error('WebSocket message is not a Buffer');
    const m = wsMessage.parse(JSON.parse(data.toString('utf8')));
    if (m.id !== undefined) s.lastId = String(m.id);
    onEvent(s, m.type);
  });
  ws.on('close', again);
  ws.on('error', again);
  return () => ws.terminate();
}

setImmediate(() => send({ type: 'listening' }));
onParentMessage(toClient, (m) => {
  if (m.cmd === 'connect') {
    port = m.port;
    transport = m.transport ?? 'sse';
    // Spread the initial connects a little so the listen backlog is not the thing measured.
    for (const s of screens) connect(s);
  } else if (m.cmd === 'port') {
    port = m.port;
  } else if (m.cmd === 'disconnect') {
    // Leave this server: every channel and keep-alive socket closed, then a fresh start (no
    // hash, no event id), as a screen that was never here. Answered once all are closed.
    for (const s of screens) {
      s.live = false;
      s.close?.();
    }
    const settled = setInterval(() => {
      if (connected > 0 || pending > 0 || screens.some((s) => s.busy)) return;
      clearInterval(settled);
      agent.destroy();
      agent = new http.Agent({ keepAlive: true, maxSockets: 48 });
      for (const s of screens) Object.assign(s, { live: true, lastId: undefined, hash: undefined, again: false });
      send({ type: 'disconnected' });
    }, 50);
  } else if (m.cmd === 'keep') {
    screens.forEach((s, i) => {
      if (i < m.keep) return;
      s.live = false;
      s.close?.();
    });
    setTimeout(() => send({ type: 'stats', connected, errors }), 500);
  } else {
    for (const s of screens) {
      s.live = false;
      s.close?.();
    }
    agent.destroy();
    setTimeout(() => process.exit(0), 100);
  }
});
