/** SQL for screens, their pairing codes and proof-of-play. */
import type { Db, Migration } from '../db/database.js';
import { toJson } from '../db/database.js';
import { lazy } from '../db/lazy.js';
import { z } from 'zod';
import { screenProfileSchema } from '../../displays/shared/protocol.js';
import { SCREEN_PROFILES, type ScreenProfile } from '../../brand-kit/profiles.js';

export const screensMigrations: Migration[] = [
  {
    id: 'screens-001-screens',
    up: `
      CREATE TABLE screen_pairings (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        poll_secret_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        screen_id TEXT,
        claimed_at INTEGER
      );
      CREATE INDEX screen_pairings_code ON screen_pairings(code);
      CREATE TABLE screens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES org_units(id),
        site_path TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        profile TEXT NOT NULL,
        counter INTEGER,
        tags TEXT NOT NULL DEFAULT '[]',
        token_hash TEXT UNIQUE,
        status TEXT NOT NULL,
        release_id TEXT,
        served_hash TEXT,
        served_release TEXT,
        shown_hash TEXT,
        shown_release TEXT,
        acked_at INTEGER,
        last_seen INTEGER,
        uptime_s REAL,
        memory_mb REAL,
        last_errors TEXT NOT NULL DEFAULT '[]',
        error_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX screens_site ON screens(site_id);
      CREATE INDEX screens_path ON screens(site_path);
      CREATE TABLE screen_plays (
        screen_id TEXT NOT NULL REFERENCES screens(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        hash TEXT,
        started_at INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX screen_plays_screen ON screen_plays(screen_id, started_at);
    `,
  },
  {
    // The ack journal (see ScreensStore.acked): appended per ack, folded into `screens` in bulk.
    id: 'screens-002-ack-journal',
    up: `
      CREATE TABLE screen_acks (
        seq INTEGER PRIMARY KEY,
        screen_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        release_id TEXT,
        errors TEXT NOT NULL,
        error_count INTEGER NOT NULL,
        at INTEGER NOT NULL,
        has_served INTEGER NOT NULL,
        served_hash TEXT,
        served_release TEXT
      );
    `,
  },
];

import { SCREEN_STATUSES, type ScreenStatus } from './screen-statuses.js';

export { SCREEN_STATUSES, type ScreenStatus };

export interface ScreenRecord {
  id: string;
  name: string;
  siteId: string;
  sitePath: string;
  zoneId: string;
  profile: ScreenProfile;
  counter: number | null;
  tags: string[];
  status: ScreenStatus;
  releaseId: string | null;
  servedHash: string | null;
  servedRelease: string | null;
  shownHash: string | null;
  shownRelease: string | null;
  ackedAt: number | null;
  lastSeen: number | null;
  uptimeS: number | null;
  memoryMb: number | null;
  lastErrors: string[];
  errorCount: number;
  createdAt: number;
  updatedAt: number;
}

interface ScreenRow {
  id: string;
  name: string;
  site_id: string;
  site_path: string;
  zone_id: string;
  profile: string;
  counter: number | null;
  tags: string;
  token_hash: string | null;
  status: string;
  release_id: string | null;
  served_hash: string | null;
  served_release: string | null;
  shown_hash: string | null;
  shown_release: string | null;
  acked_at: number | null;
  last_seen: number | null;
  uptime_s: number | null;
  memory_mb: number | null;
  last_errors: string;
  error_count: number;
  created_at: number;
  updated_at: number;
}

const strings = z.array(z.string());
// Every write to `screens` goes through this store, which keeps the cache right (see `authCache`);
// the TTL only bounds a write made behind its back (another process, a manual SQL fix). Long
// enough that screens heartbeating every minute or so stay cached between releases.
const AUTH_CACHE_TTL_MS = 5 * 60_000;
const AUTH_CACHE_MAX = 100_000;
// Built once: building a zod schema per row cost more than the query (every screen request reads one).
const statusSchema = z.enum(SCREEN_STATUSES);
// Rows are checked on the way out, but a rollout to a city reads 10,000 of them at once: plain
// checks for the common case (valid), zod only to word the error when one is not.
const PROFILES: ReadonlySet<string> = new Set(SCREEN_PROFILES);
const STATUSES: ReadonlySet<string> = new Set(SCREEN_STATUSES);
const profileOf = (v: string): ScreenProfile => (PROFILES.has(v) ? (v as ScreenProfile) : screenProfileSchema.parse(v));
const statusOf = (v: string): ScreenStatus => (STATUSES.has(v) ? (v as ScreenStatus) : statusSchema.parse(v));
function stringsOf(json: string): string[] {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : strings.parse(v);
}

function toRecord(r: ScreenRow): ScreenRecord {
  return {
    id: r.id,
    name: r.name,
    siteId: r.site_id,
    sitePath: r.site_path,
    zoneId: r.zone_id,
    profile: profileOf(r.profile),
    counter: r.counter,
    tags: stringsOf(r.tags),
    status: statusOf(r.status),
    releaseId: r.release_id,
    servedHash: r.served_hash,
    servedRelease: r.served_release,
    shownHash: r.shown_hash,
    shownRelease: r.shown_release,
    ackedAt: r.acked_at,
    lastSeen: r.last_seen,
    uptimeS: r.uptime_s,
    memoryMb: r.memory_mb,
    lastErrors: stringsOf(r.last_errors),
    errorCount: r.error_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface PendingServed {
  hash: string;
  releaseId: string | null;
  at: number;
}

/** A screen's acks in the journal, not yet folded into its row: the latest, and their error count. */
interface PendingAck {
  hash: string;
  releaseId: string | null;
  errors: string[];
  /** Errors of every unfolded ack (added to the row's error_count by the fold). */
  errorCount: number;
  at: number;
  /** What the screen was served, when an unfolded ack carries it (the latest such). */
  served: { hash: string; releaseId: string | null } | null;
}

interface JournalRow {
  screen_id: string;
  hash: string;
  release_id: string | null;
  errors: string;
  error_count: number;
  at: number;
  has_served: number;
  served_hash: string | null;
  served_release: string | null;
}

export interface PairingRow {
  id: string;
  code: string;
  poll_secret_hash: string;
  created_at: number;
  expires_at: number;
  screen_id: string | null;
  claimed_at: number | null;
}

/** A screen as a rollout target. */
export interface TargetScreen {
  id: string;
  siteId: string;
  releaseId: string | null;
  tags: string[];
}

export interface NewScreen {
  id: string;
  name: string;
  siteId: string;
  sitePath: string;
  zoneId: string;
  profile: ScreenProfile;
  counter: number | null;
  tags: string[];
}

export class ScreensStore {
  private readonly getStmt = lazy(() => this.db.prepare<[string], ScreenRow>('SELECT * FROM screens WHERE id = ?'));
  private readonly byTokenStmt = lazy(() =>
    this.db.prepare<[string], ScreenRow>('SELECT * FROM screens WHERE token_hash = ?'),
  );
  private readonly servedStmt = lazy(() =>
    this.db.prepare<[string, string | null, number, string]>(
      'UPDATE screens SET served_hash = ?, served_release = ?, last_seen = ? WHERE id = ?',
    ),
  );
  private readonly journalStmt = lazy(() =>
    this.db.prepare<[string, string, string | null, string, number, number, number, string | null, string | null]>(
      `INSERT INTO screen_acks (screen_id, hash, release_id, errors, error_count, at, has_served, served_hash, served_release)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  );
  // The fold: per screen, the latest journal row and the sum of the error counts, in one statement.
  private readonly foldStmt = lazy(() =>
    this.db.prepare(
      `UPDATE screens SET shown_hash = a.hash, shown_release = a.release_id, acked_at = a.at,
         last_seen = MAX(COALESCE(screens.last_seen, 0), a.at), last_errors = a.errors,
         error_count = screens.error_count + a.n_errors,
         served_hash = CASE WHEN a.has_served THEN a.served_hash ELSE screens.served_hash END,
         served_release = CASE WHEN a.has_served THEN a.served_release ELSE screens.served_release END
       FROM (SELECT j.*, t.n_errors FROM screen_acks j JOIN
               (SELECT MAX(seq) AS seq, SUM(error_count) AS n_errors FROM screen_acks GROUP BY screen_id) t
             ON j.seq = t.seq) a
       WHERE screens.id = a.screen_id`,
    ),
  );
  private readonly clearJournalStmt = lazy(() => this.db.prepare('DELETE FROM screen_acks'));
  private readonly touchStmt = lazy(() =>
    this.db.prepare<[number, string]>('UPDATE screens SET last_seen = ? WHERE id = ?'),
  );
  private readonly releasesStmt = lazy(() =>
    this.db.prepare<[string | null, number, string]>(
      'UPDATE screens SET release_id = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))',
    ),
  );
  private readonly pinStmt = lazy(() =>
    this.db.prepare<[string, number, string]>(
      'UPDATE screens SET release_id = ?, updated_at = ? WHERE id = ? AND release_id IS NULL',
    ),
  );

  /**
   * Screens by token hash, for the hot path (every screen request authenticates). Write-through:
   * this store is the only writer of `screens`; the screen protocol's writes patch the entry
   * (served, acked, touch), every other write drops it (release, token, status, rebind,
   * heartbeat), so a revoked or rotated token stops working at once. Never filled inside a
   * transaction (it could roll back); `dropCache` after a rollback of a patched write. The TTL
   * only bounds the damage of a write this process did not see.
   */
  private readonly authCache = new Map<string, { rec: ScreenRecord; at: number }>();
  private readonly cachedTokenOf = new Map<string, string>();
  /**
   * Manifests served and not yet written (see `served`). Every read of a screen through this
   * store sees them; they are written with the screen's next ack, or by `flushServed`.
   */
  private readonly pendingServed = new Map<string, PendingServed>();
  /** The journal's acks per screen (see `acked`): every read of a screen through this store sees them. */
  private readonly pendingAcks = new Map<string, PendingAck>();

  constructor(private readonly db: Db) {
    this.loadJournal();
  }

  /**
   * Forget every cached screen (after a rolled-back write that had patched one), and re-read the
   * ack journal, whose rolled-back rows are gone.
   */
  dropCache(): void {
    this.authCache.clear();
    this.cachedTokenOf.clear();
    this.loadJournal();
  }

  /** The unfolded acks from the journal (at start: those of a process that stopped before folding). */
  private loadJournal(): void {
    this.pendingAcks.clear();
    const rows = this.db.prepare<[], JournalRow>('SELECT * FROM screen_acks ORDER BY seq').all();
    for (const r of rows) {
      const prev = this.pendingAcks.get(r.screen_id);
      this.pendingAcks.set(r.screen_id, {
        hash: r.hash,
        releaseId: r.release_id,
        errors: stringsOf(r.errors),
        errorCount: (prev?.errorCount ?? 0) + r.error_count,
        at: r.at,
        served: r.has_served ? { hash: r.served_hash ?? '', releaseId: r.served_release } : (prev?.served ?? null),
      });
    }
  }

  /**
   * Fold the ack journal into the screens' rows: one UPDATE for every screen with acks in it,
   * then the journal is emptied, in one transaction. Run every few seconds (with
   * `flushServed`), before the writes and reads that must see acks in the rows, and at start.
   * Returns how many screens it updated.
   */
  foldAcks(): number {
    if (this.pendingAcks.size === 0) return 0;
    const n = this.db.transaction(() => {
      const changed = this.foldStmt().run().changes;
      this.clearJournalStmt().run();
      return changed;
    })();
    this.pendingAcks.clear();
    return n;
  }

  private forget(id: string): void {
    const hash = this.cachedTokenOf.get(id);
    if (hash === undefined) return;
    this.cachedTokenOf.delete(id);
    this.authCache.delete(hash);
  }

  private patch(id: string, fields: (rec: ScreenRecord) => void): void {
    const hash = this.cachedTokenOf.get(id);
    const hit = hash === undefined ? undefined : this.authCache.get(hash);
    if (hit) fields(hit.rec);
  }

  // ── pairing ──
  insertPairing(p: PairingRow): void {
    this.db
      .prepare(
        'INSERT INTO screen_pairings (id, code, poll_secret_hash, created_at, expires_at, screen_id, claimed_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
      )
      .run(p.id, p.code, p.poll_secret_hash, p.created_at, p.expires_at);
  }
  pairing(id: string): PairingRow | undefined {
    return this.db.prepare<[string], PairingRow>('SELECT * FROM screen_pairings WHERE id = ?').get(id);
  }
  openPairingByCode(code: string, now: number): PairingRow | undefined {
    return this.db
      .prepare<[string, number], PairingRow>(
        'SELECT * FROM screen_pairings WHERE code = ? AND expires_at > ? AND screen_id IS NULL',
      )
      .get(code, now);
  }
  countOpenPairings(now: number): number {
    return (
      this.db
        .prepare<[number], { n: number }>('SELECT count(*) AS n FROM screen_pairings WHERE expires_at > ?')
        .get(now)?.n ?? 0
    );
  }
  claimPairing(id: string, screenId: string, now: number): void {
    this.db.prepare('UPDATE screen_pairings SET screen_id = ?, claimed_at = ? WHERE id = ?').run(screenId, now, id);
  }
  deletePairing(id: string): void {
    this.db.prepare('DELETE FROM screen_pairings WHERE id = ?').run(id);
  }
  purgePairings(now: number): void {
    // Claimed pairings stay until picked up or a day past expiry, so a slow screen still gets its token.
    this.db.prepare('DELETE FROM screen_pairings WHERE expires_at < ?').run(now - 86_400_000);
  }

  // ── screens ──
  get(id: string): ScreenRecord | undefined {
    const r = this.getStmt().get(id);
    return r && this.withPending(toRecord(r));
  }

  /** A record read from the database, with what it was served since (not yet written). */
  private withPending(rec: ScreenRecord): ScreenRecord {
    const a = this.pendingAcks.get(rec.id);
    if (a) {
      rec.shownHash = a.hash;
      rec.shownRelease = a.releaseId;
      rec.ackedAt = a.at;
      rec.lastSeen = Math.max(rec.lastSeen ?? 0, a.at);
      rec.lastErrors = [...a.errors];
      rec.errorCount += a.errorCount;
      if (a.served) {
        rec.servedHash = a.served.hash;
        rec.servedRelease = a.served.releaseId;
      }
    }
    const p = this.pendingServed.get(rec.id);
    if (p) {
      rec.servedHash = p.hash;
      rec.servedRelease = p.releaseId;
      rec.lastSeen = Math.max(rec.lastSeen ?? 0, p.at);
    }
    return rec;
  }
  /** Screen id and status behind a token hash (revoked tokens are kept so the screen can be told). */
  byTokenHash(hash: string): ScreenRecord | undefined {
    const now = performance.now();
    const hit = this.authCache.get(hash);
    if (hit && now - hit.at < AUTH_CACHE_TTL_MS) return { ...hit.rec };
    const r = this.byTokenStmt().get(hash);
    const rec = r && this.withPending(toRecord(r));
    if (!rec || this.db.inTransaction) return rec;
    if (this.authCache.size >= AUTH_CACHE_MAX) this.dropCache();
    this.forget(rec.id);
    this.authCache.set(hash, { rec, at: now });
    this.cachedTokenOf.set(rec.id, hash);
    return { ...rec };
  }
  insert(s: NewScreen, tokenHash: string | null, now: number): void {
    this.forget(s.id);
    this.db
      .prepare(
        `INSERT INTO screens (id, name, site_id, site_path, zone_id, profile, counter, tags, token_hash, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
      )
      .run(s.id, s.name, s.siteId, s.sitePath, s.zoneId, s.profile, s.counter, toJson(s.tags), tokenHash, now, now);
  }
  rebind(s: NewScreen, tokenHash: string | null, now: number): void {
    this.forget(s.id);
    this.db
      .prepare(
        `UPDATE screens SET name = ?, site_id = ?, site_path = ?, zone_id = ?, profile = ?, counter = ?, tags = ?, token_hash = ?,
         status = 'active', updated_at = ? WHERE id = ?`,
      )
      .run(s.name, s.siteId, s.sitePath, s.zoneId, s.profile, s.counter, toJson(s.tags), tokenHash, now, s.id);
  }
  setToken(id: string, tokenHash: string | null, now: number): void {
    this.forget(id);
    this.db.prepare('UPDATE screens SET token_hash = ?, updated_at = ? WHERE id = ?').run(tokenHash, now, id);
  }
  setStatus(id: string, status: ScreenStatus, now: number): void {
    this.forget(id);
    this.db.prepare('UPDATE screens SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
  }
  /**
   * Point screens at a release, in one statement (a city-wide rollout names 10,000 screens).
   * The cached screens are patched, not dropped: a release to the whole city would otherwise
   * send every screen's next request to the database. Inside a screen write batch, a rollback
   * drops the cache (`dropCache`).
   */
  /** Point screens at a release, inside the caller's transaction: then `releasesWritten` once it has committed. */
  writeReleases(ids: readonly string[], releaseId: string | null, now: number): void {
    this.releasesStmt().run(releaseId, now, toJson(ids));
  }
  /** The cached screens after a committed `writeReleases`. */
  releasesWritten(ids: readonly string[], releaseId: string | null, now: number): void {
    for (const id of ids) this.patchRelease(id, releaseId, now);
  }
  private patchRelease(id: string, releaseId: string | null, now: number): void {
    this.patch(id, (r) => {
      r.releaseId = releaseId;
      r.updatedAt = now;
    });
  }
  /** Set the release of a screen that has none yet; false when it got one meanwhile. */
  pinRelease(id: string, releaseId: string, now: number): boolean {
    const pinned = this.pinStmt().run(releaseId, now, id).changes > 0;
    if (pinned) this.patchRelease(id, releaseId, now);
    else this.forget(id);
    return pinned;
  }
  /**
   * A manifest was served to the screen. Kept in memory, not written now: a release makes every
   * screen fetch, and the fetch's answer promises nothing about this record (the ack that follows
   * writes it, see `acked`; `flushServed` writes the rest). Lost in a crash only: the screen then
   * refetches when it reconnects, which records it again.
   */
  served(id: string, hash: string, releaseId: string | null, now: number): void {
    this.pendingServed.set(id, { hash, releaseId, at: now });
    this.patch(id, (r) => {
      r.servedHash = hash;
      r.servedRelease = releaseId;
      r.lastSeen = now;
    });
  }
  /**
   * The screen's ack, with what it was served if that is not written yet. Returns that pending
   * record, to pass to `servedWritten` once the transaction has committed.
   *
   * Appended to the ack journal (`screen_acks`), not written to the screen's row: a release makes
   * every screen of the city ack within seconds, and an UPDATE per ack dirtied one page of
   * `screens` each (10,000 acks wrote ~38 MB of WAL, against ~4 MB appended; see
   * server/screens/README.md). The journal row is in the database once the batch commits, so an
   * answered ack is never lost; `foldAcks` moves it into the row, and until then every read
   * through this store sees it (`pendingAcks`).
   */
  acked(
    id: string,
    hash: string,
    releaseId: string | null,
    errors: readonly string[],
    now: number,
  ): PendingServed | undefined {
    const pending = this.pendingServed.get(id);
    const prev = this.pendingAcks.get(id);
    // The journal's latest row per screen carries what the screen was served, so the fold needs no other.
    const served = pending ? { hash: pending.hash, releaseId: pending.releaseId } : (prev?.served ?? null);
    this.journalStmt().run(
      id,
      hash,
      releaseId,
      toJson(errors),
      errors.length,
      now,
      served ? 1 : 0,
      served?.hash ?? null,
      served?.releaseId ?? null,
    );
    this.pendingAcks.set(id, {
      hash,
      releaseId,
      errors: [...errors],
      errorCount: (prev?.errorCount ?? 0) + errors.length,
      at: now,
      served,
    });
    this.patch(id, (r) => {
      r.shownHash = hash;
      r.shownRelease = releaseId;
      r.ackedAt = now;
      r.lastSeen = now;
      r.lastErrors = [...errors];
      r.errorCount += errors.length;
    });
    return pending;
  }

  /** A pending served record is in the database now (unless the screen was served again since). */
  servedWritten(id: string, pending: PendingServed): void {
    if (this.pendingServed.get(id) === pending) this.pendingServed.delete(id);
  }

  /**
   * Write the pending served records (all, or those served before `servedBefore`), in one
   * transaction; returns how many. The periodic flush leaves the youngest to their acks: in a
   * release every screen is served and acks within a second or two, and writing the served
   * record of a screen whose ack is on its way is a second random page write for nothing.
   */
  flushServed(servedBefore = Infinity): number {
    // Acks first: an older ack in the journal must not overwrite a newer served record.
    this.foldAcks();
    if (this.pendingServed.size === 0) return 0;
    const entries = [...this.pendingServed].filter(([, p]) => p.at < servedBefore);
    if (entries.length === 0) return 0;
    const stmt = this.servedStmt();
    this.db.transaction(() => {
      for (const [id, p] of entries) stmt.run(p.hash, p.releaseId, p.at, id);
    })();
    for (const [id, p] of entries) this.servedWritten(id, p);
    return entries.length;
  }
  heartbeat(
    id: string,
    h: { uptimeS: number; memoryMb: number | null; errors: readonly string[]; hash: string | null },
    now: number,
  ): void {
    // A heartbeat's errors replace the ack's: the acks before it are folded first.
    this.foldAcks();
    this.forget(id);
    this.db
      .prepare(
        `UPDATE screens SET uptime_s = ?, memory_mb = ?, last_seen = ?, error_count = error_count + ?,
         last_errors = CASE WHEN ? > 0 THEN ? ELSE last_errors END WHERE id = ?`,
      )
      .run(h.uptimeS, h.memoryMb, now, h.errors.length, h.errors.length, toJson(h.errors), id);
  }
  touch(id: string, now: number): void {
    this.touchStmt().run(now, id);
    this.patch(id, (r) => (r.lastSeen = now));
  }
  list(filter: {
    under?: readonly string[];
    siteId?: string;
    releaseId?: string;
    ids?: readonly string[];
  }): ScreenRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.under) {
      if (filter.under.length === 0) return [];
      where.push(`(${filter.under.map(() => "site_path LIKE ? || '%'").join(' OR ')})`);
      args.push(...filter.under);
    }
    if (filter.siteId) {
      where.push('site_id = ?');
      args.push(filter.siteId);
    }
    if (filter.releaseId) {
      where.push('shown_release = ?');
      args.push(filter.releaseId);
    }
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      where.push(`id IN (SELECT value FROM json_each(?))`);
      args.push(toJson(filter.ids));
    }
    // The filter reads shown_release: acks still in the journal must be in the rows.
    this.foldAcks();
    const sql = `SELECT * FROM screens${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY site_path, id`;
    return this.db
      .prepare<(string | number)[], ScreenRow>(sql)
      .all(...args)
      .map((r) => this.withPending(toRecord(r)));
  }
  /**
   * Active screens under these org paths (optionally only these ids), with just what a rollout
   * needs: a city-wide rollout reads every screen of the city.
   */
  activeTargets(under: readonly string[], ids?: readonly string[]): TargetScreen[] {
    if (under.length === 0 || ids?.length === 0) return [];
    const where = [`status = 'active'`, `(${under.map(() => "site_path LIKE ? || '%'").join(' OR ')})`];
    const args: string[] = [...under];
    if (ids) {
      where.push('id IN (SELECT value FROM json_each(?))');
      args.push(toJson(ids));
    }
    return this.db
      .prepare<string[], { id: string; site_id: string; release_id: string | null; tags: string }>(
        `SELECT id, site_id, release_id, tags FROM screens WHERE ${where.join(' AND ')} ORDER BY site_path, id`,
      )
      .all(...args)
      .map((r) => ({ id: r.id, siteId: r.site_id, releaseId: r.release_id, tags: stringsOf(r.tags) }));
  }
  countAtSite(siteId: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM screens WHERE site_id = ?').get(siteId)?.n ??
      0
    );
  }
  insertPlays(
    screenId: string,
    items: readonly { item: string; hash: string | null; startedAt: number; durationMs: number }[],
    now: number,
  ): void {
    const stmt = this.db.prepare(
      'INSERT INTO screen_plays (screen_id, item, hash, started_at, duration_ms, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const i of items) stmt.run(screenId, i.item, i.hash, i.startedAt, i.durationMs, now);
  }
  plays(
    screenId: string,
    from: number,
    to: number,
  ): { item: string; hash: string | null; startedAt: number; durationMs: number }[] {
    return this.db
      .prepare<[string, number, number], { item: string; hash: string | null; startedAt: number; durationMs: number }>(
        'SELECT item, hash, started_at AS startedAt, duration_ms AS durationMs FROM screen_plays WHERE screen_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at',
      )
      .all(screenId, from, to);
  }
}
