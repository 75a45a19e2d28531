/**
 * The floor: a bare node:http SSE broadcast server with the same three endpoints and token
 * check (a Map), a static manifest with ETag, and acks. Args: tokens file.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { onParentMessage, percentile, send, toServer } from './ipc.js';
import { startProfile } from './profile.js';

const tokens = z.array(z.string()).parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
const known = new Map(tokens.map((t, i) => [t, i]));
const N = tokens.length;
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();

let version = 0;
let manifest = '';
let hash = '';
function setManifest(): void {
  version++;
  const content = JSON.stringify({
    version,
    brand: { releaseId: `r${version}`, texts: { slogan: 'Hành chính phục vụ' }, assets: [] },
    notices: [],
    alerts: [],
  });
  hash = createHash('sha256').update(content).digest('hex');
  manifest = `${content.slice(0, -1)},"hash":"${hash}"}`;
}
setManifest();

const streams = new Set<http.ServerResponse>();
let seq = 0;
const acked = new Set<number>();
let stopProfile: (() => Promise<void>) | undefined;
let publish: { hash: string; t0: number; lat: Map<number, number>; done: boolean } | undefined;
const ackSchema = z.object({ hash: z.string() });

function finish(): void {
  if (!publish || publish.done) return;
  publish.done = true;
  void stopProfile?.();
  const lat = [...publish.lat.values()].sort((a, b) => a - b);
  send({
    type: 'result',
    acked: lat.length,
    p50_ms: Math.round(percentile(lat, 50)),
    p99_ms: Math.round(percentile(lat, 99)),
    peak_rss_mb: Math.round(peakRss / 1048576),
  });
}

const server = http.createServer((req, res) => {
  const auth = req.headers.authorization ?? '';
  const who = known.get(auth.slice(7));
  if (who === undefined) {
    res.writeHead(401).end();
    return;
  }
  if (req.url === '/api/v1/display/stream') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(
      `event: hello\ndata: {"type":"hello"}\n\nid: ${seq}\nevent: manifest\ndata: {"type":"manifest","reason":"resync"}\n\n`,
    );
    streams.add(res);
    res.on('close', () => streams.delete(res));
  } else if (req.url === '/api/v1/display/manifest') {
    if (req.headers['if-none-match'] === `"${hash}"`) res.writeHead(304, { etag: `"${hash}"` }).end();
    else res.writeHead(200, { 'content-type': 'application/json', etag: `"${hash}"` }).end(manifest);
  } else if (req.url === '/api/v1/display/ack' && req.method === 'POST') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const a = ackSchema.parse(JSON.parse(body));
      const now = performance.now();
      acked.add(who);
      if (publish && !publish.done && a.hash === publish.hash && !publish.lat.has(who)) {
        publish.lat.set(who, now - publish.t0);
        if (publish.lat.size === N) finish();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  } else res.writeHead(404).end();
});

onParentMessage(toServer, (m) => {
  if (m.cmd === 'count') send({ type: 'count', acked: acked.size, connected: streams.size });
  else if (m.cmd === 'publish') {
    void startProfile('baseline-publish').then((stop) => (stopProfile = stop));
    const t0 = performance.now();
    setManifest();
    publish = { hash, t0, lat: new Map(), done: false };
    const frame = `id: ${++seq}\nevent: manifest\ndata: {"type":"manifest","reason":"release"}\n\n`;
    for (const s of streams) s.write(frame);
    setTimeout(finish, 60_000).unref();
  }
});

server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const addr: AddressInfo | string | null = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  send({ type: 'ready', port, tokensFile: process.argv[2] ?? '', screens: N });
});
