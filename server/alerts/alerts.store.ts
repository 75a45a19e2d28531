/** SQL for alerts: the time columns are indexed, the rest is JSON parsed back with its schema. */
import type { Db, Migration } from '../db/database.js';
import { toJson } from '../db/database.js';
import { lazy } from '../db/lazy.js';
import { alertSchema, type Alert } from './alerts.schemas.js';

export const alertMigrations: Migration[] = [
  {
    id: 'alerts-001-state',
    up: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL, -- no foreign key: alert history outlives a deleted unit
        org_path TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        planned_end_at INTEGER NOT NULL,
        stopped_at INTEGER,
        data_json TEXT NOT NULL
      );
      CREATE INDEX alerts_live ON alerts(planned_end_at, org_path);
    `,
  },
];

interface Row {
  data_json: string;
}

const parse = (r: Row): Alert => alertSchema.parse(JSON.parse(r.data_json));
const ACTIVE = 'started_at <= @at AND planned_end_at > @at AND (stopped_at IS NULL OR stopped_at > @at)';

export class AlertStore {
  // Prepared once: every screen's manifest part asks it (per site).
  private readonly coveringStmt = lazy(() =>
    this.db.prepare<{ path: string; at: number }, Row>(
      `SELECT data_json FROM alerts WHERE @path LIKE org_path || '%' AND ${ACTIVE} ORDER BY started_at DESC`,
    ),
  );

  constructor(private readonly db: Db) {}

  get(id: string): Alert | undefined {
    const r = this.db.prepare<[string], Row>('SELECT data_json FROM alerts WHERE id = ?').get(id);
    return r ? parse(r) : undefined;
  }

  put(a: Alert): void {
    this.db
      .prepare(
        `INSERT INTO alerts (id, org_id, org_path, kind, started_at, planned_end_at, stopped_at, data_json)
         VALUES (@id, @orgId, @orgPath, @kind, @startedAt, @plannedEndAt, @stoppedAt, @data)
         ON CONFLICT(id) DO UPDATE SET stopped_at = excluded.stopped_at, planned_end_at = excluded.planned_end_at, data_json = excluded.data_json`,
      )
      .run({
        id: a.id,
        orgId: a.orgId,
        orgPath: a.orgPath,
        kind: a.kind,
        startedAt: a.startedAt,
        plannedEndAt: a.plannedEndAt,
        stoppedAt: a.stoppedAt,
        data: toJson(a),
      });
  }

  /** Alerts active at `at` whose subtree holds the unit at `path`. */
  activeCovering(path: string, at: number): Alert[] {
    return this.coveringStmt().all({ path, at }).map(parse);
  }

  /** Alerts under one of the scope paths; only those active at `activeAt` when given. */
  list(scopePaths: readonly string[], activeAt: number | undefined, limit: number): Alert[] {
    if (scopePaths.length === 0) return [];
    const params: Record<string, string | number> = { limit };
    scopePaths.forEach((p, i) => (params[`s${i}`] = p));
    let cond = `(${scopePaths.map((_, i) => `org_path LIKE @s${i} || '%'`).join(' OR ')})`;
    if (activeAt !== undefined) {
      cond += ` AND ${ACTIVE}`;
      params['at'] = activeAt;
    }
    return this.db
      .prepare<Record<string, string | number>, Row>(
        `SELECT data_json FROM alerts WHERE ${cond} ORDER BY started_at DESC LIMIT @limit`,
      )
      .all(params)
      .map(parse);
  }

  countAt(orgId: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM alerts WHERE org_id = ?').get(orgId)?.n ?? 0
    );
  }
}
