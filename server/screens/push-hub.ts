/**
 * The push hub of one process: live connections per screen and a ring buffer of recent events
 * per screen, so a screen that reconnects with `Last-Event-ID` gets exactly what it missed.
 * Event ids are `<boot>.<seq>`: an id from another boot (server restart) or older than the
 * ring cannot be replayed, so the screen is told to resync instead — manifests and alerts are
 * state, so a resync (refetch the manifest) loses nothing that matters; only queue calls
 * older than the ring are skipped, and those are stale by then anyway.
 *
 * `queue-stats` (people waiting per service) is state too, and frequent: it is sent without an
 * id and kept out of the rings (so it never pushes queue calls out of them); the hub keeps the
 * latest per site and sends it right after `hello` on every (re)connect instead.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { PushMessage, QueueStatsMessage } from '../../displays/shared/protocol.js';
import type { BusMessage, PushBus, PushTarget } from './push-bus.js';
import type { PushConnection } from '../core/sse.js';

interface Stored {
  seq: number;
  frame: string;
}

interface ScreenSlot {
  siteId: string;
  ring: Stored[];
  conns: Set<PushConnection>;
  disconnectedAt: number | null;
  /** When this screen's connections were last sent an event (a ping is needed only after quiet). */
  lastSentAt: number;
}

export interface PushHubEvents {
  connected: [screenId: string];
  disconnected: [screenId: string];
}

export interface PushHubOptions {
  ringSize?: number;
  pingMs?: number;
  now?: () => number;
}

export function sseFrame(message: PushMessage, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

export class PushHub extends EventEmitter<PushHubEvents> {
  readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly slots = new Map<string, ScreenSlot>();
  /** The latest queue figures per site, for screens that connect after they were pushed. */
  private readonly queueStats = new Map<string, { message: QueueStatsMessage; frame: string }>();
  private readonly ringSize: number;
  readonly pingMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly now: () => number;

  constructor(
    readonly bus: PushBus,
    opts: PushHubOptions = {},
  ) {
    super();
    this.ringSize = opts.ringSize ?? 256;
    this.pingMs = opts.pingMs ?? 15_000;
    this.now = opts.now ?? (() => Date.now());
    this.unsubscribe = bus.subscribe((target, message) => this.deliver(target, message));
    this.timer = setInterval(() => this.ping(), this.pingMs);
    this.timer.unref();
  }

  /** Publish through the bus (so every process sharing it delivers). */
  publish(target: PushTarget, message: BusMessage): void {
    this.bus.publish(target, message);
  }

  /** Make a screen known so events for its site are kept for it even before it connects here. */
  know(screenId: string, siteId: string): void {
    const slot = this.slots.get(screenId);
    if (slot) slot.siteId = siteId;
    else this.slots.set(screenId, { siteId, ring: [], conns: new Set(), disconnectedAt: null, lastSentAt: 0 });
  }

  forget(screenId: string): void {
    const slot = this.slots.get(screenId);
    if (!slot) return;
    for (const c of slot.conns) c.close();
    this.slots.delete(screenId);
  }

  isConnected(screenId: string): boolean {
    return (this.slots.get(screenId)?.conns.size ?? 0) > 0;
  }

  disconnectedAt(screenId: string): number | null {
    return this.slots.get(screenId)?.disconnectedAt ?? null;
  }

  connectedCount(): number {
    let n = 0;
    for (const s of this.slots.values()) if (s.conns.size > 0) n++;
    return n;
  }

  /**
   * Attach a live connection: sends `hello`, then either the missed events after `lastEventId`
   * or a resync request. Returns the detach function for when the socket closes.
   */
  attach(screenId: string, siteId: string, conn: PushConnection, lastEventId: string | undefined): () => void {
    this.know(screenId, siteId);
    const slot = this.slots.get(screenId);
    if (!slot) throw new Error('unreachable: slot just created');
    const missed = this.missedSince(slot, lastEventId);
    conn.send(sseFrame({ type: 'hello', screenId, resumed: missed !== null, pingMs: this.pingMs }));
    if (missed === null) {
      // Unknown position: the manifest (which carries alerts) is the truth; refetch it.
      conn.send(sseFrame({ type: 'manifest', reason: 'resync' }, this.currentId()));
    } else {
      for (const m of missed) conn.send(m.frame);
    }
    const stats = this.queueStats.get(siteId);
    if (stats) conn.send(stats.frame);
    slot.conns.add(conn);
    slot.disconnectedAt = null;
    slot.lastSentAt = this.now();
    this.emit('connected', screenId);
    return () => {
      if (!slot.conns.delete(conn)) return;
      if (slot.conns.size === 0) {
        slot.disconnectedAt = this.now();
        this.emit('disconnected', screenId);
      }
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const slot of this.slots.values()) for (const c of slot.conns) c.close();
    this.slots.clear();
  }

  private currentId(): string {
    return `${this.boot}.${this.seq}`;
  }

  /** Events after `lastEventId`, or null when they cannot all be replayed. */
  private missedSince(slot: ScreenSlot, lastEventId: string | undefined): Stored[] | null {
    if (!lastEventId) return null;
    const dot = lastEventId.lastIndexOf('.');
    if (dot < 0 || lastEventId.slice(0, dot) !== this.boot) return null;
    const last = Number(lastEventId.slice(dot + 1));
    if (!Number.isInteger(last) || last < 0 || last > this.seq) return null;
    const first = slot.ring[0];
    // Events between `last` and the ring's oldest may have been dropped for this screen.
    if (first && first.seq > last + 1 && slot.ring.length >= this.ringSize) return null;
    return slot.ring.filter((s) => s.seq > last);
  }

  /** The latest queue figures pushed for a site. */
  latestQueueStats(siteId: string): QueueStatsMessage | undefined {
    return this.queueStats.get(siteId)?.message;
  }

  private deliver(target: PushTarget, message: BusMessage): void {
    if (message.type === 'queue-stats') return this.deliverState(target, message);
    const seq = ++this.seq;
    const frame = sseFrame(message, `${this.boot}.${seq}`);
    const now = this.now();
    const put = (slot: ScreenSlot) => {
      slot.ring.push({ seq, frame });
      if (slot.ring.length > this.ringSize) slot.ring.shift();
      if (slot.conns.size > 0) slot.lastSentAt = now;
      for (const c of slot.conns) if (!c.send(frame)) c.close();
    };
    if (target.kind === 'screens') {
      for (const id of target.ids) {
        const slot = this.slots.get(id);
        if (slot) put(slot);
      }
    } else {
      for (const slot of this.slots.values()) if (target.kind === 'all' || slot.siteId === target.siteId) put(slot);
    }
    if (message.type === 'revoked' && target.kind === 'screens') {
      for (const id of target.ids) this.forget(id);
    }
  }

  /** State for a site: replaces the previous one, no id, no ring. */
  private deliverState(target: PushTarget, message: QueueStatsMessage): void {
    if (target.kind !== 'site') return;
    const frame = sseFrame(message);
    this.queueStats.set(target.siteId, { message, frame });
    const now = this.now();
    for (const slot of this.slots.values()) {
      if (slot.siteId !== target.siteId || slot.conns.size === 0) continue;
      slot.lastSentAt = now;
      for (const c of slot.conns) if (!c.send(frame)) c.close();
    }
  }

  /**
   * Heartbeat to the connections that were sent nothing for half a ping interval (any frame
   * tells the screen its stream is alive; the player reconnects after 2.5 intervals of silence).
   * Right after a release every screen was just sent its `manifest`, so none is pinged then.
   */
  private ping(): void {
    const now = this.now();
    const frame = sseFrame({ type: 'ping', at: now });
    for (const slot of this.slots.values()) {
      if (slot.conns.size === 0 || now - slot.lastSentAt < this.pingMs / 2) continue;
      slot.lastSentAt = now;
      for (const c of slot.conns) if (!c.send(frame)) c.close();
    }
  }
}
