/** SQL for assets, their usage counters and preventive-maintenance schedules. */
import { z } from 'zod';
import type { Db, Migration } from '../db/database.js';
import { SEVERITIES } from '../../config/alarm-rules.js';

export const maintenanceMigrations: Migration[] = [
  {
    id: 'maintenance-001-assets-pm',
    up: `
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        site_path TEXT NOT NULL,
        zone_id TEXT,
        device_id TEXT UNIQUE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        model TEXT NOT NULL,
        vendor TEXT NOT NULL,
        contractor TEXT,
        installed_on TEXT NOT NULL,
        warranty_end TEXT,
        status TEXT NOT NULL DEFAULT 'active',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX assets_site ON assets(site_path);
      CREATE TABLE asset_usage (
        asset_id TEXT PRIMARY KEY REFERENCES assets(id),
        tickets INTEGER NOT NULL DEFAULT 0,
        on_ms INTEGER NOT NULL DEFAULT 0,
        on_since INTEGER
      );
      CREATE TABLE pm_schedules (
        id TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL REFERENCES assets(id),
        title TEXT NOT NULL,
        unit TEXT NOT NULL,
        every INTEGER NOT NULL,
        lead INTEGER NOT NULL,
        severity TEXT NOT NULL,
        next_due_at INTEGER,
        next_due_usage REAL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX pm_schedules_asset ON pm_schedules(asset_id);
    `,
  },
];

export const ASSET_STATUSES = ['active', 'retired'] as const;
export const assetSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  sitePath: z.string(),
  zoneId: z.string().nullable(),
  deviceId: z.string().nullable(),
  kind: z.string(),
  name: z.string(),
  model: z.string(),
  vendor: z.string(),
  contractor: z.string().nullable(),
  installedOn: z.string(),
  warrantyEnd: z.string().nullable(),
  status: z.enum(ASSET_STATUSES),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Asset = z.infer<typeof assetSchema>;

export const PM_CALENDAR_UNITS = ['day', 'week', 'month'] as const;
export const PM_USAGE_UNITS = ['tickets', 'hours_on'] as const;
export const PM_UNITS = [...PM_CALENDAR_UNITS, ...PM_USAGE_UNITS] as const;
export type PmUnit = (typeof PM_UNITS)[number];

export const pmScheduleSchema = z.object({
  id: z.string(),
  assetId: z.string(),
  title: z.string(),
  unit: z.enum(PM_UNITS),
  every: z.number(),
  /** Days ahead for calendar schedules; units of usage ahead for usage schedules. */
  lead: z.number(),
  severity: z.enum(SEVERITIES),
  nextDueAt: z.number().nullable(),
  nextDueUsage: z.number().nullable(),
  active: z.number().transform((n) => n === 1),
  createdAt: z.number(),
});
export type PmSchedule = z.infer<typeof pmScheduleSchema>;

const ASSET_COLS: [keyof Asset, string][] = [
  ['id', 'id'],
  ['siteId', 'site_id'],
  ['sitePath', 'site_path'],
  ['zoneId', 'zone_id'],
  ['deviceId', 'device_id'],
  ['kind', 'kind'],
  ['name', 'name'],
  ['model', 'model'],
  ['vendor', 'vendor'],
  ['contractor', 'contractor'],
  ['installedOn', 'installed_on'],
  ['warrantyEnd', 'warranty_end'],
  ['status', 'status'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
];
const ASSET_SELECT = `SELECT ${ASSET_COLS.map(([k, c]) => `${c} AS ${k}`).join(', ')} FROM assets`;
const PM_SELECT =
  'SELECT id, asset_id AS assetId, title, unit, every, lead, severity, next_due_at AS nextDueAt, next_due_usage AS nextDueUsage, active, created_at AS createdAt FROM pm_schedules';

export class MaintenanceStore {
  constructor(private readonly db: Db) {}

  private asset = (r: unknown): Asset => assetSchema.parse(r);
  private schedule = (r: unknown): PmSchedule => pmScheduleSchema.parse(r);

  getAsset(id: string): Asset | undefined {
    const r = this.db.prepare(`${ASSET_SELECT} WHERE id = ?`).get(id);
    return r === undefined ? undefined : this.asset(r);
  }

  assetByDevice(deviceId: string): Asset | undefined {
    const r = this.db.prepare(`${ASSET_SELECT} WHERE device_id = ?`).get(deviceId);
    return r === undefined ? undefined : this.asset(r);
  }

  assets(f: { scopePaths: readonly string[]; sitePath?: string | undefined; siteId?: string | undefined }): Asset[] {
    if (f.scopePaths.length === 0) return [];
    const where = [`(${f.scopePaths.map(() => 'site_path LIKE ?').join(' OR ')})`, "status = 'active'"];
    const args: string[] = f.scopePaths.map((p) => `${p}%`);
    if (f.sitePath) {
      where.push('site_path LIKE ?');
      args.push(`${f.sitePath}%`);
    }
    if (f.siteId) {
      where.push('site_id = ?');
      args.push(f.siteId);
    }
    return this.db
      .prepare(`${ASSET_SELECT} WHERE ${where.join(' AND ')} ORDER BY site_id, kind, id`)
      .all(...args)
      .map(this.asset);
  }

  upsertAsset(a: Asset): void {
    const cols = ASSET_COLS.map(([, c]) => c).join(', ');
    const vals = ASSET_COLS.map(([k]) => `@${k}`).join(', ');
    const set = ASSET_COLS.filter(([k]) => k !== 'id' && k !== 'createdAt')
      .map(([, c]) => `${c} = excluded.${c}`)
      .join(', ');
    this.db.prepare(`INSERT INTO assets (${cols}) VALUES (${vals}) ON CONFLICT(id) DO UPDATE SET ${set}`).run({ ...a });
  }

  usage(assetId: string): { tickets: number; onMs: number; onSince: number | null } {
    const r = this.db
      .prepare<[string], { tickets: number; on_ms: number; on_since: number | null }>(
        'SELECT tickets, on_ms, on_since FROM asset_usage WHERE asset_id = ?',
      )
      .get(assetId);
    return { tickets: r?.tickets ?? 0, onMs: r?.on_ms ?? 0, onSince: r?.on_since ?? null };
  }

  setUsage(assetId: string, u: { tickets: number; onMs: number; onSince: number | null }): void {
    this.db
      .prepare(
        `INSERT INTO asset_usage (asset_id, tickets, on_ms, on_since) VALUES (?, ?, ?, ?)
         ON CONFLICT(asset_id) DO UPDATE SET tickets = excluded.tickets, on_ms = excluded.on_ms, on_since = excluded.on_since`,
      )
      .run(assetId, u.tickets, u.onMs, u.onSince);
  }

  insertSchedule(s: PmSchedule): void {
    this.db
      .prepare(
        `INSERT INTO pm_schedules (id, asset_id, title, unit, every, lead, severity, next_due_at, next_due_usage, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.id,
        s.assetId,
        s.title,
        s.unit,
        s.every,
        s.lead,
        s.severity,
        s.nextDueAt,
        s.nextDueUsage,
        s.active ? 1 : 0,
        s.createdAt,
      );
  }

  advanceSchedule(id: string, nextDueAt: number | null, nextDueUsage: number | null): void {
    this.db
      .prepare('UPDATE pm_schedules SET next_due_at = ?, next_due_usage = ? WHERE id = ?')
      .run(nextDueAt, nextDueUsage, id);
  }

  getSchedule(id: string): PmSchedule | undefined {
    const r = this.db.prepare(`${PM_SELECT} WHERE id = ?`).get(id);
    return r === undefined ? undefined : this.schedule(r);
  }

  schedules(assetId?: string): PmSchedule[] {
    return (
      assetId === undefined
        ? this.db.prepare(`${PM_SELECT} WHERE active = 1`).all()
        : this.db.prepare(`${PM_SELECT} WHERE asset_id = ?`).all(assetId)
    ).map(this.schedule);
  }
}
