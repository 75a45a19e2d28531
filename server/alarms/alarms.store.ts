/** SQL for alarms and their history. One open alarm per (source, type) is enforced by a partial unique index. */
import type { Db, Migration } from '../db/database.js';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../config/alarm-rules.js';
import { DEVICE_TYPES, type DeviceType } from '../../devices/device-types.js';

export const alarmsMigrations: Migration[] = [
  {
    id: 'alarms-001-alarms',
    up: `
      CREATE TABLE alarms (
        id TEXT PRIMARY KEY,
        source_id TEXT NOT NULL,
        type TEXT NOT NULL,
        site_id TEXT NOT NULL,
        site_path TEXT NOT NULL,
        device_id TEXT,
        device_type TEXT,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        value REAL,
        active INTEGER NOT NULL,
        acked INTEGER NOT NULL DEFAULT 0,
        closed INTEGER NOT NULL DEFAULT 0,
        occurrences INTEGER NOT NULL DEFAULT 1,
        raised_at INTEGER NOT NULL,
        cleared_at INTEGER,
        acked_at INTEGER,
        acked_by TEXT,
        ack_comment TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX alarms_one_open ON alarms(source_id, type) WHERE closed = 0;
      CREATE INDEX alarms_site ON alarms(site_path, raised_at);
      CREATE TABLE alarm_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alarm_id TEXT NOT NULL REFERENCES alarms(id),
        at INTEGER NOT NULL,
        event TEXT NOT NULL,
        actor TEXT,
        comment TEXT
      );
      CREATE INDEX alarm_events_alarm ON alarm_events(alarm_id, id);
      CREATE TABLE alarm_rules (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rules TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
    `,
  },
];

export const ALARM_STATES = ['active-unacked', 'active-acked', 'cleared-unacked', 'cleared-acked'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export const ALARM_EVENTS = ['raised', 'reactivated', 'acked', 'cleared', 'closed'] as const;
export type AlarmEventKind = (typeof ALARM_EVENTS)[number];

export interface Alarm {
  id: string;
  sourceId: string;
  type: string;
  siteId: string;
  sitePath: string;
  deviceId: string | null;
  deviceType: DeviceType | null;
  severity: Severity;
  message: string;
  value: number | null;
  state: AlarmState;
  occurrences: number;
  raisedAt: number;
  clearedAt: number | null;
  ackedAt: number | null;
  ackedBy: string | null;
  ackComment: string | null;
  updatedAt: number;
}

export interface AlarmEvent {
  id: number;
  alarmId: string;
  at: number;
  event: AlarmEventKind;
  actor: string | null;
  comment: string | null;
}

interface Row {
  id: string;
  source_id: string;
  type: string;
  site_id: string;
  site_path: string;
  device_id: string | null;
  device_type: string | null;
  severity: string;
  message: string;
  value: number | null;
  active: number;
  acked: number;
  occurrences: number;
  raised_at: number;
  cleared_at: number | null;
  acked_at: number | null;
  acked_by: string | null;
  ack_comment: string | null;
  updated_at: number;
}

const deviceTypeSchema = z.enum(DEVICE_TYPES);
const severitySchema = z.enum(SEVERITIES);
const eventSchema = z.enum(ALARM_EVENTS);

const stateOf = (r: Row): AlarmState =>
  r.active ? (r.acked ? 'active-acked' : 'active-unacked') : r.acked ? 'cleared-acked' : 'cleared-unacked';

function toAlarm(r: Row): Alarm {
  return {
    id: r.id,
    sourceId: r.source_id,
    type: r.type,
    siteId: r.site_id,
    sitePath: r.site_path,
    deviceId: r.device_id,
    deviceType: r.device_type === null ? null : deviceTypeSchema.parse(r.device_type),
    severity: severitySchema.parse(r.severity),
    message: r.message,
    value: r.value,
    state: stateOf(r),
    occurrences: r.occurrences,
    raisedAt: r.raised_at,
    clearedAt: r.cleared_at,
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
    ackComment: r.ack_comment,
    updatedAt: r.updated_at,
  };
}

export interface AlarmFilter {
  scopePaths: readonly string[];
  sitePath?: string | undefined;
  states?: readonly AlarmState[] | undefined;
  deviceId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
}

export class AlarmsStore {
  constructor(private readonly db: Db) {}

  get(id: string): Alarm | undefined {
    const r = this.db.prepare<[string], Row>('SELECT * FROM alarms WHERE id = ?').get(id);
    return r && toAlarm(r);
  }

  open(sourceId: string, type: string): Alarm | undefined {
    const r = this.db
      .prepare<[string, string], Row>('SELECT * FROM alarms WHERE source_id = ? AND type = ? AND closed = 0')
      .get(sourceId, type);
    return r && toAlarm(r);
  }

  insert(a: Alarm): void {
    this.db
      .prepare(
        `INSERT INTO alarms (id, source_id, type, site_id, site_path, device_id, device_type, severity, message, value,
           active, acked, closed, occurrences, raised_at, updated_at)
         VALUES (@id, @sourceId, @type, @siteId, @sitePath, @deviceId, @deviceType, @severity, @message, @value, 1, 0, 0, 1, @raisedAt, @updatedAt)`,
      )
      .run({ ...a });
  }

  reactivate(id: string, severity: Severity, message: string, value: number | null, now: number): void {
    this.db
      .prepare(
        `UPDATE alarms SET active = 1, acked = 0, cleared_at = NULL, occurrences = occurrences + 1,
           severity = ?, message = ?, value = ?, updated_at = ? WHERE id = ?`,
      )
      .run(severity, message, value, now, id);
  }

  clear(id: string, now: number): void {
    this.db
      .prepare('UPDATE alarms SET active = 0, cleared_at = ?, closed = acked, updated_at = ? WHERE id = ?')
      .run(now, now, id);
  }

  ack(id: string, by: string, comment: string, now: number): void {
    this.db
      .prepare(
        `UPDATE alarms SET acked = 1, acked_at = ?, acked_by = ?, ack_comment = ?, closed = 1 - active, updated_at = ?
         WHERE id = ?`,
      )
      .run(now, by, comment, now, id);
  }

  addEvent(alarmId: string, at: number, event: AlarmEventKind, actor: string | null, comment: string | null): void {
    this.db
      .prepare('INSERT INTO alarm_events (alarm_id, at, event, actor, comment) VALUES (?, ?, ?, ?, ?)')
      .run(alarmId, at, event, actor, comment);
  }

  events(alarmId: string): AlarmEvent[] {
    return this.db
      .prepare<
        [string],
        { id: number; alarm_id: string; at: number; event: string; actor: string | null; comment: string | null }
      >('SELECT * FROM alarm_events WHERE alarm_id = ? ORDER BY id')
      .all(alarmId)
      .map((r) => ({
        id: r.id,
        alarmId: r.alarm_id,
        at: r.at,
        event: eventSchema.parse(r.event),
        actor: r.actor,
        comment: r.comment,
      }));
  }

  list(f: AlarmFilter): Alarm[] {
    if (f.scopePaths.length === 0) return [];
    const where: string[] = [`(${f.scopePaths.map(() => 'site_path LIKE ?').join(' OR ')})`];
    const args: (string | number)[] = f.scopePaths.map((p) => `${p}%`);
    if (f.sitePath) {
      where.push('site_path LIKE ?');
      args.push(`${f.sitePath}%`);
    }
    if (f.deviceId) {
      where.push('device_id = ?');
      args.push(f.deviceId);
    }
    if (f.from !== undefined) {
      where.push('raised_at >= ?');
      args.push(f.from);
    }
    if (f.to !== undefined) {
      where.push('raised_at < ?');
      args.push(f.to);
    }
    if (f.states?.length) {
      const conds = f.states.map((s) => {
        const [a, k] = s.split('-');
        return `(active = ${a === 'active' ? 1 : 0} AND acked = ${k === 'acked' ? 1 : 0})`;
      });
      where.push(`(${conds.join(' OR ')})`);
    }
    args.push(f.limit);
    return this.db
      .prepare<(string | number)[], Row>(
        `SELECT * FROM alarms WHERE ${where.join(' AND ')} ORDER BY raised_at DESC LIMIT ?`,
      )
      .all(...args)
      .map(toAlarm);
  }

  savedRules(): string | undefined {
    return this.db.prepare<[], { rules: string }>('SELECT rules FROM alarm_rules WHERE id = 1').get()?.rules;
  }

  saveRules(json: string, by: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO alarm_rules (id, rules, updated_at, updated_by) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(json, now, by);
  }
}
