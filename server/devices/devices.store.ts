/** SQL for the device registry and the ingest quarantine. */
import type { Db, Migration } from '../db/database.js';
import type { DeviceType, QuarantineReason } from '../../devices/contract.js';
import type { QuarantineEntry } from '../../devices/ingest-types.js';
import type { Device, QuarantineRow } from './devices.schemas.js';

export const devicesMigrations: Migration[] = [
  {
    id: 'devices-001-registry',
    up: `
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        site_id TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        pos_x REAL NOT NULL,
        pos_y REAL NOT NULL,
        counter INTEGER,
        model TEXT NOT NULL,
        serial TEXT,
        installed_on TEXT NOT NULL,
        vendor TEXT NOT NULL,
        warranty_end TEXT,
        secret_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'decommissioned')),
        secret_rotated_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX devices_site ON devices(site_id, type);
      CREATE TABLE device_quarantine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        reason TEXT NOT NULL,
        topic TEXT NOT NULL,
        device_id TEXT,
        site_id TEXT,
        payload TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX device_quarantine_site ON device_quarantine(site_id, id);
      CREATE TABLE device_quarantine_counts (reason TEXT PRIMARY KEY, count INTEGER NOT NULL);
    `,
  },
  {
    // Quarantine rows and counts by the site of the registered device they name, so each reader
    // sees only their own sites' (the topic's site is whatever the sender wrote). Counts of rows
    // already pruned cannot be attributed any more: they go to unknown devices ('').
    id: 'devices-002-quarantine-by-owner-site',
    up: `
      ALTER TABLE device_quarantine ADD COLUMN owner_site_id TEXT;
      UPDATE device_quarantine
        SET owner_site_id = (SELECT d.site_id FROM devices d WHERE d.id = device_quarantine.device_id);
      CREATE INDEX device_quarantine_owner ON device_quarantine(owner_site_id, id);
      CREATE TABLE device_quarantine_site_counts (
        site_key TEXT NOT NULL,
        reason TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (site_key, reason)
      ) WITHOUT ROWID;
      INSERT INTO device_quarantine_site_counts (site_key, reason, count)
        SELECT coalesce(owner_site_id, ''), reason, count(*) FROM device_quarantine GROUP BY 1, 2;
      INSERT INTO device_quarantine_site_counts (site_key, reason, count)
        SELECT '', c.reason, c.count - (SELECT count(*) FROM device_quarantine q WHERE q.reason = c.reason)
        FROM device_quarantine_counts c
        WHERE c.count > (SELECT count(*) FROM device_quarantine q WHERE q.reason = c.reason)
        ON CONFLICT (site_key, reason) DO UPDATE SET count = count + excluded.count;
      DROP TABLE device_quarantine_counts;
    `,
  },
];

/**
 * Which quarantine rows a reader sees: those of devices registered at `siteIds` (every site
 * with `'all'`), and with `includeUnknownSite` those naming no registered device, which belong
 * to no unit (city-wide readers only).
 */
export interface QuarantineScope {
  siteIds: readonly string[] | 'all';
  includeUnknownSite: boolean;
}

/**
 * The WHERE condition (and its parameters) of a scope over an owner-site column `col`, whose
 * rows of unknown devices are those matching `unknown` (`col IS NULL`, or `col = ''`).
 */
function scopeWhere(scope: QuarantineScope, col: string, unknown: string): { sql: string; params: string[] } {
  if (scope.siteIds === 'all') return { sql: scope.includeUnknownSite ? '1' : `NOT (${unknown})`, params: [] };
  const ors: string[] = [];
  if (scope.siteIds.length) ors.push(`${col} IN (${scope.siteIds.map(() => '?').join(',')})`);
  if (scope.includeUnknownSite) ors.push(unknown);
  return { sql: ors.length ? `(${ors.join(' OR ')})` : '0', params: [...scope.siteIds] };
}

interface Row {
  id: string;
  type: DeviceType;
  site_id: string;
  zone_id: string;
  pos_x: number;
  pos_y: number;
  counter: number | null;
  model: string;
  serial: string | null;
  installed_on: string;
  vendor: string;
  warranty_end: string | null;
  secret_hash: string;
  status: Device['status'];
  secret_rotated_at: number;
  created_at: number;
  updated_at: number;
}

const toDevice = (r: Row): Device => ({
  id: r.id,
  type: r.type,
  siteId: r.site_id,
  zoneId: r.zone_id,
  position: { x: r.pos_x, y: r.pos_y },
  counter: r.counter,
  model: r.model,
  serial: r.serial,
  installedOn: r.installed_on,
  vendor: r.vendor,
  warrantyEnd: r.warranty_end,
  status: r.status,
  secretRotatedAt: r.secret_rotated_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Quarantine rows kept; older ones are pruned (counts are kept forever). */
const QUARANTINE_KEEP = 100_000;

export class DevicesStore {
  constructor(private readonly db: Db) {}

  get(id: string): Device | undefined {
    const r = this.db.prepare<[string], Row>('SELECT * FROM devices WHERE id = ?').get(id);
    return r && toDevice(r);
  }

  secretHash(id: string): string | undefined {
    return this.db.prepare<[string], { secret_hash: string }>('SELECT secret_hash FROM devices WHERE id = ?').get(id)
      ?.secret_hash;
  }

  /** Devices at sites whose id is in `siteIds` (all when undefined). */
  list(f: {
    siteIds?: readonly string[];
    type?: DeviceType | undefined;
    status?: Device['status'] | undefined;
  }): Device[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (f.siteIds) {
      if (f.siteIds.length === 0) return [];
      where.push(`site_id IN (${f.siteIds.map(() => '?').join(',')})`);
      params.push(...f.siteIds);
    }
    if (f.type) {
      where.push('type = ?');
      params.push(f.type);
    }
    if (f.status) {
      where.push('status = ?');
      params.push(f.status);
    }
    return this.db
      .prepare<(string | number)[], Row>(
        `SELECT * FROM devices ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY site_id, id`,
      )
      .all(...params)
      .map(toDevice);
  }

  countAtSite(siteId: string): number {
    return (
      this.db
        .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM devices WHERE site_id = ? AND status = 'active'`)
        .get(siteId)?.n ?? 0
    );
  }

  insert(d: Device, secretHash: string): void {
    this.db
      .prepare(
        `INSERT INTO devices (id, type, site_id, zone_id, pos_x, pos_y, counter, model, serial, installed_on, vendor, warranty_end,
           secret_hash, status, secret_rotated_at, created_at, updated_at)
         VALUES (@id, @type, @siteId, @zoneId, @x, @y, @counter, @model, @serial, @installedOn, @vendor, @warrantyEnd,
           @secretHash, @status, @secretRotatedAt, @createdAt, @updatedAt)`,
      )
      .run({ ...d, x: d.position.x, y: d.position.y, secretHash });
  }

  setSecret(id: string, secretHash: string, at: number): void {
    this.db
      .prepare('UPDATE devices SET secret_hash = ?, secret_rotated_at = ?, updated_at = ? WHERE id = ?')
      .run(secretHash, at, at, id);
  }

  setStatus(id: string, status: Device['status'], at: number): void {
    this.db.prepare('UPDATE devices SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }

  addQuarantine(entries: readonly QuarantineEntry[]): void {
    const ins = this.db.prepare(
      `INSERT INTO device_quarantine (at, reason, topic, device_id, site_id, owner_site_id, payload, detail)
       VALUES (@at, @reason, @topic, @deviceId, @siteId, @ownerSiteId, @payload, @detail)`,
    );
    const count = this.db.prepare(
      `INSERT INTO device_quarantine_site_counts (site_key, reason, count) VALUES (?, ?, ?)
       ON CONFLICT (site_key, reason) DO UPDATE SET count = count + excluded.count`,
    );
    this.db.transaction(() => {
      const per = new Map<string, number>();
      for (const e of entries) {
        ins.run(e);
        const key = `${e.ownerSiteId ?? ''}\u0000${e.reason}`;
        per.set(key, (per.get(key) ?? 0) + 1);
      }
      for (const [key, n] of per) {
        const [site = '', reason = ''] = key.split('\u0000');
        count.run(site, reason, n);
      }
      this.db
        .prepare('DELETE FROM device_quarantine WHERE id <= (SELECT max(id) FROM device_quarantine) - ?')
        .run(QUARANTINE_KEEP);
    })();
  }

  /** Rows in a reader's scope, newest first. */
  quarantine(
    f: QuarantineScope & { reason?: QuarantineReason | undefined; beforeId?: number | undefined; limit: number },
  ): QuarantineRow[] {
    const scope = scopeWhere(f, 'owner_site_id', 'owner_site_id IS NULL');
    const where = [scope.sql];
    const params: (string | number)[] = [...scope.params];
    if (f.reason) {
      where.push('reason = ?');
      params.push(f.reason);
    }
    if (f.beforeId !== undefined) {
      where.push('id < ?');
      params.push(f.beforeId);
    }
    params.push(f.limit);
    return this.db
      .prepare<
        (string | number)[],
        {
          id: number;
          at: number;
          reason: QuarantineReason;
          topic: string;
          device_id: string | null;
          site_id: string | null;
          payload: string;
          detail: string;
        }
      >(
        `SELECT id, at, reason, topic, device_id, site_id, payload, detail FROM device_quarantine
         WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params)
      .map((r) => ({
        id: r.id,
        at: r.at,
        reason: r.reason,
        topic: r.topic,
        deviceId: r.device_id,
        siteId: r.site_id,
        payload: r.payload,
        detail: r.detail,
      }));
  }

  /** Quarantined messages per reason since the start (kept when rows are pruned), in a scope (all by default). */
  quarantineCounts(scope: QuarantineScope = { siteIds: 'all', includeUnknownSite: true }): Record<string, number> {
    const w = scopeWhere(scope, 'site_key', "site_key = ''");
    const rows = this.db
      .prepare<string[], { reason: string; count: number }>(
        `SELECT reason, sum(count) AS count FROM device_quarantine_site_counts WHERE ${w.sql} GROUP BY reason`,
      )
      .all(...w.params);
    return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
  }
}
