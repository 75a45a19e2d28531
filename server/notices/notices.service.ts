/**
 * The notice workflow: draft → in_review → approved → published → expired | withdrawn.
 *
 * - A notice is a series of revisions; at most one is open (draft / in_review / approved) and at
 *   most one is live (published). Editing a published notice opens a new revision that goes
 *   through review again; the live one keeps showing until the new one is published, which then
 *   marks the old one `superseded`.
 * - The approver must not be the author of the revision. Scope (who may approve or publish for
 *   which unit) is checked by the routes with the caller's grants; the service checks the rest.
 * - `expired` is computed from the clock (a published revision past its `validTo`), so nothing
 *   needs a timer to expire. Every transition is audited in the same transaction.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError, conflict, invalid, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import { ZONE_KINDS } from '../org/org.schemas.js';
import type { ProcedureService } from '../procedures/procedures.service.js';
import type { ScreenProfile } from '../../brand-kit/profiles.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { NoticeStore } from './notices.store.js';
import { isShowing, nextBoundary } from './schedule.js';
import {
  OPEN_STATUSES,
  type Notice,
  type NoticeContent,
  type NoticeZone,
  type NoticeInput,
  type NoticeStatus,
  type ScreenNotice,
} from './notices.schemas.js';

export interface NoticeEvents {
  /** What screens under these org paths show may have changed (publish, withdraw, procedure edit). */
  changed: [{ orgPaths: string[]; noticeId: string | null }];
}

export interface ScreenQuery {
  siteId: string;
  zoneId: string | null;
  profile: ScreenProfile;
  at: number;
}

const whoOf = (a: Actor) => ({ id: a.id, name: a.name ?? null });
const kindRank = (kind: string): number => {
  const i = ZONE_KINDS.findIndex((k) => k === kind);
  return i < 0 ? ZONE_KINDS.length : i;
};

export class NoticeService {
  readonly store: NoticeStore;
  readonly events = new TypedEmitter<NoticeEvents>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly procedures: ProcedureService,
    private readonly clock: Clock,
  ) {
    this.store = new NoticeStore(db);
    org.addDependency((orgId) => ({ what: 'notices', count: this.store.countAt(orgId) }));
    procedures.events.on('changed', ({ codes }) => {
      const orgPaths = this.store.publishedPathsWithCodes(codes);
      if (orgPaths.length > 0) this.events.emit('changed', { orgPaths, noticeId: null });
    });
  }

  /** All revisions, oldest first, with effective statuses. */
  revisions(id: string): Notice[] {
    const revs = this.store.revisions(id).map((n) => this.effective(n));
    if (revs.length === 0) throw notFound('Notice', id);
    return revs;
  }

  /** The latest revision (the open one if any, else the live or last closed one). */
  get(id: string): Notice {
    const revs = this.revisions(id);
    const last = revs.at(-1);
    if (!last) throw notFound('Notice', id);
    return last;
  }

  list(scopePaths: readonly string[], status: NoticeStatus | undefined, limit = 200): Notice[] {
    const stored = status === 'expired' ? 'published' : status;
    return this.store
      .latestInScope(scopePaths, stored, limit)
      .map((n) => this.effective(n))
      .filter((n) => status === undefined || n.status === status);
  }

  create(actor: Actor, input: NoticeInput): Notice {
    const notice = this.db.transaction(() => {
      const content = this.content(input);
      const now = this.clock.now();
      const n: Notice = { ...content, ...this.freshMeta(actor, newId(), 1, now) };
      this.store.put(n, this.org.get(n.target.orgId).path);
      this.record(actor, 'notice.create', n, undefined);
      return n;
    })();
    return notice;
  }

  /** Replace the content of the open draft. */
  update(actor: Actor, id: string, input: NoticeInput): Notice {
    return this.db.transaction(() => {
      const before = this.open(id, ['draft'], 'edit');
      const n: Notice = { ...before, ...this.content(input), updatedAt: this.clock.now() };
      this.store.put(n, this.org.get(n.target.orgId).path);
      this.record(actor, 'notice.update', n, before);
      return n;
    })();
  }

  /** Open a new revision of a published (or expired) notice; it is reviewed again before it shows. */
  revise(actor: Actor, id: string, input: NoticeInput): Notice {
    return this.db.transaction(() => {
      const revs = this.revisions(id);
      const last = revs.at(-1);
      if (!last || OPEN_STATUSES.includes(last.status)) {
        throw conflict(
          'NOTICE_REVISION_OPEN',
          `Revision ${last?.revision ?? '?'} of notice ${id} is still ${last?.status ?? 'open'}; edit that one`,
        );
      }
      if (!revs.some((r) => r.status === 'published' || r.status === 'expired')) {
        throw conflict('NOTICE_NOT_PUBLISHED', `Notice ${id} has nothing published to revise`);
      }
      const now = this.clock.now();
      const n: Notice = { ...this.content(input), ...this.freshMeta(actor, id, last.revision + 1, now) };
      this.store.put(n, this.org.get(n.target.orgId).path);
      this.record(actor, 'notice.revise', n, undefined);
      return n;
    })();
  }

  submit(actor: Actor, id: string): Notice {
    return this.transition(actor, id, ['draft'], 'notice.submit', (n, now) => ({
      ...n,
      status: 'in_review',
      submittedAt: now,
      reviewComment: null,
    }));
  }

  approve(actor: Actor, id: string, comment?: string): Notice {
    return this.transition(actor, id, ['in_review'], 'notice.approve', (n, now) => {
      if (n.author.id === actor.id) {
        throw new AppError('forbidden', 'NOTICE_SELF_APPROVAL', 'The author of a revision may not approve it');
      }
      return { ...n, status: 'approved', approvedBy: whoOf(actor), approvedAt: now, reviewComment: comment ?? null };
    });
  }

  /** Send a revision under review (or approved, not yet published) back to draft. */
  reject(actor: Actor, id: string, comment?: string): Notice {
    return this.transition(actor, id, ['in_review', 'approved'], 'notice.reject', (n) => ({
      ...n,
      status: 'draft',
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      reviewComment: comment ?? null,
    }));
  }

  publish(actor: Actor, id: string): Notice {
    let oldPath: string | undefined;
    const n = this.transition(actor, id, ['approved'], 'notice.publish', (n, now) => {
      const live = this.store.revisions(id).find((r) => r.status === 'published');
      if (live) {
        const closed: Notice = { ...live, status: 'superseded', closedBy: whoOf(actor), closedAt: now, updatedAt: now };
        oldPath = this.org.get(live.target.orgId).path;
        this.store.put(closed, oldPath);
        this.record(actor, 'notice.supersede', closed, live);
      }
      return { ...n, status: 'published', publishedBy: whoOf(actor), publishedAt: now };
    });
    this.events.emit('changed', {
      orgPaths: [...new Set([this.org.get(n.target.orgId).path, ...(oldPath ? [oldPath] : [])])],
      noticeId: id,
    });
    return n;
  }

  /**
   * The zones of the sites under a unit, by id (sites share the standard's zone ids): the most
   * common first, in the standard's order among equals.
   */
  zonesUnder(orgId: string): NoticeZone[] {
    const byId = new Map<string, { kind: string; sites: number; names: Map<string, number> }>();
    for (const site of this.org.sitesUnder(orgId)) {
      for (const z of this.org.store.zones(site.id)) {
        const e = byId.get(z.id) ?? { kind: z.kind, sites: 0, names: new Map<string, number>() };
        e.sites++;
        e.names.set(z.name, (e.names.get(z.name) ?? 0) + 1);
        byId.set(z.id, e);
      }
    }
    return [...byId]
      .map(([id, e]) => ({
        id,
        kind: e.kind,
        sites: e.sites,
        name: [...e.names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? id,
      }))
      .sort((a, b) => b.sites - a.sites || kindRank(a.kind) - kindRank(b.kind) || a.id.localeCompare(b.id));
  }

  /** Take the live revision off the screens. */
  withdraw(actor: Actor, id: string): Notice {
    const n = this.db.transaction(() => {
      const live = this.store.revisions(id).find((r) => r.status === 'published');
      if (!live) throw conflict('NOTICE_NOT_PUBLISHED', `Notice ${id} is not published`);
      const now = this.clock.now();
      const after: Notice = { ...live, status: 'withdrawn', closedBy: whoOf(actor), closedAt: now, updatedAt: now };
      this.store.put(after, this.org.get(after.target.orgId).path);
      this.record(actor, 'notice.withdraw', after, live);
      return after;
    })();
    this.events.emit('changed', { orgPaths: [this.org.get(n.target.orgId).path], noticeId: id });
    return n;
  }

  /** The live revision (published, effective status included), if any. */
  live(id: string): Notice | undefined {
    return this.revisions(id).find((r) => r.status === 'published' || r.status === 'expired');
  }

  /**
   * Published notices showing now on one screen, procedures resolved, highest priority first.
   * A notice targets a screen when the site is in its subtree and matches its tags, zones and
   * profiles (each an "any of" list; empty = all), and `at` is in its window and daily hours.
   */
  inScopeForScreen(q: ScreenQuery): ScreenNotice[] {
    const site = this.org.get(q.siteId);
    const showing = this.store
      .publishedCovering(site.path, q.at)
      .filter((n) => this.targets(n, site.tags, q) && isShowing(n, q.at));
    const procs = this.procedures.store.getMany([...new Set(showing.flatMap((n) => n.procedureCodes))]);
    return showing
      .sort((a, b) => b.priority - a.priority || b.validFrom - a.validFrom || a.id.localeCompare(b.id))
      .map((n) => ({
        id: n.id,
        revision: n.revision,
        title: n.title,
        body: n.body,
        // A procedure deleted after publication simply drops out rather than breaking the screen.
        procedures: n.procedureCodes.flatMap((c) => {
          const p = procs.get(c);
          return p ? [p] : [];
        }),
        priority: n.priority,
        validFrom: n.validFrom,
        validTo: n.validTo,
        dailyHours: n.dailyHours,
      }));
  }

  /** The next instant after `q.at` when `inScopeForScreen` may change by time alone, or null. */
  nextChangeForScreen(q: ScreenQuery): number | null {
    const site = this.org.get(q.siteId);
    const times = this.store
      .publishedNotOver(site.path, q.at)
      .filter((n) => this.targets(n, site.tags, q))
      .map((n) => nextBoundary(n, q.at))
      .filter((t): t is number => t !== null);
    return times.length === 0 ? null : Math.min(...times);
  }

  private targets(n: Notice, siteTags: readonly string[], q: ScreenQuery): boolean {
    const t = n.target;
    return (
      (t.tags.length === 0 || t.tags.some((x) => siteTags.includes(x))) &&
      (t.zones.length === 0 || (q.zoneId !== null && t.zones.includes(q.zoneId))) &&
      (t.profiles.length === 0 || t.profiles.includes(q.profile))
    );
  }

  private transition(
    actor: Actor,
    id: string,
    from: readonly NoticeStatus[],
    action: string,
    next: (n: Notice, now: number) => Notice,
  ): Notice {
    return this.db.transaction(() => {
      const before = this.open(id, from, action.replace('notice.', ''));
      const now = this.clock.now();
      const after = { ...next(before, now), updatedAt: now };
      this.store.put(after, this.org.get(after.target.orgId).path);
      this.record(actor, action, after, before);
      return after;
    })();
  }

  /** The open revision, which must be in one of `from`. */
  private open(id: string, from: readonly NoticeStatus[], verb: string): Notice {
    const last = this.store.revisions(id).at(-1);
    if (!last) throw notFound('Notice', id);
    if (!from.includes(last.status)) {
      throw conflict(
        'NOTICE_BAD_STATE',
        `Cannot ${verb} notice ${id}: revision ${last.revision} is ${last.status}, expected ${from.join(' or ')}`,
      );
    }
    return last;
  }

  private content(input: NoticeInput): NoticeContent {
    this.org.get(input.target.orgId);
    if (input.target.zones.length > 0) {
      const known = new Set(this.zonesUnder(input.target.orgId).map((z) => z.id));
      const unknown = input.target.zones.flatMap((z, i) =>
        known.has(z)
          ? []
          : [{ path: `target.zones.${i}`, message: `no site under ${input.target.orgId} has a zone "${z}"` }],
      );
      if (unknown.length > 0)
        throw invalid('NOTICE_UNKNOWN_ZONE', 'The notice targets zones that no site in its unit has', unknown);
    }
    const found = this.procedures.store.getMany(input.procedureCodes);
    const missing = input.procedureCodes.flatMap((c, i) =>
      found.has(c) ? [] : [{ path: `procedureCodes.${i}`, message: `no procedure ${c}` }],
    );
    if (missing.length > 0)
      throw invalid('NOTICE_UNKNOWN_PROCEDURE', 'The notice lists procedures that do not exist', missing);
    return {
      title: input.title,
      body:
        input.body === null
          ? null
          : input.body.en === undefined
            ? { vi: input.body.vi }
            : { vi: input.body.vi, en: input.body.en },
      procedureCodes: input.procedureCodes,
      target: input.target,
      validFrom: input.validFrom,
      validTo: input.validTo,
      dailyHours: input.dailyHours,
      priority: input.priority,
    };
  }

  private freshMeta(actor: Actor, id: string, revision: number, now: number) {
    return {
      id,
      revision,
      status: 'draft' as const,
      author: whoOf(actor),
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      publishedBy: null,
      publishedAt: null,
      closedBy: null,
      closedAt: null,
      reviewComment: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private effective(n: Notice): Notice {
    return n.status === 'published' && n.validTo !== null && this.clock.now() >= n.validTo
      ? { ...n, status: 'expired' }
      : n;
  }

  private record(actor: Actor, action: string, after: Notice, before: Notice | undefined): void {
    this.audit.record({
      actor,
      action,
      entity: 'notice',
      entityId: after.id,
      orgId: after.target.orgId,
      orgPath: this.org.pathOf(after.target.orgId) ?? null,
      ...(before ? { before } : {}),
      after,
    });
  }
}
