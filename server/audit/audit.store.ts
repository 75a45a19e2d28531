/**
 * The audit log: append-only, enforced by the database itself (triggers refuse UPDATE and
 * DELETE), so no route, bug or script can rewrite who changed what.
 */
import type { Db, Migration } from '../db/database.js';

export interface Actor {
  kind: 'user' | 'system' | 'screen' | 'device';
  id: string;
  name?: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: 'HCPV' };

export interface AuditInput {
  actor: Actor;
  /** Verb in `feature.verb` form, e.g. `org.create`, `notice.approve`. */
  action: string;
  entity: string;
  entityId: string;
  /** The org unit the change belongs to (for scoped reading). */
  orgId: string | null;
  orgPath: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: { kind: Actor['kind']; id: string; name: string | null };
  action: string;
  entity: string;
  entityId: string;
  orgId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface AuditQuery {
  /** Only entries under one of these org paths (the reader's scope). Empty → nothing. */
  scopePaths: readonly string[];
  orgPath?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Cursor: entries with id below this. */
  beforeId?: number | undefined;
  limit: number;
}

export const auditMigrations: Migration[] = [
  {
    id: 'audit-001-log',
    up: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        org_id TEXT,
        org_path TEXT,
        before_json TEXT,
        after_json TEXT,
        request_id TEXT
      );
      CREATE INDEX audit_log_org ON audit_log(org_path, id);
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `,
  },
];

interface Row {
  id: number;
  at: number;
  actor_kind: Actor['kind'];
  actor_id: string;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  org_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export class AuditStore {
  private readonly insert;
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, entity, entity_id, org_id, org_path, before_json, after_json, request_id)
       VALUES (@at, @actorKind, @actorId, @actorName, @action, @entity, @entityId, @orgId, @orgPath, @before, @after, @requestId)`,
    );
  }

  /** Record one change. Call inside the same transaction as the change itself. */
  record(e: AuditInput): void {
    this.insert.run({
      at: this.now(),
      actorKind: e.actor.kind,
      actorId: e.actor.id,
      actorName: e.actor.name ?? null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      orgId: e.orgId,
      orgPath: e.orgPath,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      requestId: e.actor.requestId ?? null,
    });
  }

  query(q: AuditQuery): AuditEntry[] {
    if (q.scopePaths.length === 0) return [];
    const where: string[] = [`(${q.scopePaths.map((_, i) => `org_path LIKE @scope${i} || '%'`).join(' OR ')})`];
    const params: Record<string, string | number> = { limit: q.limit };
    q.scopePaths.forEach((p, i) => (params[`scope${i}`] = p));
    const add = (cond: string, key: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(cond);
      params[key] = value;
    };
    add(`org_path LIKE @orgPath || '%'`, 'orgPath', q.orgPath);
    add('entity = @entity', 'entity', q.entity);
    add('entity_id = @entityId', 'entityId', q.entityId);
    add('action = @action', 'action', q.action);
    add('actor_id = @actorId', 'actorId', q.actorId);
    add('at >= @from', 'from', q.from);
    add('at < @to', 'to', q.to);
    add('id < @beforeId', 'beforeId', q.beforeId);
    const rows = this.db
      .prepare<Record<string, string | number>, Row>(
        `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @limit`,
      )
      .all(params);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      orgId: r.org_id,
      before: parse(r.before_json),
      after: parse(r.after_json),
      requestId: r.request_id,
    }));
  }
}
