/**
 * The player's runtime: pairing, the push stream with jittered reconnects, manifest sync with
 * an all-or-nothing asset swap, queue calls, and reporting (ack, heartbeat, proof of play,
 * errors). Elements only render its `state`; this file owns timers and the network.
 */
import { z } from 'zod';
import type { Manifest, PairingStart, PushMessage } from '../../shared/protocol.js';
import { backoffDelay } from '../../shared/backoff.js';
import * as api from './client.js';
import * as store from './offline-store.js';
import { applyQueueCall, EMPTY_BOARD, pruneBoard, type BoardState, type QueueCall } from './queue-board.js';
import { applyQueueStats, type WaitingState } from './queue-waiting.js';
import { ReportBuffer, type PlayItem } from './reporter.js';

const CREDENTIALS_KEY = 'hcpv.player.credentials';
const credentialsSchema = z.object({ screenId: z.string(), token: z.string() });
type Credentials = z.infer<typeof credentialsSchema>;

export type Phase = 'boot' | 'pairing' | 'showing';

export interface PlayerState {
  phase: Phase;
  pairing: { code: string; expiresAt: number } | null;
  manifest: Manifest | null;
  /** Object URLs of cached assets, by asset URL. */
  assetUrls: ReadonlyMap<string, string>;
  board: BoardState;
  /** People waiting per service at the site (from `queue-stats`). */
  waiting: WaitingState | null;
  online: boolean;
  identifyUntil: number;
}

export interface ControllerOptions {
  heartbeatMs: number;
  playFlushMs: number;
  now: () => number;
  random: () => number;
}

export const DEFAULT_OPTIONS: ControllerOptions = {
  heartbeatMs: 30_000,
  playFlushMs: 60_000,
  now: () => Date.now(),
  random: () => Math.random(),
};

export class PlayerController extends EventTarget {
  state: PlayerState = {
    phase: 'boot',
    pairing: null,
    manifest: null,
    assetUrls: new Map(),
    board: EMPTY_BOARD,
    waiting: null,
    online: false,
    identifyUntil: 0,
  };
  readonly reports = new ReportBuffer();
  private creds: Credentials | null = null;
  private lastEventId: string | undefined;
  private stream: AbortController | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private syncing: Promise<void> | null = null;
  private resyncWanted = false;
  private readonly startedAt: number;
  private stopped = false;
  /** Counts swaps and acks, for tests and the benchmark. */
  readonly stats = { swaps: 0, acks: 0, heartbeats: 0, reconnects: 0 };

  private opts: ControllerOptions;

  constructor(opts: ControllerOptions = DEFAULT_OPTIONS) {
    super();
    this.opts = { ...opts };
    this.startedAt = opts.now();
  }

  /** Benchmarks only: report as often as an accelerated clock would (heartbeats, proof of play). */
  accelerate(factor: number): void {
    if (!(factor > 0)) return;
    this.opts = {
      ...this.opts,
      heartbeatMs: DEFAULT_OPTIONS.heartbeatMs / factor,
      playFlushMs: DEFAULT_OPTIONS.playFlushMs / factor,
    };
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  async start(): Promise<void> {
    await this.adoptFragmentToken();
    this.creds = readCredentials();
    const last = await store.loadLastManifest();
    if (last && this.creds && last.screen.id === this.creds.screenId) await this.show(last);
    if (!this.creds) {
      void this.pair();
      return;
    }
    this.connect(0);
    this.heartbeatLoop();
    this.playLoop();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Brand preview (the editor's frames): show a manifest handed over by the embedding page, with
   * its assets straight from their URLs. Nothing is fetched, cached, acked or reported.
   */
  preview(manifest: Manifest, calls: readonly QueueCall[]): void {
    const board = calls.reduce((b, c) => applyQueueCall(b, c), EMPTY_BOARD);
    this.set({
      phase: 'showing',
      manifest,
      assetUrls: new Map(manifest.brand.assets.map((a) => [a.url, a.url])),
      board,
      online: true,
      pairing: null,
    });
  }

  /** Record something that was on screen (proof of play). */
  played(item: Omit<PlayItem, 'hash'>): void {
    this.reports.addPlay({ ...item, hash: this.state.manifest?.hash ?? null });
  }

  reportError(message: string): void {
    this.reports.addError(message);
  }

  /**
   * `npm start` prints the demo screen's link as `/display#token=…` (a fragment never reaches a
   * server or proxy log). Adopt such a token once, learn the screen id from its manifest, and
   * drop it from the address bar; an invalid one simply leads to pairing.
   */
  private async adoptFragmentToken(): Promise<void> {
    const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
    const token = m?.[1];
    if (!token) return;
    history.replaceState(null, '', location.pathname + location.search);
    try {
      const manifest = await api.fetchManifest(token, null);
      if (!manifest) return;
      localStorage.setItem(CREDENTIALS_KEY, JSON.stringify({ screenId: manifest.screen.id, token }));
    } catch {
      // Not a valid token (or no server yet): the screen pairs as usual.
    }
  }

  // ---- pairing -------------------------------------------------------------------------

  private async pair(attempt = 0): Promise<void> {
    this.set({ phase: this.state.manifest ? 'showing' : 'pairing' });
    let start: PairingStart;
    try {
      start = await api.startPairing();
    } catch {
      this.set({ online: false });
      this.later(backoffDelay(attempt, this.opts.random()), () => void this.pair(attempt + 1));
      return;
    }
    this.set({ phase: 'pairing', online: true, pairing: { code: formatCode(start.code), expiresAt: start.expiresAt } });
    const poll = async (failures: number): Promise<void> => {
      try {
        const r = await api.pollPairing(start);
        if (r.status === 'paired') {
          this.creds = { screenId: r.screenId, token: r.token };
          localStorage.setItem(CREDENTIALS_KEY, JSON.stringify(this.creds));
          this.set({ pairing: null });
          this.connect(0);
          this.heartbeatLoop();
          this.playLoop();
          return;
        }
        if (r.status === 'expired' || this.opts.now() > start.expiresAt) return void this.pair();
        this.later(start.pollAfterMs, () => void poll(0));
      } catch {
        this.later(backoffDelay(failures, this.opts.random()), () => void poll(failures + 1));
      }
    };
    this.later(start.pollAfterMs, () => void poll(0));
  }

  private unpair(): void {
    this.stream?.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    localStorage.removeItem(CREDENTIALS_KEY);
    this.creds = null;
    this.lastEventId = undefined;
    void store.forgetAll();
    this.set({ manifest: null, phase: 'pairing', board: EMPTY_BOARD, waiting: null });
    void this.pair();
  }

  // ---- push stream ---------------------------------------------------------------------

  private connect(attempt: number): void {
    const creds = this.creds;
    if (!creds || this.stopped) return;
    const ctl = new AbortController();
    this.stream = ctl;
    let pingMs = 15_000;
    let lastData = this.opts.now();
    let healthy = false;
    // A silent stream (half-open TCP after a server crash) is as good as a dead one.
    const liveness = setInterval(() => {
      if (this.opts.now() - lastData > pingMs * 2.5) ctl.abort();
    }, 1_000);
    api
      .readStream(creds.token, this.lastEventId, ctl.signal, {
        data: () => (lastData = this.opts.now()),
        bad: (reason) => this.reportError(reason),
        message: (m, id) => {
          if (id !== undefined) this.lastEventId = id;
          if (m.type === 'hello') {
            pingMs = m.pingMs;
            healthy = true;
            this.set({ online: true });
          }
          this.onPush(m);
        },
      })
      .catch((err: unknown) => {
        if (err instanceof api.UnauthorizedError) this.unpair();
      })
      .finally(() => {
        clearInterval(liveness);
        if (this.stream !== ctl || this.stopped || !this.creds) return;
        this.set({ online: false });
        this.stats.reconnects++;
        const next = healthy ? 0 : attempt + 1;
        this.later(backoffDelay(next, this.opts.random()), () => this.connect(next));
      });
  }

  private onPush(m: PushMessage): void {
    switch (m.type) {
      case 'hello':
      case 'manifest':
      case 'alert':
        // Alerts are state carried by the manifest: refetching it shows (or clears) them.
        void this.sync();
        return;
      case 'queue-call':
        this.set({ board: pruneBoard(applyQueueCall(this.state.board, m), this.opts.now()) });
        return;
      case 'queue-stats': {
        const siteId = this.state.manifest?.screen.siteId ?? null;
        const waiting = applyQueueStats(this.state.waiting, m, siteId, this.opts.now());
        if (waiting !== this.state.waiting) this.set({ waiting });
        return;
      }
      case 'command':
        if (m.command === 'reload') location.reload();
        else this.set({ identifyUntil: this.opts.now() + 15_000 });
        return;
      case 'revoked':
        this.unpair();
        return;
      case 'ping':
        return;
    }
  }

  // ---- manifest sync -------------------------------------------------------------------

  /** Fetch the manifest and swap to it; coalesces overlapping requests into one follow-up. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.resyncWanted = true;
      return this.syncing;
    }
    this.syncing = this.syncOnce()
      .catch((err: unknown) => {
        if (err instanceof api.UnauthorizedError) this.unpair();
        else this.reportError(`sync: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        this.syncing = null;
        if (this.resyncWanted) {
          this.resyncWanted = false;
          void this.sync();
        }
      });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const creds = this.creds;
    if (!creds) return;
    const current = this.state.manifest;
    const next = await api.fetchManifest(creds.token, current?.hash ?? null);
    if (!next) {
      if (!current) return;
      // Unchanged, but the browser may have evicted cached files: fetch them again.
      if (this.state.assetUrls.size < new Set(current.brand.assets.map((a) => a.url)).size) {
        await store.prepare(current, api.fetchAsset(creds.token));
        await this.show(current);
      }
      // Still ack, so a restarted server learns what this screen shows.
      await this.ack(current.hash, []);
      return;
    }
    try {
      await store.prepare(next, api.fetchAsset(creds.token));
    } catch (err) {
      await this.ack(next.hash, [err instanceof Error ? err.message : String(err)]);
      return;
    }
    await store.commit(next, current);
    await this.show(next);
    this.stats.swaps++;
    await this.ack(next.hash, []);
  }

  private async show(m: Manifest): Promise<void> {
    const urls = new Map<string, string>();
    for (const a of m.brand.assets) {
      const u = await store.objectUrlFor(a.url);
      if (u) urls.set(a.url, u);
    }
    const old = this.state.assetUrls;
    this.set({ manifest: m, assetUrls: urls, phase: 'showing' });
    // Revoke after the new frame has the new URLs.
    setTimeout(() => {
      for (const u of old.values()) URL.revokeObjectURL(u);
    }, 5_000);
  }

  private async ack(hash: string, errors: string[]): Promise<void> {
    if (!this.creds) return;
    await api.sendAck(this.creds.token, { hash, errors });
    this.stats.acks++;
  }

  // ---- reporting -----------------------------------------------------------------------

  private heartbeatLoop(): void {
    this.later(this.opts.heartbeatMs, () => {
      void this.heartbeat().finally(() => this.heartbeatLoop());
    });
  }

  async heartbeat(): Promise<void> {
    if (!this.creds) return;
    const errors = this.reports.takeErrors();
    const memory = memoryMb();
    try {
      await api.sendHeartbeat(this.creds.token, {
        uptimeS: Math.round((this.opts.now() - this.startedAt) / 1000),
        ...(memory === undefined ? {} : { memoryMb: memory }),
        errors,
        hash: this.state.manifest?.hash ?? null,
      });
      this.stats.heartbeats++;
    } catch (err) {
      this.reports.restoreErrors(errors);
      if (err instanceof api.UnauthorizedError) this.unpair();
    }
  }

  private playLoop(): void {
    this.later(this.opts.playFlushMs, () => {
      void this.flushPlays().finally(() => this.playLoop());
    });
  }

  async flushPlays(): Promise<void> {
    if (!this.creds || this.reports.pendingPlays === 0) return;
    const items = this.reports.takePlays();
    try {
      for (let i = 0; i < items.length; i += 1000) {
        await api.sendProofOfPlay(this.creds.token, { items: items.slice(i, i + 1000) });
      }
    } catch {
      this.reports.restorePlays(items);
    }
  }
}

/** "ABC234" → "ABC-234" (the form staff type in). */
export function formatCode(code: string): string {
  const c = code.replace(/[\s-]/g, '').toUpperCase();
  return c.length === 6 ? `${c.slice(0, 3)}-${c.slice(3)}` : c;
}

function readCredentials(): Credentials | null {
  try {
    const raw = localStorage.getItem(CREDENTIALS_KEY);
    if (!raw) return null;
    const parsed = credentialsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function memoryMb(): number | undefined {
  const perf: unknown = performance;
  if (typeof perf !== 'object' || perf === null || !('memory' in perf)) return undefined;
  const mem: unknown = perf.memory;
  if (typeof mem !== 'object' || mem === null || !('usedJSHeapSize' in mem)) return undefined;
  const used = mem.usedJSHeapSize;
  return typeof used === 'number' ? Math.round(used / 1_048_576) : undefined;
}
