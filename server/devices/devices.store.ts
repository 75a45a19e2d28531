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
];

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
      'INSERT INTO device_quarantine (at, reason, topic, device_id, site_id, payload, detail) VALUES (@at, @reason, @topic, @deviceId, @siteId, @payload, @detail)',
    );
    const count = this.db.prepare(
      'INSERT INTO device_quarantine_counts (reason, count) VALUES (?, ?) ON CONFLICT(reason) DO UPDATE SET count = count + excluded.count',
    );
    this.db.transaction(() => {
      const per = new Map<QuarantineReason, number>();
      for (const e of entries) {
        ins.run(e);
        per.set(e.reason, (per.get(e.reason) ?? 0) + 1);
      }
      for (const [reason, n] of per) count.run(reason, n);
      this.db
        .prepare('DELETE FROM device_quarantine WHERE id <= (SELECT max(id) FROM device_quarantine) - ?')
        .run(QUARANTINE_KEEP);
    })();
  }

  /** Entries at one of `siteIds`; with `includeUnknownSite`, also those whose site is unknown. */
  quarantine(f: {
    siteIds: readonly string[];
    includeUnknownSite: boolean;
    reason?: QuarantineReason | undefined;
    beforeId?: number | undefined;
    limit: number;
  }): QuarantineRow[] {
    const ors: string[] = [];
    const params: (string | number)[] = [];
    if (f.siteIds.length) {
      ors.push(`site_id IN (${f.siteIds.map(() => '?').join(',')})`);
      params.push(...f.siteIds);
    }
    if (f.includeUnknownSite) ors.push('site_id IS NULL OR site_id NOT IN (SELECT id FROM org_units)');
    if (ors.length === 0) return [];
    const where = [`(${ors.join(' OR ')})`];
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
      >(`SELECT * FROM device_quarantine WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
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

  quarantineCounts(): Record<string, number> {
    const rows = this.db
      .prepare<[], { reason: string; count: number }>('SELECT reason, count FROM device_quarantine_counts')
      .all();
    return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
  }
}
