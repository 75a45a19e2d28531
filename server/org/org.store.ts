/** SQL for the org tree, zones and counters. Subtrees are found by materialised path. */
import { z } from 'zod';
import { lazy } from '../db/lazy.js';
import type { Db, Migration } from '../db/database.js';
import {
  siteDetailsSchema,
  zoneSchema,
  counterSchema,
  type Counter,
  type OrgKind,
  type OrgUnit,
  type Zone,
} from './org.schemas.js';

export const orgMigrations: Migration[] = [
  {
    id: 'org-001-units',
    up: `
      CREATE TABLE org_units (
        id TEXT PRIMARY KEY,
        parent_id TEXT REFERENCES org_units(id),
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        short_name TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        path TEXT NOT NULL UNIQUE,
        site_json TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX org_units_parent ON org_units(parent_id);
      CREATE TABLE org_zones (
        site_id TEXT NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        area_m2 REAL NOT NULL,
        capacity INTEGER NOT NULL,
        sort INTEGER NOT NULL,
        PRIMARY KEY (site_id, id)
      );
      CREATE TABLE org_counters (
        site_id TEXT NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        zone_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (site_id, number)
      );
    `,
  },
];

interface UnitRow {
  id: string;
  parent_id: string | null;
  kind: OrgKind;
  name: string;
  short_name: string | null;
  tags: string;
  path: string;
  site_json: string | null;
  created_at: number;
  updated_at: number;
}

const tagsSchema = z.array(z.string());
const fieldsSchema = z.array(z.string());

/** Freezes a parsed JSON value all the way down, so that a value shared by several reads cannot be changed by one. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A column's JSON, validated once per distinct text: units are read on every manifest part and
 * scope check, and parsing a site's details (zones, counters, hours) cost more than the query.
 * Keyed by the text itself, so an edited unit is parsed again; the values are frozen, as every
 * read of that text shares them.
 */
function parsedOnce<T>(memo: Map<string, T>, text: string, parse: (json: unknown) => T): T {
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  const value = deepFreeze(parse(JSON.parse(text)));
  if (memo.size >= 5_000) memo.clear();
  memo.set(text, value);
  return value;
}
const tagsMemo = new Map<string, string[]>();
const siteMemo = new Map<string, NonNullable<OrgUnit['site']>>();

function toUnit(r: UnitRow): OrgUnit {
  return {
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    shortName: r.short_name,
    tags: parsedOnce(tagsMemo, r.tags, (j) => tagsSchema.parse(j)),
    path: r.path,
    site: r.site_json === null ? null : parsedOnce(siteMemo, r.site_json, (j) => siteDetailsSchema.parse(j)),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface UnitFilter {
  /** Only units under one of these paths; `undefined` = no restriction, `[]` = none. */
  scopePaths?: readonly string[];
  under?: string | undefined;
  kind?: OrgKind | undefined;
  tag?: string | undefined;
  /** Case- and diacritic-insensitive text search on name and id. */
  q?: string | undefined;
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

export class OrgStore {
  // Prepared once: lookups by id run on every request (scopes, manifests), and preparing costs more than the query.
  private readonly getStmt = lazy(() => this.db.prepare<[string], UnitRow>('SELECT * FROM org_units WHERE id = ?'));
  private readonly pathStmt = lazy(() =>
    this.db.prepare<[string], { path: string }>('SELECT path FROM org_units WHERE id = ?'),
  );

  constructor(private readonly db: Db) {}

  get(id: string): OrgUnit | undefined {
    const row = this.getStmt().get(id);
    return row ? toUnit(row) : undefined;
  }

  pathOf(id: string): string | undefined {
    return this.pathStmt().get(id)?.path;
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM org_units').get()?.n ?? 0;
  }

  list(f: UnitFilter): OrgUnit[] {
    if (f.scopePaths?.length === 0) return [];
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (f.scopePaths) {
      where.push(`(${f.scopePaths.map((_, i) => `path LIKE @s${i} || '%'`).join(' OR ')})`);
      f.scopePaths.forEach((p, i) => (params[`s${i}`] = p));
    }
    if (f.under) {
      where.push(`path LIKE @under || '%'`);
      params['under'] = f.under;
    }
    if (f.kind) {
      where.push('kind = @kind');
      params['kind'] = f.kind;
    }
    if (f.tag) {
      where.push(`EXISTS (SELECT 1 FROM json_each(tags) WHERE value = @tag)`);
      params['tag'] = f.tag;
    }
    const rows = this.db
      .prepare<Record<string, string>, UnitRow>(
        `SELECT * FROM org_units ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY path`,
      )
      .all(params);
    const units = rows.map(toUnit);
    if (!f.q) return units;
    const q = fold(f.q);
    return units.filter((u) => fold(`${u.name} ${u.shortName ?? ''} ${u.id}`).includes(q));
  }

  childCount(id: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM org_units WHERE parent_id = ?').get(id)?.n ??
      0
    );
  }

  insert(u: OrgUnit): void {
    this.db
      .prepare(
        `INSERT INTO org_units (id, parent_id, kind, name, short_name, tags, path, site_json, created_at, updated_at)
         VALUES (@id, @parentId, @kind, @name, @shortName, @tags, @path, @site, @createdAt, @updatedAt)`,
      )
      .run({ ...u, tags: JSON.stringify(u.tags), site: u.site === null ? null : JSON.stringify(u.site) });
  }

  update(u: OrgUnit): void {
    this.db
      .prepare(
        `UPDATE org_units SET name = @name, short_name = @shortName, tags = @tags, site_json = @site, updated_at = @updatedAt WHERE id = @id`,
      )
      .run({
        id: u.id,
        name: u.name,
        shortName: u.shortName,
        tags: JSON.stringify(u.tags),
        site: u.site === null ? null : JSON.stringify(u.site),
        updatedAt: u.updatedAt,
      });
  }

  /** Re-parent a unit; every descendant's path follows. */
  move(id: string, newParentId: string, oldPath: string, newPath: string, at: number): void {
    this.db.prepare('UPDATE org_units SET parent_id = ?, updated_at = ? WHERE id = ?').run(newParentId, at, id);
    this.db
      .prepare(
        `UPDATE org_units SET path = @newPath || substr(path, length(@oldPath) + 1) WHERE path LIKE @oldPath || '%'`,
      )
      .run({ newPath, oldPath });
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM org_units WHERE id = ?').run(id);
  }

  zones(siteId: string): Zone[] {
    return this.db
      .prepare<[string], { id: string; kind: string; name: string; area_m2: number; capacity: number }>(
        'SELECT id, kind, name, area_m2, capacity FROM org_zones WHERE site_id = ? ORDER BY sort',
      )
      .all(siteId)
      .map((r) => zoneSchema.parse({ id: r.id, kind: r.kind, name: r.name, areaM2: r.area_m2, capacity: r.capacity }));
  }

  counters(siteId: string): Counter[] {
    return this.db
      .prepare<[string], { number: number; zone_id: string; fields: string }>(
        'SELECT number, zone_id, fields FROM org_counters WHERE site_id = ? ORDER BY number',
      )
      .all(siteId)
      .map((r) =>
        counterSchema.parse({ number: r.number, zoneId: r.zone_id, fields: fieldsSchema.parse(JSON.parse(r.fields)) }),
      );
  }

  replaceZones(siteId: string, zones: readonly Zone[]): void {
    this.db.prepare('DELETE FROM org_zones WHERE site_id = ?').run(siteId);
    const ins = this.db.prepare(
      'INSERT INTO org_zones (site_id, id, kind, name, area_m2, capacity, sort) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    zones.forEach((z, i) => ins.run(siteId, z.id, z.kind, z.name, z.areaM2, z.capacity, i));
  }

  replaceCounters(siteId: string, counters: readonly Counter[]): void {
    this.db.prepare('DELETE FROM org_counters WHERE site_id = ?').run(siteId);
    const ins = this.db.prepare('INSERT INTO org_counters (site_id, number, zone_id, fields) VALUES (?, ?, ?, ?)');
    for (const c of counters) ins.run(siteId, c.number, c.zoneId, JSON.stringify(c.fields));
  }
}
