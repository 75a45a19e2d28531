/**
 * People waiting per service, per site, for the lobby screens. Folds the ingest pipeline's
 * `queueMetrics` events (one per ticket event, for one service) into one `queue-stats` push
 * message per site. A busy site changes several times a second; screens need the figure, not
 * every step, so a site publishes at most once per `throttleMs`: the first change goes out at
 * once, later ones within the window coalesce into one trailing publish of the latest figures.
 *
 * The throttle measures real elapsed time (it limits traffic; it is not domain time), while
 * each message carries the metrics' own `at` from the injected clock.
 */
import type { QueueServiceStats, QueueStatsMessage } from '../../displays/shared/protocol.js';

/** What the feed reads of an ingest `QueueMetrics` event. */
export interface QueueMetricsLike {
  siteId: string;
  service: string;
  waiting: number;
  meanWaitMs: number | null;
  at: number;
}

export interface QueueMetricsSource {
  on(event: 'queueMetrics', listener: (m: QueueMetricsLike) => void): unknown;
  off(event: 'queueMetrics', listener: (m: QueueMetricsLike) => void): unknown;
}

const MAX_SERVICES = 200;
const byService = new Intl.Collator('vi');

/** One service's figures as screens show them (whole minutes). */
export function serviceStats(m: QueueMetricsLike): QueueServiceStats {
  const s: QueueServiceStats = { service: m.service, waiting: Math.max(0, Math.round(m.waiting)) };
  if (m.meanWaitMs !== null && m.meanWaitMs >= 0) s.avgWaitMin = Math.round(m.meanWaitMs / 60_000);
  return s;
}

/**
 * The site's services with one service's figures applied, ordered by service name; `null` when
 * nothing a screen shows changed (so an unchanged figure is not pushed again).
 */
export function applyMetrics(services: readonly QueueServiceStats[], m: QueueMetricsLike): QueueServiceStats[] | null {
  const next = serviceStats(m);
  const prev = services.find((s) => s.service === next.service);
  if (prev && prev.waiting === next.waiting && prev.avgWaitMin === next.avgWaitMin) return null;
  if (!prev && services.length >= MAX_SERVICES) return null;
  return [...services.filter((s) => s.service !== next.service), next].sort((a, b) =>
    byService.compare(a.service, b.service),
  );
}

/** How long to hold a publish so a site publishes at most once per `throttleMs` (0 = now). */
export function throttleDelay(lastPublishedAt: number | undefined, now: number, throttleMs: number): number {
  if (lastPublishedAt === undefined) return 0;
  return Math.max(0, lastPublishedAt + throttleMs - now);
}

interface SiteFeed {
  services: QueueServiceStats[];
  at: number;
  lastPublishedAt: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface QueueStatsFeedOptions {
  /** At most one publish per site per this many ms. */
  throttleMs?: number;
  /** Monotonic ms for the throttle. */
  monotonic?: () => number;
}

export const DEFAULT_QUEUE_STATS_THROTTLE_MS = 3_000;

export class QueueStatsFeed {
  private readonly sites = new Map<string, SiteFeed>();
  private readonly throttleMs: number;
  private readonly monotonic: () => number;

  constructor(
    private readonly publish: (message: QueueStatsMessage) => void,
    opts: QueueStatsFeedOptions = {},
  ) {
    this.throttleMs = opts.throttleMs ?? DEFAULT_QUEUE_STATS_THROTTLE_MS;
    this.monotonic = opts.monotonic ?? (() => performance.now());
  }

  /** Apply one service's metrics; publishes now or schedules the site's trailing publish. */
  update(m: QueueMetricsLike): void {
    let site = this.sites.get(m.siteId);
    const services = applyMetrics(site?.services ?? [], m);
    if (!services) return;
    if (!site) {
      site = { services, at: m.at, lastPublishedAt: undefined, timer: undefined };
      this.sites.set(m.siteId, site);
    }
    site.services = services;
    site.at = Math.max(site.at, m.at);
    if (site.timer) return;
    const delay = throttleDelay(site.lastPublishedAt, this.monotonic(), this.throttleMs);
    if (delay === 0) return this.flush(m.siteId, site);
    const s = site;
    site.timer = setTimeout(() => {
      s.timer = undefined;
      this.flush(m.siteId, s);
    }, delay);
    site.timer.unref();
  }

  /** The latest figures of a site, as a message. */
  snapshot(siteId: string): QueueStatsMessage | undefined {
    const site = this.sites.get(siteId);
    return site ? message(siteId, site) : undefined;
  }

  close(): void {
    for (const s of this.sites.values()) if (s.timer) clearTimeout(s.timer);
    this.sites.clear();
  }

  private flush(siteId: string, site: SiteFeed): void {
    site.lastPublishedAt = this.monotonic();
    this.publish(message(siteId, site));
  }
}

function message(siteId: string, site: SiteFeed): QueueStatsMessage {
  return { type: 'queue-stats', siteId, services: site.services.map((s) => ({ ...s })), at: site.at };
}
