/**
 * Queue metrics per site and service, derived from ticket events
 * (issued → called → serving → finished | no_show). Ticket numbers live only in memory here,
 * to pair events; they are never stored.
 */
import type { TicketEvent } from '../contract.js';
import type { QueueMetrics as Metrics } from '../ingest-types.js';

const HOUR = 3_600_000;
/** Tickets never closed (device lost, day ended) are forgotten after this. */
const TICKET_TTL = 16 * HOUR;

interface Ticket {
  issuedAt: number | null;
  calledAt: number | null;
  servingAt: number | null;
}

interface Done {
  at: number;
  waitMs: number | null;
  serviceMs: number | null;
  noShow: boolean;
}

interface ServiceQueue {
  tickets: Map<string, Ticket>;
  done: Done[];
  /** Waits measured at call time (a no-show still waited). */
  waits: { at: number; ms: number }[];
}

/** Durations derived from one event, to store beside the event count. */
export interface Derived {
  waitMs?: number;
  serviceMs?: number;
}

export class QueueMetricsTracker {
  private readonly queues = new Map<string, ServiceQueue>();

  private queue(siteId: string, service: string): ServiceQueue {
    const key = `${siteId}\u0000${service}`;
    let q = this.queues.get(key);
    if (!q) {
      q = { tickets: new Map(), done: [], waits: [] };
      this.queues.set(key, q);
    }
    return q;
  }

  /** Apply one ticket event at `ts`; returns durations it completes. */
  apply(siteId: string, e: TicketEvent, ts: number): Derived {
    const q = this.queue(siteId, e.service);
    const t = q.tickets.get(e.ticket) ?? { issuedAt: null, calledAt: null, servingAt: null };
    q.tickets.set(e.ticket, t);
    const out: Derived = {};
    switch (e.kind) {
      case 'issued':
        t.issuedAt = ts;
        break;
      case 'called':
        // A recall keeps the first call time.
        if (t.calledAt === null) {
          t.calledAt = ts;
          if (t.issuedAt !== null) {
            out.waitMs = ts - t.issuedAt;
            q.waits.push({ at: ts, ms: out.waitMs });
          }
        }
        break;
      case 'serving':
        t.servingAt = ts;
        break;
      case 'finished':
      case 'no_show': {
        if (e.kind === 'finished' && t.servingAt !== null) out.serviceMs = ts - t.servingAt;
        q.done.push({
          at: ts,
          waitMs: out.waitMs ?? null,
          serviceMs: out.serviceMs ?? null,
          noShow: e.kind === 'no_show',
        });
        q.tickets.delete(e.ticket);
        break;
      }
    }
    return out;
  }

  metrics(siteId: string, service: string, now: number): Metrics {
    const q = this.queue(siteId, service);
    this.trim(q, now);
    let waiting = 0;
    for (const t of q.tickets.values()) if (t.issuedAt !== null && t.calledAt === null) waiting++;
    const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
    const finished = q.done.filter((d) => !d.noShow);
    const noShows = q.done.length - finished.length;
    return {
      siteId,
      service,
      waiting,
      meanWaitMs: mean(q.waits.map((w) => w.ms)),
      meanServiceMs: mean(finished.flatMap((d) => (d.serviceMs === null ? [] : [d.serviceMs]))),
      throughputPerHour: finished.length,
      noShowRate: q.done.length ? noShows / q.done.length : null,
      at: now,
    };
  }

  /** Every (site, service) seen, optionally for one site. */
  all(now: number, siteId?: string): Metrics[] {
    const out: Metrics[] = [];
    for (const key of this.queues.keys()) {
      const [site = '', service = ''] = key.split('\u0000');
      if (siteId === undefined || site === siteId) out.push(this.metrics(site, service, now));
    }
    return out;
  }

  private trim(q: ServiceQueue, now: number): void {
    const from = now - HOUR;
    while (q.done[0] && q.done[0].at < from) q.done.shift();
    while (q.waits[0] && q.waits[0].at < from) q.waits.shift();
    for (const [k, t] of q.tickets) {
      const seen = Math.max(t.issuedAt ?? 0, t.calledAt ?? 0, t.servingAt ?? 0);
      if (now - seen > TICKET_TTL) q.tickets.delete(k);
    }
  }
}
