/**
 * Staged rollouts of a brand release to screens: canary first, the rest once every canary
 * screen has acked the release without errors; a failing canary halts the rollout before the
 * rest. Assignment is state on the screen (its release id), so a screen that is offline gets
 * the rollout the moment it fetches its manifest again, and its target completes then.
 */
import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { conflict, invalid, notFound, type ErrorDetail } from '../core/errors.js';
import { isWithin } from '../auth/authorize.js';
import { newId } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import type { AckEvent, ScreensService } from '../screens/screens.service.js';
import type { ScreenRecord, TargetScreen } from '../screens/screens.store.js';
import { RolloutsStore, type RolloutRecord, type RolloutTargetSpec, type TargetRow } from './rollouts.store.js';
import { OpenTargets } from './open-targets.js';

export interface CreateRollout {
  releaseId: string;
  target: RolloutTargetSpec;
  canary?: string[] | undefined;
}

export interface TargetPreview {
  targeted: number;
  sites: number;
  tags: { tag: string; screens: number }[];
}

const JOURNAL_FOLD_MS = 2_000;

const filterByTags = (screens: TargetScreen[], tags: readonly string[] | undefined): TargetScreen[] =>
  tags && tags.length > 0 ? screens.filter((s) => s.tags.some((t) => tags.includes(t))) : screens;

export interface RolloutProgress {
  rolloutId: string;
  status: RolloutRecord['status'];
  targeted: number;
  waiting: number;
  delivered: number;
  acked: number;
  failed: number;
  offline: number;
  failures: { screenId: string; error: string | null }[];
}

export class RolloutsService extends EventEmitter<{ changed: [rolloutId: string] }> {
  readonly store: RolloutsStore;
  /** Open targets of running rollouts, in memory (see open-targets.ts). */
  private readonly open: OpenTargets;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
    private readonly screens: ScreensService,
  ) {
    super();
    this.setMaxListeners(1000);
    this.store = new RolloutsStore(db);
    // OpenTargets reads the targets' rows: their journal is folded first (a stopped process's
    // acks; the screens' own journal was folded when the screens service started).
    this.store.fold();
    this.open = new OpenTargets(db);
    // The target journal is folded every few seconds (and before any read of the targets).
    setInterval(() => {
      try {
        if (db.open) this.store.fold();
      } catch {
        // Left in the journal and folded next time (it is already durable).
      }
    }, JOURNAL_FOLD_MS).unref();
    screens.on('served', (e) => this.onServed(e.screenId, e.releaseId));
    screens.on('ack', (e) => this.onAck(e));
    screens.on('rolledBack', () => {
      screens.store.flushServed();
      this.store.journalMayHoldRows();
      this.store.fold();
      this.open.reload();
    });
  }

  /**
   * The org paths a target covers: its `units` (each checked to exist and lie within `orgId`,
   * errors naming the unit), or `orgId` itself.
   */
  targetPaths(spec: RolloutTargetSpec): string[] {
    const root = this.org.get(spec.orgId);
    if (!spec.units) return [root.path];
    const details: ErrorDetail[] = [];
    const paths = spec.units.map((id, i) => {
      const path = this.org.pathOf(id);
      if (path === undefined) details.push({ path: `target.units.${i}`, message: `no org unit "${id}"` });
      else if (!isWithin(path, root.path))
        details.push({ path: `target.units.${i}`, message: `${id} is not within ${spec.orgId}` });
      return path ?? '';
    });
    if (details.length > 0) {
      const first = details[0]?.message ?? '';
      throw invalid('ROLLOUT_UNIT_OUTSIDE', `Target units must lie within ${spec.orgId}: ${first}`, details);
    }
    // A unit inside another chosen one adds nothing.
    return paths.filter((p, i) => !paths.some((q, j) => j !== i && isWithin(p, q) && (p !== q || j < i)));
  }

  /** The active screens of a target's units, before the tag filter. */
  private screensOf(spec: RolloutTargetSpec): TargetScreen[] {
    return this.screens.store.activeTargets(this.targetPaths(spec), spec.screenIds);
  }

  /** The screens a target spec selects (active screens only): the union of its units, then its tags. */
  resolveTargets(spec: RolloutTargetSpec): TargetScreen[] {
    const all = this.screensOf(spec);
    if (spec.screenIds) {
      const found = new Set(all.map((s) => s.id));
      const missing = spec.screenIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw invalid(
          'ROLLOUT_TARGET_UNKNOWN',
          `Screens not found under ${spec.orgId}: ${missing.slice(0, 5).join(', ')}`,
          missing
            .slice(0, 20)
            .map((id) => ({ path: 'target.screenIds', message: `${id} is not an active screen under ${spec.orgId}` })),
        );
      }
    }
    return filterByTags(all, spec.tags);
  }

  /** What a target would select: counts, and the tags present on its units' screens. */
  previewTargets(spec: RolloutTargetSpec): TargetPreview {
    const all = this.screensOf(spec);
    const chosen = filterByTags(all, spec.tags);
    const tagCounts = new Map<string, number>();
    for (const s of all) for (const tag of s.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    return {
      targeted: chosen.length,
      sites: new Set(chosen.map((s) => s.siteId)).size,
      tags: [...tagCounts].map(([tag, screens]) => ({ tag, screens })).sort((a, b) => a.tag.localeCompare(b.tag)),
    };
  }

  create(actor: Actor, input: CreateRollout): RolloutRecord {
    if (!this.screens.sources.releaseExists(input.releaseId)) {
      throw invalid('RELEASE_UNKNOWN', `No brand release "${input.releaseId}"`, [
        { path: 'releaseId', message: 'unknown release' },
      ]);
    }
    const unit = this.org.get(input.target.orgId);
    const targets = this.resolveTargets(input.target);
    if (targets.length === 0)
      throw invalid('ROLLOUT_NO_TARGETS', 'The target selects no active screen', [
        { path: 'target', message: 'no screens' },
      ]);
    const canary = [...new Set(input.canary ?? [])];
    const ids = new Set(targets.map((t) => t.id));
    const stray = canary.filter((id) => !ids.has(id));
    if (stray.length > 0)
      throw invalid(
        'ROLLOUT_CANARY_OUTSIDE',
        'Canary screens must be among the targets',
        stray.map((id) => ({ path: 'canary', message: `${id} is not targeted` })),
      );
    const now = this.clock.now();
    const record: RolloutRecord = {
      id: newId(),
      releaseId: input.releaseId,
      orgId: unit.id,
      orgPath: unit.path,
      target: input.target,
      canary,
      status: canary.length > 0 ? 'canary' : 'rolling',
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    const canarySet = new Set(canary);
    const rows: TargetRow[] = targets.map((s) => ({
      rollout_id: record.id,
      screen_id: s.id,
      stage: canarySet.has(s.id) ? 'canary' : 'rest',
      prev_release_id: s.releaseId,
      state: canarySet.size === 0 || canarySet.has(s.id) ? 'assigned' : 'waiting',
      error: null,
    }));
    // The rollout, its targets and the screens' new release in one transaction; the screens are
    // told first (see ScreensService.assignRelease).
    this.screens.assignRelease(
      rows.filter((r) => r.state === 'assigned').map((r) => r.screen_id),
      record.releaseId,
      () => {
        this.store.supersede(
          targets.map((t) => t.id),
          now,
        );
        this.store.insert(record, rows);
        this.audit.record({
          actor,
          action: 'rollout.create',
          entity: 'rollout',
          entityId: record.id,
          orgId: unit.id,
          orgPath: unit.path,
          after: { ...record, targeted: rows.length },
        });
      },
    );
    this.open.supersede(targets.map((t) => t.id));
    this.open.add(
      record.id,
      record.releaseId,
      record.status,
      rows.map((r) => ({ screenId: r.screen_id, stage: r.stage, state: r.state })),
    );
    this.emit('changed', record.id);
    return record;
  }

  get(id: string): RolloutRecord {
    const r = this.store.get(id);
    if (!r) throw notFound('Rollout', id);
    return r;
  }

  progress(id: string): RolloutProgress {
    const r = this.get(id);
    const targets = this.store.targets(id);
    const screens = new Map(this.screens.store.list({ ids: targets.map((t) => t.screen_id) }).map((s) => [s.id, s]));
    const count = (...states: TargetRow['state'][]) => targets.filter((t) => states.includes(t.state)).length;
    // An assigned target is delivered once its screen was served the release (see open-targets.ts).
    const servedNow = targets.filter(
      (t) => t.state === 'assigned' && screens.get(t.screen_id)?.servedRelease === r.releaseId,
    ).length;
    return {
      rolloutId: id,
      status: r.status,
      targeted: targets.filter((t) => t.state !== 'superseded').length,
      waiting: count('waiting'),
      delivered: count('delivered', 'acked', 'failed') + servedNow,
      acked: count('acked'),
      failed: count('failed'),
      offline: targets.filter(
        (t) => (t.state === 'assigned' || t.state === 'delivered') && !this.isOnline(screens.get(t.screen_id)),
      ).length,
      failures: targets.filter((t) => t.state === 'failed').map((t) => ({ screenId: t.screen_id, error: t.error })),
    };
  }

  /** Put every screen this rollout reached back on the release it had before. */
  rollback(actor: Actor, id: string): RolloutRecord {
    const r = this.get(id);
    if (r.status === 'rolled-back') throw conflict('ROLLOUT_ROLLED_BACK', 'This rollout was already rolled back');
    const now = this.clock.now();
    const byPrev = new Map<string | null, string[]>();
    this.db.transaction(() => {
      for (const t of this.store.targets(id)) {
        if (t.state === 'waiting') this.store.setState(id, [t.screen_id], 'cancelled', null, now);
        if (t.state === 'waiting' || t.state === 'superseded' || t.state === 'cancelled') continue;
        const screen = this.screens.store.get(t.screen_id);
        // A later rollout moved this screen on: leave it there.
        if (!screen || screen.releaseId !== r.releaseId) continue;
        const list = byPrev.get(t.prev_release_id) ?? [];
        list.push(t.screen_id);
        byPrev.set(t.prev_release_id, list);
      }
      this.store.setStatus(id, 'rolled-back', now);
      this.open.setStatus(id, 'rolled-back');
      this.audit.record({
        actor,
        action: 'rollout.rollback',
        entity: 'rollout',
        entityId: id,
        orgId: r.orgId,
        orgPath: r.orgPath,
        before: r,
      });
    })();
    for (const [prev, ids] of byPrev) this.screens.assignRelease(ids, prev);
    this.emit('changed', id);
    return this.get(id);
  }

  private isOnline(s: ScreenRecord | undefined): boolean {
    return s !== undefined && this.screens.isOnline(s);
  }

  /** Fetched: delivered (in memory only; the screen's row records what it was served). */
  private onServed(screenId: string, releaseId: string | null): void {
    if (releaseId === null) return;
    for (const t of this.open.forScreen(screenId, releaseId)) {
      if (t.state !== 'assigned') continue;
      this.open.setState(t.rolloutId, screenId, 'delivered');
      this.emit('changed', t.rolloutId);
    }
  }

  private onAck(e: AckEvent): void {
    if (e.releaseId === null || !e.matchesServed) return;
    const now = this.clock.now();
    for (const t of this.open.forScreen(e.screenId, e.releaseId)) {
      const failed = e.errors.length > 0;
      const state = failed ? 'failed' : 'acked';
      this.store.logState(t.rolloutId, e.screenId, state, failed ? e.errors.join('; ').slice(0, 1000) : null, now);
      this.open.setState(t.rolloutId, e.screenId, state);
      this.advance(t.rolloutId);
      this.emit('changed', t.rolloutId);
    }
  }

  /** Canary → rest → completed, or halted on a canary failure. */
  private advance(id: string): void {
    const run = this.open.state(id);
    if (!run) return;
    const now = this.clock.now();
    if (run.status === 'canary') {
      if (run.canaryFailed > 0) {
        const r = this.get(id);
        this.store.setStatus(id, 'halted', now);
        this.open.setStatus(id, 'halted');
        this.audit.record({
          actor: { kind: 'system', id: 'rollouts', name: 'Rollout engine' },
          action: 'rollout.halt',
          entity: 'rollout',
          entityId: id,
          orgId: r.orgId,
          orgPath: r.orgPath,
        });
        return;
      }
      if (run.canaryOpen > 0) return;
      const rest = this.open.waiting(id);
      const status = rest.length > 0 ? 'rolling' : 'completed';
      this.screens.assignRelease(rest, run.releaseId, () => {
        this.store.setState(id, rest, 'assigned', null, now);
        this.store.setStatus(id, status, now);
      });
      for (const screenId of rest) this.open.setState(id, screenId, 'assigned');
      this.open.setStatus(id, status);
      return;
    }
    if (run.status === 'rolling' && run.open === 0) {
      this.store.setStatus(id, 'completed', now);
      this.open.setStatus(id, 'completed');
    }
  }
}
