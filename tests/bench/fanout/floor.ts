/**
 * The floor servers' common part (baseline-server.ts for SSE, ws-baseline-server.ts for
 * WebSocket): a bare node:http server with the token check (a Map), a static manifest with
 * ETag on GET, the POST ack that times the publish, and the IPC side (`count`, `publish`,
 * `ready`). Each floor only brings its push channel.
 *
 * Args of the process: tokens file, then the manifest it serves: a file holding a real HCPV
 * manifest (written by hcpv-server.ts when it seeds), served with a new release id and hash on
 * every publish, so that the floor moves and its clients parse the same amount of JSON as
 * HCPV's; or `small` for a ~150-byte manifest (the floor as first measured).
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { onParentMessage, percentile, send, toServer } from './ipc.js';
import { startProfile } from './profile.js';

/** A floor's push channel to every screen. */
export interface Push {
  /** Open channels, for the orchestrator's warm-up check. */
  connected(): number;
  /** Tell every open channel that a new release is out (they refetch and ack). */
  broadcast(): void;
  /** Take an authorised HTTP request if it is the push route (SSE); false leaves it to the floor. */
  request?(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

/** The screen index of a request's bearer token, or undefined. */
export type ScreenOf = (req: http.IncomingMessage) => number | undefined;

/**
 * Start the floor on a free loopback port with the push channel `makePush` builds on its
 * server, and tell the orchestrator `ready`. `name` names the CPU profile of the publish.
 */
export function startFloor(name: string, makePush: (server: http.Server, screenOf: ScreenOf) => Push): void {
  const tokensFile = process.argv[2] ?? '';
  const sampleFile = process.argv[3] ?? 'small';
  const sample =
    sampleFile === 'small'
      ? undefined
      : z.looseObject({ brand: z.looseObject({}) }).parse(JSON.parse(readFileSync(sampleFile, 'utf8')));
  const tokens = z.array(z.string()).parse(JSON.parse(readFileSync(tokensFile, 'utf8')));
  const known = new Map(tokens.map((t, i) => [t, i]));
  const screenOf: ScreenOf = (req) => known.get((req.headers.authorization ?? '').slice(7));
  const N = tokens.length;
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();

  let version = 0;
  let manifest = Buffer.alloc(0);
  let hash = '';
  const setManifest = (): void => {
    version++;
    const release = `r${version}`;
    const content = JSON.stringify(
      sample
        ? { ...sample, brand: { ...sample.brand, releaseId: release }, hash: undefined, generatedAt: Date.now() }
        : {
            version,
            brand: { releaseId: release, texts: { slogan: 'Hành chính phục vụ' }, assets: [] },
            notices: [],
            alerts: [],
          },
    );
    hash = createHash('sha256').update(content).digest('hex');
    manifest = Buffer.from(`${content.slice(0, -1)},"hash":"${hash}"}`);
  };
  setManifest();

  const acked = new Set<number>();
  let stopProfile: (() => Promise<void>) | undefined;
  let publish: { hash: string; t0: number; lat: Map<number, number>; done: boolean } | undefined;
  const ackSchema = z.object({ hash: z.string() });

  const finish = (): void => {
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
  };

  const server = http.createServer((req, res) => {
    const who = screenOf(req);
    if (who === undefined) {
      res.writeHead(401).end();
      return;
    }
    if (push.request?.(req, res)) return;
    if (req.url === '/api/v1/display/manifest') {
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
  const push = makePush(server, screenOf);

  onParentMessage(toServer, (m) => {
    if (m.cmd === 'count') send({ type: 'count', acked: acked.size, connected: push.connected() });
    else if (m.cmd === 'reset') acked.clear();
    else if (m.cmd === 'publish') {
      void startProfile(name).then((stop) => (stopProfile = stop));
      const t0 = performance.now();
      setManifest();
      publish = { hash, t0, lat: new Map(), done: false };
      push.broadcast();
      const current = publish;
      setTimeout(() => current === publish && finish(), 60_000).unref();
    }
  });

  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const addr: AddressInfo | string | null = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    send({ type: 'ready', port, tokensFile, screens: N, manifestBytes: manifest.length });
  });
}
