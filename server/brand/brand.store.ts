/**
 * Brand state in SQLite (city kits, unit overrides, sources, the rendition cache, releases and
 * rollback targets) and brand files under DATA_DIR/brand (sources/ and assets/). Release rows
 * are immutable: triggers refuse UPDATE and DELETE.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Migration } from '../db/database.js';
import {
  brandKitSchema,
  storedOverridesSchema,
  type AssetRef,
  type BrandKit,
  type StoredOverrides,
} from '../../brand-kit/kit.schema.js';
import type { Rendition, RenditionStore } from '../../brand-kit/compiler.js';
import { releaseContentSchema, type ReleaseContent } from '../../brand-kit/release.js';

export const brandMigrations: Migration[] = [
  {
    id: 'brand-001-tables',
    up: `
      CREATE TABLE brand_kits (
        city_id TEXT PRIMARY KEY REFERENCES org_units(id),
        kit_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE brand_overrides (
        org_id TEXT PRIMARY KEY REFERENCES org_units(id) ON DELETE CASCADE,
        overrides_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE brand_sources (
        sha256 TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        name TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE brand_renditions (
        cache_key TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        profile TEXT NOT NULL,
        format TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        type TEXT NOT NULL,
        bytes INTEGER NOT NULL
      );
      CREATE TABLE brand_releases (
        id TEXT PRIMARY KEY,
        city_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        content_json TEXT NOT NULL,
        note TEXT,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX brand_releases_city ON brand_releases(city_id, seq);
      CREATE TRIGGER brand_releases_no_update BEFORE UPDATE ON brand_releases
        BEGIN SELECT RAISE(ABORT, 'brand releases are immutable'); END;
      CREATE TRIGGER brand_releases_no_delete BEFORE DELETE ON brand_releases
        BEGIN SELECT RAISE(ABORT, 'brand releases are immutable'); END;
      CREATE TABLE brand_rollback_targets (
        city_id TEXT PRIMARY KEY,
        release_id TEXT NOT NULL REFERENCES brand_releases(id),
        marked_at INTEGER NOT NULL,
        marked_by TEXT NOT NULL
      );
    `,
  },
];

export interface ReleaseRow {
  id: string;
  cityId: string;
  hash: string;
  note: string | null;
  createdAt: number;
  createdBy: string;
}

interface ReleaseDbRow {
  id: string;
  city_id: string;
  hash: string;
  content_json: string;
  note: string | null;
  created_at: number;
  created_by: string;
}

const toRelease = (r: ReleaseDbRow): ReleaseRow => ({
  id: r.id,
  cityId: r.city_id,
  hash: r.hash,
  note: r.note,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export class BrandStore implements RenditionStore {
  readonly sourcesDir: string;
  readonly assetsDir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.sourcesDir = join(dataDir, 'brand', 'sources');
    this.assetsDir = join(dataDir, 'brand', 'assets');
  }

  private ensureDirs(): void {
    if (!existsSync(this.assetsDir)) mkdirSync(this.assetsDir, { recursive: true });
    if (!existsSync(this.sourcesDir)) mkdirSync(this.sourcesDir, { recursive: true });
  }

  // ---- kits and overrides ----

  /** Parsed kits by their JSON text: resolving every unit of a city reads the kit many times. */
  private readonly kitCache = new Map<string, { json: string; kit: BrandKit }>();

  cityKit(cityId: string): BrandKit | undefined {
    const row = this.db
      .prepare<[string], { kit_json: string }>('SELECT kit_json FROM brand_kits WHERE city_id = ?')
      .get(cityId);
    if (!row) return undefined;
    const cached = this.kitCache.get(cityId);
    if (cached?.json === row.kit_json) return cached.kit;
    const kit = brandKitSchema.parse(JSON.parse(row.kit_json));
    this.kitCache.set(cityId, { json: row.kit_json, kit });
    return kit;
  }

  putCityKit(cityId: string, kit: BrandKit, at: number): void {
    this.db
      .prepare(
        'INSERT INTO brand_kits (city_id, kit_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(city_id) DO UPDATE SET kit_json = excluded.kit_json, updated_at = excluded.updated_at',
      )
      .run(cityId, JSON.stringify(kit), at);
  }

  overrides(orgId: string): StoredOverrides {
    const row = this.db
      .prepare<[string], { overrides_json: string }>('SELECT overrides_json FROM brand_overrides WHERE org_id = ?')
      .get(orgId);
    return row ? storedOverridesSchema.parse(JSON.parse(row.overrides_json)) : { texts: {} };
  }

  putOverrides(orgId: string, overrides: StoredOverrides, at: number): void {
    this.db
      .prepare(
        'INSERT INTO brand_overrides (org_id, overrides_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(org_id) DO UPDATE SET overrides_json = excluded.overrides_json, updated_at = excluded.updated_at',
      )
      .run(orgId, JSON.stringify(overrides), at);
  }

  // ---- sources ----

  hasSource(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM brand_sources WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** Write the file first (atomically), then the row: a row always has its file. */
  putSource(ref: AssetRef, data: Buffer, at: number): void {
    this.ensureDirs();
    const file = join(this.sourcesDir, ref.sha256);
    if (!existsSync(file)) {
      writeFileSync(`${file}.tmp`, data);
      renameSync(`${file}.tmp`, file);
    }
    this.db
      .prepare(
        'INSERT OR IGNORE INTO brand_sources (sha256, type, width, height, name, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(ref.sha256, ref.type, ref.width, ref.height, ref.name, data.length, at);
  }

  readSource(sha256: string): Promise<Buffer> {
    return readFile(join(this.sourcesDir, sha256));
  }

  // ---- renditions (the compiler's cache) ----

  lookup(cacheKey: string): Rendition | undefined {
    const r = this.db
      .prepare<
        [string],
        {
          cache_key: string;
          role: string;
          profile: Rendition['profile'];
          format: Rendition['format'];
          file: string;
          sha256: string;
          width: number;
          height: number;
          type: string;
          bytes: number;
        }
      >('SELECT * FROM brand_renditions WHERE cache_key = ?')
      .get(cacheKey);
    if (!r || !existsSync(join(this.assetsDir, r.file))) return undefined;
    return {
      cacheKey: r.cache_key,
      role: r.role,
      profile: r.profile,
      format: r.format,
      file: r.file,
      sha256: r.sha256,
      width: r.width,
      height: r.height,
      type: r.type,
      bytes: r.bytes,
    };
  }

  async save(r: Rendition, data: Buffer): Promise<void> {
    this.ensureDirs();
    const file = join(this.assetsDir, r.file);
    await writeFile(`${file}.tmp`, data);
    await rename(`${file}.tmp`, file);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO brand_renditions (cache_key, role, profile, format, file, sha256, width, height, type, bytes)
         VALUES (@cacheKey, @role, @profile, @format, @file, @sha256, @width, @height, @type, @bytes)`,
      )
      .run(r);
  }

  /** A rendition by its public file name, for serving. */
  asset(file: string): { path: string; sha256: string; type: string } | undefined {
    const r = this.db
      .prepare<[string], { sha256: string; type: string }>('SELECT sha256, type FROM brand_renditions WHERE file = ?')
      .get(file);
    return r ? { path: join(this.assetsDir, file), sha256: r.sha256, type: r.type } : undefined;
  }

  // ---- releases ----

  releaseByHash(hash: string): ReleaseRow | undefined {
    const r = this.db.prepare<[string], ReleaseDbRow>('SELECT * FROM brand_releases WHERE hash = ?').get(hash);
    return r ? toRelease(r) : undefined;
  }

  release(id: string): (ReleaseRow & { content: ReleaseContent }) | undefined {
    const r = this.db.prepare<[string], ReleaseDbRow>('SELECT * FROM brand_releases WHERE id = ?').get(id);
    return r ? { ...toRelease(r), content: releaseContentSchema.parse(JSON.parse(r.content_json)) } : undefined;
  }

  insertRelease(row: ReleaseRow, content: ReleaseContent): void {
    const seq =
      this.db.prepare<[], { n: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM brand_releases').get()?.n ?? 1;
    this.db
      .prepare(
        'INSERT INTO brand_releases (id, city_id, hash, content_json, note, created_at, created_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.cityId, row.hash, JSON.stringify(content), row.note, row.createdAt, row.createdBy, seq);
  }

  /** Newest first. */
  releases(cityId: string, limit: number): ReleaseRow[] {
    return this.db
      .prepare<[string, number], ReleaseDbRow>(
        'SELECT id, city_id, hash, note, created_at, created_by FROM brand_releases WHERE city_id = ? ORDER BY seq DESC LIMIT ?',
      )
      .all(cityId, limit)
      .map(toRelease);
  }

  latestRelease(cityId: string): ReleaseRow | undefined {
    return this.releases(cityId, 1)[0];
  }

  rollbackTarget(cityId: string): string | undefined {
    return this.db
      .prepare<[string], { release_id: string }>('SELECT release_id FROM brand_rollback_targets WHERE city_id = ?')
      .get(cityId)?.release_id;
  }

  setRollbackTarget(cityId: string, releaseId: string, by: string, at: number): void {
    this.db
      .prepare(
        'INSERT INTO brand_rollback_targets (city_id, release_id, marked_at, marked_by) VALUES (?, ?, ?, ?) ON CONFLICT(city_id) DO UPDATE SET release_id = excluded.release_id, marked_at = excluded.marked_at, marked_by = excluded.marked_by',
      )
      .run(cityId, releaseId, at, by);
  }
}
