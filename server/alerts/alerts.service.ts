/**
 * Emergency alerts: started and stopped by staff on an org subtree, active for exactly the sites
 * under it, from `startedAt` until stopped or until `plannedEndAt` — whichever comes first.
 * Activity is computed from the injected clock (no timers), so expiry needs nothing to run.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { conflict, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { ALERT_TEMPLATES } from '../../config/alert-templates.js';
import { parseMarkup, type RichText } from '../text/rich-text.js';
import { AlertStore } from './alerts.store.js';
import type { Alert, StartAlert } from './alerts.schemas.js';

export interface AlertEvents {
  started: [{ alertId: string; orgPath: string; plannedEndAt: number }];
  stopped: [{ alertId: string; orgPath: string }];
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const whoOf = (a: Actor) => ({ id: a.id, name: a.name ?? null });

export class AlertService {
  readonly store: AlertStore;
  readonly events = new TypedEmitter<AlertEvents>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {
    this.store = new AlertStore(db);
  }

  /** Templates with their bodies parsed, for the console and for previews. */
  templates() {
    return Object.values(ALERT_TEMPLATES).map((t) => ({
      ...t,
      body: { vi: parseMarkup(t.body.vi), en: parseMarkup(t.body.en) },
    }));
  }

  get(id: string): Alert {
    const a = this.store.get(id);
    if (!a) throw notFound('Alert', id);
    return this.effective(a);
  }

  list(scopePaths: readonly string[], activeOnly: boolean, limit = 200): Alert[] {
    const now = this.clock.now();
    return this.store.list(scopePaths, activeOnly ? now : undefined, limit).map((a) => this.effective(a));
  }

  start(actor: Actor, input: StartAlert): Alert {
    const alert = this.db.transaction(() => {
      const unit = this.org.get(input.orgId);
      const now = this.clock.now();
      const dup = this.store
        .activeCovering(unit.path, now)
        .find((a) => a.orgId === unit.id && a.kind === input.kind && input.kind !== 'custom');
      if (dup)
        throw conflict('ALERT_ALREADY_ACTIVE', `A ${input.kind} alert is already active on ${unit.id} (${dup.id})`);
      const t = ALERT_TEMPLATES[input.kind];
      const fill = (s: string) => s.replaceAll('{closeAt}', input.closeAt ?? '');
      const body: { vi: RichText; en?: RichText } = input.body
        ? input.body.en === undefined
          ? { vi: input.body.vi }
          : { vi: input.body.vi, en: input.body.en }
        : { vi: parseMarkup(fill(t.body.vi)), en: parseMarkup(fill(t.body.en)) };
      const a: Alert = {
        id: newId(),
        orgId: unit.id,
        orgPath: unit.path,
        kind: input.kind,
        severity: t.severity,
        title: input.title ?? t.title,
        body,
        startedAt: now,
        plannedEndAt: now + (input.durationMinutes ?? t.defaultMinutes) * 60_000,
        startedBy: whoOf(actor),
        stoppedAt: null,
        stoppedBy: null,
        status: 'active',
      };
      this.store.put(a);
      this.audit.record({
        actor,
        action: 'alert.start',
        entity: 'alert',
        entityId: a.id,
        orgId: a.orgId,
        orgPath: a.orgPath,
        after: a,
      });
      return a;
    })();
    this.events.emit('started', { alertId: alert.id, orgPath: alert.orgPath, plannedEndAt: alert.plannedEndAt });
    return alert;
  }

  stop(actor: Actor, id: string): Alert {
    const alert = this.db.transaction(() => {
      const before = this.get(id);
      if (before.status !== 'active') throw conflict('ALERT_NOT_ACTIVE', `Alert ${id} is already ${before.status}`);
      const now = this.clock.now();
      const after: Alert = { ...before, stoppedAt: now, stoppedBy: whoOf(actor), status: 'stopped' };
      this.store.put(after);
      this.audit.record({
        actor,
        action: 'alert.stop',
        entity: 'alert',
        entityId: id,
        orgId: after.orgId,
        orgPath: after.orgPath,
        before,
        after,
      });
      return after;
    })();
    this.events.emit('stopped', { alertId: alert.id, orgPath: alert.orgPath });
    return alert;
  }

  /** Alerts showing at `at` on every screen of this site, most severe first, newest first. */
  activeForSite(siteId: string, at: number): Alert[] {
    const site = this.org.get(siteId);
    return this.store
      .activeCovering(site.path, at)
      .map((a) => ({ ...a, status: 'active' as const }))
      .sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] || y.startedAt - x.startedAt);
  }

  /** `activeForSite` at the clock's now. */
  activeForSiteNow(siteId: string): Alert[] {
    return this.activeForSite(siteId, this.clock.now());
  }

  private effective(a: Alert): Alert {
    const now = this.clock.now();
    if (a.stoppedAt !== null && a.stoppedAt <= now) return { ...a, status: 'stopped' };
    if (now >= a.plannedEndAt) return { ...a, status: 'expired' };
    return { ...a, status: 'active' };
  }
}
