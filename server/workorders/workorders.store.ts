/** SQL for work orders, their history, comments and photos. */
import { z } from 'zod';
import type { Db, Migration } from '../db/database.js';
import { SEVERITIES } from '../../config/alarm-rules.js';

export const workordersMigrations: Migration[] = [
  {
    id: 'workorders-001-orders',
    up: `
      CREATE TABLE work_orders (
        id TEXT PRIMARY KEY,
        site_id TEXT NOT NULL,
        site_path TEXT NOT NULL,
        device_id TEXT,
        asset_id TEXT,
        alarm_id TEXT,
        fault_key TEXT,
        origin TEXT NOT NULL,
        pm_schedule_id TEXT,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        assignee_kind TEXT,
        assignee TEXT,
        created_at INTEGER NOT NULL,
        fault_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        resolved_at INTEGER,
        verified_at INTEGER,
        verified_by TEXT,
        reopened_count INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX work_orders_site ON work_orders(site_path, created_at);
      CREATE INDEX work_orders_key ON work_orders(fault_key, created_at);
      CREATE INDEX work_orders_status ON work_orders(status);
      CREATE TABLE work_order_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL REFERENCES work_orders(id),
        at INTEGER NOT NULL,
        event TEXT NOT NULL,
        actor TEXT NOT NULL,
        comment TEXT
      );
      CREATE INDEX work_order_events_order ON work_order_events(order_id, id);
      CREATE TABLE work_order_photos (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES work_orders(id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
      CREATE INDEX work_order_photos_order ON work_order_photos(order_id);
    `,
  },
];

export const WO_STATUSES = ['open', 'assigned', 'in_progress', 'on_hold', 'resolved', 'verified', 'reopened'] as const;
export type WorkOrderStatus = (typeof WO_STATUSES)[number];
export const WO_ORIGINS = ['alarm', 'manual', 'pm'] as const;
export const ASSIGNEE_KINDS = ['technician', 'contractor'] as const;

export const workOrderSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  sitePath: z.string(),
  deviceId: z.string().nullable(),
  assetId: z.string().nullable(),
  alarmId: z.string().nullable(),
  faultKey: z.string().nullable(),
  origin: z.enum(WO_ORIGINS),
  pmScheduleId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(WO_STATUSES),
  assigneeKind: z.enum(ASSIGNEE_KINDS).nullable(),
  assignee: z.string().nullable(),
  createdAt: z.number(),
  faultAt: z.number(),
  dueAt: z.number(),
  resolvedAt: z.number().nullable(),
  verifiedAt: z.number().nullable(),
  verifiedBy: z.string().nullable(),
  reopenedCount: z.number(),
  updatedAt: z.number(),
});
export type WorkOrder = z.infer<typeof workOrderSchema>;

const COLS: [keyof WorkOrder, string][] = [
  ['id', 'id'],
  ['siteId', 'site_id'],
  ['sitePath', 'site_path'],
  ['deviceId', 'device_id'],
  ['assetId', 'asset_id'],
  ['alarmId', 'alarm_id'],
  ['faultKey', 'fault_key'],
  ['origin', 'origin'],
  ['pmScheduleId', 'pm_schedule_id'],
  ['title', 'title'],
  ['description', 'description'],
  ['severity', 'severity'],
  ['status', 'status'],
  ['assigneeKind', 'assignee_kind'],
  ['assignee', 'assignee'],
  ['createdAt', 'created_at'],
  ['faultAt', 'fault_at'],
  ['dueAt', 'due_at'],
  ['resolvedAt', 'resolved_at'],
  ['verifiedAt', 'verified_at'],
  ['verifiedBy', 'verified_by'],
  ['reopenedCount', 'reopened_count'],
  ['updatedAt', 'updated_at'],
];
const SELECT = `SELECT ${COLS.map(([k, c]) => `${c} AS ${k}`).join(', ')} FROM work_orders`;

export interface WorkOrderFilter {
  scopePaths: readonly string[];
  sitePath?: string | undefined;
  statuses?: readonly WorkOrderStatus[] | undefined;
  deviceId?: string | undefined;
  limit: number;
}

export interface WorkOrderEvent {
  at: number;
  event: string;
  actor: string;
  comment: string | null;
}

export class WorkOrdersStore {
  constructor(private readonly db: Db) {}

  private parse = (r: unknown): WorkOrder => workOrderSchema.parse(r);

  get(id: string): WorkOrder | undefined {
    const r = this.db.prepare(`${SELECT} WHERE id = ?`).get(id);
    return r === undefined ? undefined : this.parse(r);
  }

  latestByKey(faultKey: string): WorkOrder | undefined {
    const r = this.db.prepare(`${SELECT} WHERE fault_key = ? ORDER BY created_at DESC LIMIT 1`).get(faultKey);
    return r === undefined ? undefined : this.parse(r);
  }

  openFromAlarms(): WorkOrder[] {
    return this.db.prepare(`${SELECT} WHERE origin = 'alarm' AND status <> 'verified'`).all().map(this.parse);
  }

  openForSchedule(scheduleId: string): WorkOrder | undefined {
    const r = this.db
      .prepare(`${SELECT} WHERE pm_schedule_id = ? AND status NOT IN ('resolved', 'verified') LIMIT 1`)
      .get(scheduleId);
    return r === undefined ? undefined : this.parse(r);
  }

  insert(w: WorkOrder): void {
    this.db
      .prepare(
        `INSERT INTO work_orders (${COLS.map(([, c]) => c).join(', ')}) VALUES (${COLS.map(([k]) => `@${k}`).join(', ')})`,
      )
      .run({ ...w });
  }

  update(w: WorkOrder): void {
    this.db
      .prepare(
        `UPDATE work_orders SET ${COLS.filter(([k]) => k !== 'id')
          .map(([k, c]) => `${c} = @${k}`)
          .join(', ')} WHERE id = @id`,
      )
      .run({ ...w });
  }

  list(f: WorkOrderFilter): WorkOrder[] {
    if (f.scopePaths.length === 0) return [];
    const where = [`(${f.scopePaths.map(() => 'site_path LIKE ?').join(' OR ')})`];
    const args: (string | number)[] = f.scopePaths.map((p) => `${p}%`);
    if (f.sitePath) {
      where.push('site_path LIKE ?');
      args.push(`${f.sitePath}%`);
    }
    if (f.deviceId) {
      where.push('device_id = ?');
      args.push(f.deviceId);
    }
    if (f.statuses?.length) {
      where.push(`status IN (${f.statuses.map(() => '?').join(', ')})`);
      args.push(...f.statuses);
    }
    args.push(f.limit);
    return this.db
      .prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ?`)
      .all(...args)
      .map(this.parse);
  }

  /** Every order created before `to` and not verified before `from` (for SLA and backlog reports). */
  overlapping(from: number, to: number, siteId?: string): WorkOrder[] {
    const args: (string | number)[] = [to, from];
    let sql = `${SELECT} WHERE created_at < ? AND (verified_at IS NULL OR verified_at >= ?)`;
    if (siteId !== undefined) {
      sql += ' AND site_id = ?';
      args.push(siteId);
    }
    return this.db
      .prepare(sql)
      .all(...args)
      .map(this.parse);
  }

  addEvent(orderId: string, at: number, event: string, actor: string, comment: string | null): void {
    this.db
      .prepare('INSERT INTO work_order_events (order_id, at, event, actor, comment) VALUES (?, ?, ?, ?, ?)')
      .run(orderId, at, event, actor, comment);
  }

  events(orderId: string): WorkOrderEvent[] {
    return z
      .array(z.object({ at: z.number(), event: z.string(), actor: z.string(), comment: z.string().nullable() }))
      .parse(
        this.db
          .prepare('SELECT at, event, actor, comment FROM work_order_events WHERE order_id = ? ORDER BY id')
          .all(orderId),
      );
  }

  addPhoto(p: {
    id: string;
    orderId: string;
    at: number;
    actor: string;
    width: number;
    height: number;
    sha256: string;
    bytes: Buffer;
  }): void {
    this.db
      .prepare(
        'INSERT INTO work_order_photos (id, order_id, at, actor, width, height, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(p.id, p.orderId, p.at, p.actor, p.width, p.height, p.sha256, p.bytes);
  }

  photos(orderId: string): { id: string; at: number; actor: string; width: number; height: number; sha256: string }[] {
    return z
      .array(
        z.object({
          id: z.string(),
          at: z.number(),
          actor: z.string(),
          width: z.number(),
          height: z.number(),
          sha256: z.string(),
        }),
      )
      .parse(
        this.db
          .prepare('SELECT id, at, actor, width, height, sha256 FROM work_order_photos WHERE order_id = ? ORDER BY at')
          .all(orderId),
      );
  }

  photoBytes(orderId: string, photoId: string): Buffer | undefined {
    const r = this.db
      .prepare<[string, string], { bytes: Buffer }>('SELECT bytes FROM work_order_photos WHERE order_id = ? AND id = ?')
      .get(orderId, photoId);
    return r?.bytes;
  }
}
