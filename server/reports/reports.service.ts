/**
 * Facility reports over an org subtree and a period: availability over opening hours,
 * MTBF / MTTR from downtime episodes, SLA compliance, backlog ageing, citizen impact of
 * broken queue equipment, and compliance with the facility standard (compliance.ts).
 */
import type { OrgService } from '../org/org.service.js';
import type { OrgUnit } from '../org/org.schemas.js';
import type { SiteDirectory } from '../facility/calendars.js';
import { HOUR_MS, type Episode, type FacilityHistoryStore, type SlotFigures } from '../facility/history.store.js';
import type { MaintenanceStore } from '../maintenance/maintenance.store.js';
import type { Asset } from '../maintenance/maintenance.store.js';
import type { WorkOrdersStore } from '../workorders/workorders.store.js';
import { invalid } from '../core/errors.js';
import { mergeSpans, overlapMs, type Interval } from './intervals.js';
import type { AvailabilityRow, BacklogRow, ImpactRow, ReliabilityRow, SlaRow } from './reports.schemas.js';

export type GroupBy = 'device' | 'site' | 'model' | 'contractor';
export interface Period {
  from: number;
  to: number;
}

const DAY = 86_400_000;
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;
/** Equipment whose downtime keeps citizens waiting. */
const QUEUE_EQUIPMENT = new Set(['queue-kiosk', 'counter-terminal']);

const keyOf = (a: Asset, g: GroupBy): string =>
  g === 'device'
    ? (a.deviceId ?? a.id)
    : g === 'site'
      ? a.siteId
      : g === 'model'
        ? a.model
        : (a.contractor ?? a.vendor);

export class ReportsService {
  constructor(
    private readonly org: OrgService,
    private readonly sites: SiteDirectory,
    private readonly history: FacilityHistoryStore,
    private readonly assets: MaintenanceStore,
    private readonly orders: WorkOrdersStore,
  ) {}

  /** Sites under `orgId` (the unit itself when it is a site). */
  sitesUnder(orgId: string): OrgUnit[] {
    const unit = this.org.get(orgId);
    return unit.kind === 'site' ? [unit] : this.org.list({ scopePaths: [unit.path], kind: 'site' });
  }

  private check(p: Period): void {
    if (p.to <= p.from)
      throw invalid('REPORT_PERIOD', 'The period must end after it starts', [
        { path: 'to', message: 'must be after from' },
      ]);
    if (p.to - p.from > 400 * DAY)
      throw invalid('REPORT_PERIOD', 'Periods are limited to 400 days', [
        { path: 'to', message: 'at most 400 days after from' },
      ]);
  }

  /** Episodes of the subtree grouped by device, one query for a city, one per site for a site. */
  private episodesByDevice(sites: readonly OrgUnit[], p: Period): Map<string, Episode[]> {
    const only = sites.length === 1 ? sites[0]?.id : undefined;
    const rows = this.history.episodes(p.from, p.to, only);
    const out = new Map<string, Episode[]>();
    for (const e of rows) {
      const list = out.get(e.deviceId) ?? [];
      list.push(e);
      out.set(e.deviceId, list);
    }
    return out;
  }

  private connectedAssets(site: OrgUnit): Asset[] {
    return this.assets.assets({ scopePaths: [site.path], siteId: site.id }).filter((a) => a.deviceId !== null);
  }

  availability(orgId: string, p: Period, groupBy: GroupBy): AvailabilityRow[] {
    this.check(p);
    const sites = this.sitesUnder(orgId);
    const episodes = this.episodesByDevice(sites, p);
    const groups = new Map<string, { devices: number; open: number; down: number }>();
    for (const site of sites) {
      const open = this.sites.calendar(site.id)?.intervals(p.from, p.to) ?? [];
      const openMs = open.reduce((s, [a, b]) => s + (b - a), 0);
      for (const a of this.connectedAssets(site)) {
        const spans = (episodes.get(a.deviceId ?? '') ?? []).map((e): Interval => [e.startedAt, e.endedAt ?? p.to]);
        const g = groups.get(keyOf(a, groupBy)) ?? { devices: 0, open: 0, down: 0 };
        g.devices++;
        g.open += openMs;
        g.down += overlapMs(open, spans);
        groups.set(keyOf(a, groupBy), g);
      }
    }
    return [...groups].map(([key, g]) => ({
      key,
      devices: g.devices,
      openHours: round(g.open / HOUR_MS),
      downOpenHours: round(g.down / HOUR_MS),
      availabilityPct: g.open === 0 ? null : round(100 * (1 - g.down / g.open), 3),
    }));
  }

  /**
   * MTBF and MTTR from downtime episodes (wall-clock): failures are episodes starting in the
   * period; MTTR averages the episodes of those that ended; MTBF is up time per failure.
   */
  reliability(orgId: string, p: Period, groupBy: GroupBy): ReliabilityRow[] {
    this.check(p);
    const sites = this.sitesUnder(orgId);
    const episodes = this.episodesByDevice(sites, p);
    const groups = new Map<
      string,
      { devices: number; failures: number; repaired: number; repairMs: number; downMs: number }
    >();
    const span = p.to - p.from;
    for (const site of sites) {
      for (const a of this.connectedAssets(site)) {
        const key = keyOf(a, groupBy);
        const g = groups.get(key) ?? { devices: 0, failures: 0, repaired: 0, repairMs: 0, downMs: 0 };
        g.devices++;
        const mine = episodes.get(a.deviceId ?? '') ?? [];
        g.downMs += mine.reduce((s, e) => s + Math.min(e.endedAt ?? p.to, p.to) - Math.max(e.startedAt, p.from), 0);
        for (const e of mine) {
          if (e.startedAt < p.from) continue;
          g.failures++;
          if (e.endedAt !== null && e.endedAt <= p.to) {
            g.repaired++;
            g.repairMs += e.endedAt - e.startedAt;
          }
        }
        groups.set(key, g);
      }
    }
    return [...groups].map(([key, g]) => ({
      key,
      devices: g.devices,
      failures: g.failures,
      repaired: g.repaired,
      mtbfHours: g.failures === 0 ? null : round((g.devices * span - g.downMs) / g.failures / HOUR_MS),
      mttrHours: g.repaired === 0 ? null : round(g.repairMs / g.repaired / HOUR_MS),
    }));
  }

  /** Orders created in the period: met (resolved by the due time), breached, or still pending. */
  sla(orgId: string, p: Period, now: number): SlaRow[] {
    this.check(p);
    const sites = this.sitesUnder(orgId);
    const ids = new Set(sites.map((s) => s.id));
    const groups = new Map<string, { orders: number; met: number; breached: number; pending: number }>();
    const only = sites.length === 1 ? sites[0]?.id : undefined;
    for (const w of this.orders.overlapping(p.from, p.to, only)) {
      if (!ids.has(w.siteId) || w.createdAt < p.from) continue;
      const g = groups.get(w.siteId) ?? { orders: 0, met: 0, breached: 0, pending: 0 };
      g.orders++;
      const done = w.resolvedAt ?? w.verifiedAt;
      if (done !== null) {
        if (done <= w.dueAt) g.met++;
        else g.breached++;
      } else if (now > w.dueAt) g.breached++;
      else g.pending++;
      groups.set(w.siteId, g);
    }
    return [...groups].map(([key, g]) => ({
      key,
      ...g,
      compliancePct: g.met + g.breached === 0 ? null : round((100 * g.met) / (g.met + g.breached)),
    }));
  }

  /** Open orders at `now` by age. */
  backlog(orgId: string, now: number): BacklogRow[] {
    const sites = this.sitesUnder(orgId);
    const ids = new Set(sites.map((s) => s.id));
    const only = sites.length === 1 ? sites[0]?.id : undefined;
    const groups = new Map<string, BacklogRow>();
    for (const w of this.orders.overlapping(0, now + 1, only)) {
      if (!ids.has(w.siteId) || w.status === 'resolved' || w.status === 'verified') continue;
      const g = groups.get(w.siteId) ?? {
        key: w.siteId,
        open: 0,
        overdue: 0,
        age0to1d: 0,
        age1to3d: 0,
        age3to7d: 0,
        age7to30d: 0,
        age30dPlus: 0,
        oldestDays: null,
      };
      const age = (now - w.createdAt) / DAY;
      g.open++;
      if (now > w.dueAt) g.overdue++;
      if (age < 1) g.age0to1d++;
      else if (age < 3) g.age1to3d++;
      else if (age < 7) g.age3to7d++;
      else if (age < 30) g.age7to30d++;
      else g.age30dPlus++;
      g.oldestDays = round(Math.max(g.oldestDays ?? 0, age));
      groups.set(w.siteId, g);
    }
    return [...groups.values()];
  }

  /**
   * Citizen impact: queue figures in the hours a queue kiosk or counter terminal of the site was
   * down, against the same weekday-and-hour slots on the other days of the period.
   */
  citizenImpact(orgId: string, p: Period): ImpactRow[] {
    this.check(p);
    const sites = this.sitesUnder(orgId);
    const only = sites.length === 1 ? sites[0]?.id : undefined;
    const downBySite = new Map<string, Interval[]>();
    for (const e of this.history.episodes(p.from, p.to, only)) {
      if (!QUEUE_EQUIPMENT.has(e.deviceType)) continue;
      const list = downBySite.get(e.siteId) ?? [];
      list.push([e.startedAt, e.endedAt ?? p.to]);
      downBySite.set(e.siteId, list);
    }
    // Every hour touched by a down span of the site's queue equipment.
    const downHours: { siteId: string; hour: number }[] = [];
    for (const [siteId, spans] of downBySite) {
      // Only open hours can hold queue figures; closed hours need not be looked up.
      const open = this.sites.calendar(siteId)?.intervals(p.from, p.to) ?? [[p.from, p.to]];
      let i = 0;
      let last = -1;
      for (const [s, e] of mergeSpans(spans)) {
        while (i < open.length && (open[i]?.[1] ?? 0) <= s) i++;
        for (let j = i; j < open.length; j++) {
          const o = open[j];
          if (!o || o[0] >= e) break;
          const a = Math.max(s, o[0]);
          for (let h = a - (a % HOUR_MS); h < Math.min(e, o[1]); h += HOUR_MS) {
            if (h > last) downHours.push({ siteId, hour: h });
            last = Math.max(last, h);
          }
        }
      }
    }
    const bySite = new Map<string, SlotFigures[]>();
    for (const r of this.history.queueBySlot(p.from, p.to, only, downHours)) {
      const list = bySite.get(r.siteId) ?? [];
      list.push(r);
      bySite.set(r.siteId, list);
    }
    return sites.map((site) => {
      const groups = bySite.get(site.id) ?? [];
      const slots = new Set(groups.filter((g) => g.down).map((g) => g.slot));
      const acc = () => ({ hours: 0, called: 0, wait: 0, finished: 0, noShow: 0 });
      const a = acc();
      const b = acc();
      for (const g of groups) {
        const t = g.down ? a : slots.has(g.slot) ? b : undefined;
        if (!t) continue;
        t.hours += g.hours;
        t.called += g.called;
        t.wait += g.waitSumMs;
        t.finished += g.finished;
        t.noShow += g.noShow;
      }
      const fig = (x: ReturnType<typeof acc>) => ({
        hours: x.hours,
        called: x.called,
        meanWaitMin: x.called === 0 ? null : round(x.wait / x.called / 60_000),
        noShowRate: x.finished + x.noShow === 0 ? null : round(x.noShow / (x.finished + x.noShow), 4),
      });
      const fa = fig(a);
      const fb = fig(b);
      return {
        siteId: site.id,
        downHours: a.hours,
        down: fa,
        normal: fb,
        waitDeltaMin:
          fa.meanWaitMin === null || fb.meanWaitMin === null ? null : round(fa.meanWaitMin - fb.meanWaitMin),
        noShowDelta: fa.noShowRate === null || fb.noShowRate === null ? null : round(fa.noShowRate - fb.noShowRate, 4),
      };
    });
  }
}
