/** SQL for procedure records: one row per code, the record as JSON parsed back with its schema. */
import type { Db, Migration } from '../db/database.js';
import { toJson } from '../db/database.js';
import { procedureSchema, type Procedure } from './procedures.schemas.js';

export const procedureMigrations: Migration[] = [
  {
    id: 'procedures-001-records',
    up: `
      CREATE TABLE procedures (
        code TEXT PRIMARY KEY,
        org_id TEXT NOT NULL REFERENCES org_units(id),
        org_path TEXT NOT NULL,
        field TEXT NOT NULL,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        data_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX procedures_org ON procedures(org_path);
      CREATE INDEX procedures_field ON procedures(field);
    `,
  },
];

interface Row {
  data_json: string;
}

export interface ProcedureFilter {
  field?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export class ProcedureStore {
  constructor(private readonly db: Db) {}

  get(code: string): Procedure | undefined {
    const row = this.db.prepare<[string], Row>('SELECT data_json FROM procedures WHERE code = ?').get(code);
    return row ? procedureSchema.parse(JSON.parse(row.data_json)) : undefined;
  }

  getMany(codes: readonly string[]): Map<string, Procedure> {
    const out = new Map<string, Procedure>();
    if (codes.length === 0) return out;
    const rows = this.db
      .prepare<string[], Row>(`SELECT data_json FROM procedures WHERE code IN (${codes.map(() => '?').join(',')})`)
      .all(...codes);
    for (const r of rows) {
      const p = procedureSchema.parse(JSON.parse(r.data_json));
      out.set(p.code, p);
    }
    return out;
  }

  list(f: ProcedureFilter): { items: Procedure[]; total: number } {
    const where: string[] = ['1=1'];
    const params: Record<string, string | number> = { limit: f.limit, offset: f.offset };
    if (f.field !== undefined) {
      where.push('field = @field');
      params['field'] = f.field;
    }
    if (f.q !== undefined) {
      where.push(`(name LIKE @q OR code LIKE @q)`);
      params['q'] = `%${f.q.replace(/[%_]/g, '')}%`;
    }
    const total =
      this.db
        .prepare<Record<string, string | number>, { n: number }>(
          `SELECT COUNT(*) AS n FROM procedures WHERE ${where.join(' AND ')}`,
        )
        .get(params)?.n ?? 0;
    const items = this.db
      .prepare<Record<string, string | number>, Row>(
        `SELECT data_json FROM procedures WHERE ${where.join(' AND ')} ORDER BY field, code LIMIT @limit OFFSET @offset`,
      )
      .all(params)
      .map((r) => procedureSchema.parse(JSON.parse(r.data_json)));
    return { items, total };
  }

  upsert(p: Procedure, orgPath: string): void {
    this.db
      .prepare(
        `INSERT INTO procedures (code, org_id, org_path, field, name, version, data_json, created_at, updated_at)
         VALUES (@code, @orgId, @orgPath, @field, @name, @version, @data, @createdAt, @updatedAt)
         ON CONFLICT(code) DO UPDATE SET org_id = excluded.org_id, org_path = excluded.org_path, field = excluded.field,
           name = excluded.name, version = excluded.version, data_json = excluded.data_json, updated_at = excluded.updated_at`,
      )
      .run({
        code: p.code,
        orgId: p.orgId,
        orgPath,
        field: p.field.vi,
        name: p.name.vi,
        version: p.version,
        data: toJson(p),
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      });
  }

  delete(code: string): void {
    this.db.prepare('DELETE FROM procedures WHERE code = ?').run(code);
  }

  countUnder(orgPath: string): number {
    return (
      this.db
        .prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM procedures WHERE org_path LIKE ? || '%'`)
        .get(orgPath)?.n ?? 0
    );
  }

  countAt(orgId: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM procedures WHERE org_id = ?').get(orgId)?.n ??
      0
    );
  }
}
