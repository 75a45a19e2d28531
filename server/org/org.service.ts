/** Org tree logic: hierarchy rules, ids, moves, delete-when-empty, zones and counters; all audited. */
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { slugify } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import { OrgStore, type UnitFilter } from './org.store.js';
import {
  PARENT_KINDS,
  siteDetailsSchema,
  type Counter,
  type CreateOrgUnit,
  type OrgKind,
  type OrgUnit,
  type SiteLayout,
  type UpdateOrgUnit,
  type Zone,
} from './org.schemas.js';

/** Something elsewhere that keeps an org unit from being deleted (screens, devices, grants…). */
export type OrgDependency = (orgId: string) => { what: string; count: number };

export class OrgService {
  readonly store: OrgStore;
  private readonly dependencies: OrgDependency[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly clock: Clock,
  ) {
    this.store = new OrgStore(db);
  }

  /** Features that hang things off org units register here so deletion stays safe. */
  addDependency(dep: OrgDependency): void {
    this.dependencies.push(dep);
  }

  get(id: string): OrgUnit {
    const unit = this.store.get(id);
    if (!unit) throw notFound('Org unit', id);
    return unit;
  }

  pathOf = (id: string): string | undefined => this.store.pathOf(id);

  list(filter: UnitFilter): OrgUnit[] {
    return this.store.list(filter);
  }

  /** Create the root city unit (seed and first start only). */
  createCity(actor: Actor, id: string, name: string, tags: string[] = []): OrgUnit {
    return this.db.transaction(() => {
      if (this.store.get(id)) throw conflict('ORG_ID_TAKEN', `Org unit id "${id}" is already used`);
      const now = this.clock.now();
      const unit: OrgUnit = {
        id,
        parentId: null,
        kind: 'city',
        name,
        shortName: null,
        tags,
        path: `/${id}/`,
        site: null,
        createdAt: now,
        updatedAt: now,
      };
      this.store.insert(unit);
      this.audit.record({
        actor,
        action: 'org.create',
        entity: 'org_unit',
        entityId: id,
        orgId: id,
        orgPath: unit.path,
        after: unit,
      });
      return unit;
    })();
  }

  create(actor: Actor, input: CreateOrgUnit): OrgUnit {
    return this.db.transaction(() => {
      const parent = this.get(input.parentId);
      this.checkParentKind(input.kind, parent.kind);
      const id = input.id ?? this.freeId(slugify(input.name) || input.kind);
      if (this.store.get(id)) throw conflict('ORG_ID_TAKEN', `Org unit id "${id}" is already used`);
      const now = this.clock.now();
      const unit: OrgUnit = {
        id,
        parentId: parent.id,
        kind: input.kind,
        name: input.name,
        shortName: input.shortName ?? null,
        tags: input.tags,
        path: `${parent.path}${id}/`,
        site: input.site ?? null,
        createdAt: now,
        updatedAt: now,
      };
      this.store.insert(unit);
      this.audit.record({
        actor,
        action: 'org.create',
        entity: 'org_unit',
        entityId: id,
        orgId: id,
        orgPath: unit.path,
        after: unit,
      });
      return unit;
    })();
  }

  update(actor: Actor, id: string, patch: UpdateOrgUnit): OrgUnit {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (patch.site && before.kind !== 'site') {
        throw invalid('VALIDATION', 'Only a site has site details', [
          { path: 'site', message: `${id} is a ${before.kind}` },
        ]);
      }
      const after: OrgUnit = {
        ...before,
        name: patch.name ?? before.name,
        shortName: patch.shortName === undefined ? before.shortName : patch.shortName,
        tags: patch.tags ?? before.tags,
        site:
          before.site && patch.site
            ? siteDetailsSchema.parse({ ...before.site, ...stripUndefined(patch.site) })
            : before.site,
        updatedAt: this.clock.now(),
      };
      this.store.update(after);
      this.audit.record({
        actor,
        action: 'org.update',
        entity: 'org_unit',
        entityId: id,
        orgId: id,
        orgPath: after.path,
        before,
        after,
      });
      return after;
    })();
  }

  move(actor: Actor, id: string, newParentId: string): OrgUnit {
    return this.db.transaction(() => {
      const before = this.get(id);
      const parent = this.get(newParentId);
      if (before.parentId === null) throw invalid('ORG_MOVE_ROOT', 'The city unit cannot be moved');
      if (parent.path.startsWith(before.path)) {
        throw invalid('ORG_MOVE_CYCLE', `Cannot move ${id} under itself or its own descendant ${newParentId}`);
      }
      this.checkParentKind(before.kind, parent.kind);
      const newPath = `${parent.path}${id}/`;
      this.store.move(id, newParentId, before.path, newPath, this.clock.now());
      const after = this.get(id);
      this.audit.record({
        actor,
        action: 'org.move',
        entity: 'org_unit',
        entityId: id,
        orgId: id,
        orgPath: newPath,
        before,
        after,
      });
      return after;
    })();
  }

  delete(actor: Actor, id: string): void {
    this.db.transaction(() => {
      const before = this.get(id);
      if (before.parentId === null) throw invalid('ORG_DELETE_ROOT', 'The city unit cannot be deleted');
      const blockers = [
        { what: 'child units', count: this.store.childCount(id) },
        ...this.dependencies.map((d) => d(id)),
      ].filter((b) => b.count > 0);
      if (blockers.length > 0) {
        throw conflict(
          'ORG_NOT_EMPTY',
          `${before.name} still has ${blockers.map((b) => `${b.count} ${b.what}`).join(', ')}`,
          blockers.map((b) => ({ path: b.what, message: `${b.count} left` })),
        );
      }
      this.store.delete(id);
      this.audit.record({
        actor,
        action: 'org.delete',
        entity: 'org_unit',
        entityId: id,
        orgId: before.parentId,
        orgPath: before.path,
        before,
      });
    })();
  }

  layout(siteId: string): SiteLayout {
    this.requireSite(siteId);
    return { siteId, zones: this.store.zones(siteId), counters: this.store.counters(siteId) };
  }

  setZones(actor: Actor, siteId: string, zones: readonly Zone[]): SiteLayout {
    return this.db.transaction(() => {
      const site = this.requireSite(siteId);
      const before = this.layout(siteId);
      const ids = new Set(zones.map((z) => z.id));
      const orphan = before.counters.filter((c) => !ids.has(c.zoneId));
      if (orphan.length > 0) {
        throw conflict(
          'ORG_ZONE_IN_USE',
          `Counters ${orphan.map((c) => c.number).join(', ')} are in zones that would be removed`,
          orphan.map((c) => ({ path: `counters.${c.number}`, message: `uses zone ${c.zoneId}` })),
        );
      }
      this.store.replaceZones(siteId, zones);
      const after = this.layout(siteId);
      this.audit.record({
        actor,
        action: 'org.zones',
        entity: 'org_unit',
        entityId: siteId,
        orgId: siteId,
        orgPath: site.path,
        before: before.zones,
        after: after.zones,
      });
      return after;
    })();
  }

  setCounters(actor: Actor, siteId: string, counters: readonly Counter[]): SiteLayout {
    return this.db.transaction(() => {
      const site = this.requireSite(siteId);
      const before = this.layout(siteId);
      const zoneIds = new Set(before.zones.map((z) => z.id));
      const bad = counters.flatMap((c, i) =>
        zoneIds.has(c.zoneId) ? [] : [{ path: `counters.${i}.zoneId`, message: `no zone "${c.zoneId}" at ${siteId}` }],
      );
      if (bad.length > 0) throw invalid('VALIDATION', 'Counters refer to zones the site does not have', bad);
      this.store.replaceCounters(siteId, counters);
      const after = this.layout(siteId);
      this.audit.record({
        actor,
        action: 'org.counters',
        entity: 'org_unit',
        entityId: siteId,
        orgId: siteId,
        orgPath: site.path,
        before: before.counters,
        after: after.counters,
      });
      return after;
    })();
  }

  /** All sites under a unit (the unit itself if it is a site). */
  sitesUnder(id: string): OrgUnit[] {
    const unit = this.get(id);
    return this.store.list({ under: unit.path, kind: 'site' });
  }

  private requireSite(id: string): OrgUnit {
    const unit = this.get(id);
    if (unit.kind !== 'site') throw invalid('ORG_NOT_A_SITE', `${id} is a ${unit.kind}, not a site`);
    return unit;
  }

  private checkParentKind(kind: OrgKind, parentKind: OrgKind): void {
    const allowed = PARENT_KINDS[kind];
    if (!allowed?.includes(parentKind)) {
      throw invalid('ORG_BAD_PARENT', `A ${kind} cannot sit under a ${parentKind}`, [
        { path: 'parentId', message: `a ${kind} goes under ${allowed?.join(' or ') ?? 'nothing'}` },
      ]);
    }
  }

  private freeId(base: string): string {
    let id = base.length >= 2 ? base : `${base}-unit`;
    for (let n = 2; this.store.get(id); n++) id = `${base}-${n}`;
    return id;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
