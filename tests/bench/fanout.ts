/**
 * Fanout benchmark (issue 5): N simulated screens in several client processes against one
 * server process. For the bare node:http SSE baseline, the same floor with a WebSocket push
 * channel instead (issue 5's "SSE or WebSocket — measure"), and then for HCPV: every screen
 * connects its push channel, fetches its manifest and acks; then a release is published to all
 * and the time from publish to each screen's ack is measured at the server. Then all but
 * 1,000 screens leave, the HCPV server is killed and restarted on the same port, and the time
 * until those 1,000 have reconnected, refetched and acked is measured.
 * Prints {"bench":"fanout","screens","acked","p50_ms","p99_ms","baseline_p99_ms","ratio_p99","peak_rss_mb","reconnect_1000_s","ws_baseline_p99_ms","ws_baseline_peak_rss_mb"}.
 * Goals: acked = screens, ratio_p99 ≤ 1.5 (HCPV against the SSE floor), peak_rss_mb ≤ 1024,
 * reconnect_1000_s ≤ 10. The WebSocket floor's figures are for comparing the two transports.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  forkTs,
  fromClient,
  fromServer,
  nextMessage,
  SERVER_NODE_FLAGS,
  type ToClient,
  type ToServer,
  type Transport,
} from './fanout/ipc.js';

// `npm run bench -- fanout [screens]`: a smaller count for a quick try; the figure is 10,000.
const SCREENS = Number(process.argv[3] ?? 10_000);
const CLIENT_PROCS = 4;
const RECONNECT = Math.min(1_000, SCREENS);
const here = (f: string) => new URL(`./fanout/${f}`, import.meta.url).pathname;
const log = (msg: string) => process.stderr.write(`[fanout] ${msg}\n`);

async function startClients(tokensFile: string): Promise<ChildProcess[]> {
  const per = Math.ceil(SCREENS / CLIENT_PROCS);
  const procs = Array.from({ length: CLIENT_PROCS }, (_, i) =>
    forkTs(here('clients.ts'), [tokensFile, String(i * per), String(Math.min(per, SCREENS - i * per))]),
  );
  await Promise.all(procs.map((c) => nextMessage(c, fromClient, (m) => m.type === 'listening', 120_000)));
  return procs;
}
const tell = (c: ChildProcess, m: ToClient | ToServer) => c.send(m);

/** CPU seconds (user + system) a child has used so far, from /proc (Linux). */
function cpuSeconds(c: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function waitWarm(server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    tell(server, { cmd: 'count' });
    const c = await nextMessage(server, fromServer, (m) => m.type === 'count', 10_000);
    if (c.type === 'count' && c.acked >= SCREENS && c.connected >= SCREENS) return;
    if (Date.now() > deadline) throw new Error(`warm-up incomplete: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measure(
  server: ChildProcess,
  clients: ChildProcess[],
  port: number,
  what: string,
  transport: Transport = 'sse',
) {
  const connected = Promise.all(clients.map((c) => nextMessage(c, fromClient, (m) => m.type === 'connected', 180_000)));
  for (const c of clients) tell(c, { cmd: 'connect', port, transport });
  const t = performance.now();
  await connected;
  log(`${what}: ${SCREENS} streams connected in ${Math.round(performance.now() - t)} ms`);
  await waitWarm(server, 120_000);
  log(`${what}: warm (every screen fetched and acked once)`);
  const result = nextMessage(server, fromServer, (m) => m.type === 'result', 120_000);
  const cpu0 = [server, ...clients].map(cpuSeconds);
  tell(server, { cmd: 'publish' });
  const r = await result;
  if (r.type !== 'result') throw new Error('unreachable');
  const cpu = [server, ...clients].map((c, i) => (cpuSeconds(c) - (cpu0[i] ?? 0)).toFixed(2));
  log(`${what}: ${JSON.stringify(r)}; CPU s during the publish: server ${cpu[0]}, clients ${cpu.slice(1).join(' ')}`);
  return r;
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          try {
            tell(c, { cmd: 'stop' });
          } catch {
            // already gone
          }
          setTimeout(() => c.kill('SIGKILL'), 3_000).unref();
        }),
    ),
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-fanout-'));
  const children: ChildProcess[] = [];
  try {
    log(`seeding ${SCREENS} screens and a brand release…`);
    const hcpv = forkTs(here('hcpv-server.ts'), [dir, '0', '1', String(SCREENS)], SERVER_NODE_FLAGS);
    children.push(hcpv);
    const ready = await nextMessage(hcpv, fromServer, (m) => m.type === 'ready', 300_000);
    if (ready.type !== 'ready') throw new Error('unreachable');

    // The two floors, each with its own server and fresh client processes.
    const floor = async (file: string, what: string, transport: Transport) => {
      const server = forkTs(here(file), [ready.tokensFile], SERVER_NODE_FLAGS);
      children.push(server);
      const up = await nextMessage(server, fromServer, (m) => m.type === 'ready', 30_000);
      if (up.type !== 'ready') throw new Error('unreachable');
      const floorClients = await startClients(ready.tokensFile);
      children.push(...floorClients);
      const r = await measure(server, floorClients, up.port, what, transport);
      await stopAll([...floorClients, server]);
      return r;
    };
    const baseline = await floor('baseline-server.ts', 'baseline', 'sse');
    const wsBaseline = await floor('ws-baseline-server.ts', 'ws-baseline', 'ws');
    log(
      `floors: SSE p99 ${baseline.p99_ms} ms, peak RSS ${baseline.peak_rss_mb} MB; ` +
        `WebSocket p99 ${wsBaseline.p99_ms} ms, peak RSS ${wsBaseline.peak_rss_mb} MB (${wsBaseline.acked} acked)`,
    );

    const clients = await startClients(ready.tokensFile);
    children.push(...clients);
    const real = await measure(hcpv, clients, ready.port, 'hcpv');

    // Keep 1,000 screens, restart the server under them, time their resync.
    const per = Math.ceil(RECONNECT / CLIENT_PROCS);
    await Promise.all(
      clients.map((c) => {
        const stats = nextMessage(c, fromClient, (m) => m.type === 'stats', 30_000);
        tell(c, { cmd: 'keep', keep: per });
        return stats;
      }),
    );
    const killedAt = Date.now();
    hcpv.kill('SIGKILL');
    const again = forkTs(here('hcpv-server.ts'), [dir, String(ready.port), '0', String(SCREENS)], SERVER_NODE_FLAGS);
    children.push(again);
    const readyAgain = await nextMessage(again, fromServer, (m) => m.type === 'ready', 120_000);
    const readyAt = Date.now();
    if (readyAgain.type !== 'ready') throw new Error('unreachable');
    const resynced = nextMessage(again, fromServer, (m) => m.type === 'resynced', 60_000);
    tell(again, { cmd: 'watch-resync', n: per * CLIENT_PROCS });
    const rs = await resynced;
    if (rs.type !== 'resynced') throw new Error('unreachable');
    const reconnectS = (rs.at - readyAt) / 1000;
    log(
      `restart: server down→ready ${((readyAt - killedAt) / 1000).toFixed(2)} s, ready→${rs.n} resynced ${reconnectS.toFixed(2)} s`,
    );

    process.stdout.write(
      JSON.stringify({
        bench: 'fanout',
        screens: SCREENS,
        acked: real.acked,
        p50_ms: real.p50_ms,
        p99_ms: real.p99_ms,
        baseline_p99_ms: baseline.p99_ms,
        ratio_p99: Math.round((real.p99_ms / baseline.p99_ms) * 100) / 100,
        peak_rss_mb: real.peak_rss_mb,
        reconnect_1000_s: Math.round(reconnectS * 100) / 100,
        ws_baseline_p99_ms: wsBaseline.p99_ms,
        ws_baseline_peak_rss_mb: wsBaseline.peak_rss_mb,
      }) + '\n',
    );
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}
