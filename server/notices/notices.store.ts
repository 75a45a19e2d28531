/** SQL for notice revisions: one row per (notice, revision), content as JSON, the rest indexed. */
import type { Db, Migration } from '../db/database.js';
import { toJson } from '../db/database.js';
import { lazy } from '../db/lazy.js';
import { noticeSchema, type Notice, type NoticeStatus } from './notices.schemas.js';

export const noticeMigrations: Migration[] = [
  {
    id: 'notices-001-revisions',
    up: `
      CREATE TABLE notice_revisions (
        notice_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        org_id TEXT NOT NULL REFERENCES org_units(id),
        org_path TEXT NOT NULL,
        codes TEXT NOT NULL,
        valid_from INTEGER NOT NULL,
        valid_to INTEGER,
        data_json TEXT NOT NULL,
        PRIMARY KEY (notice_id, revision)
      );
      CREATE INDEX notice_revisions_live ON notice_revisions(status, org_path);
      CREATE INDEX notice_revisions_org ON notice_revisions(org_path, notice_id);
    `,
  },
];

interface Row {
  data_json: string;
  org_path: string;
}

const parse = (r: Row): Notice => noticeSchema.parse(JSON.parse(r.data_json));

export class NoticeStore {
  // Prepared once: every screen's manifest part asks it (per site, zone and profile).
  private readonly coveringStmt = lazy(() =>
    this.db.prepare<{ path: string; at: number }, Row>(
      `SELECT data_json, org_path FROM notice_revisions
       WHERE status = 'published' AND @path LIKE org_path || '%'
         AND valid_from <= @at AND (valid_to IS NULL OR valid_to > @at)`,
    ),
  );

  constructor(private readonly db: Db) {}

  revisions(noticeId: string): Notice[] {
    return this.db
      .prepare<[string], Row>('SELECT data_json, org_path FROM notice_revisions WHERE notice_id = ? ORDER BY revision')
      .all(noticeId)
      .map(parse);
  }

  put(n: Notice, orgPath: string): void {
    this.db
      .prepare(
        `INSERT INTO notice_revisions (notice_id, revision, status, org_id, org_path, codes, valid_from, valid_to, data_json)
         VALUES (@id, @revision, @status, @orgId, @orgPath, @codes, @validFrom, @validTo, @data)
         ON CONFLICT(notice_id, revision) DO UPDATE SET status = excluded.status, org_id = excluded.org_id, org_path = excluded.org_path,
           codes = excluded.codes, valid_from = excluded.valid_from, valid_to = excluded.valid_to, data_json = excluded.data_json`,
      )
      .run({
        id: n.id,
        revision: n.revision,
        status: n.status,
        orgId: n.target.orgId,
        orgPath,
        codes: `,${n.procedureCodes.join(',')},`,
        validFrom: n.validFrom,
        validTo: n.validTo,
        data: toJson(n),
      });
  }

  /** Latest revision of every notice whose unit lies under one of `scopePaths`. */
  latestInScope(scopePaths: readonly string[], status: NoticeStatus | undefined, limit: number): Notice[] {
    if (scopePaths.length === 0) return [];
    const params: Record<string, string | number> = { limit };
    scopePaths.forEach((p, i) => (params[`s${i}`] = p));
    const scope = scopePaths.map((_, i) => `r.org_path LIKE @s${i} || '%'`).join(' OR ');
    let statusCond = '';
    if (status !== undefined) {
      statusCond = 'AND r.status = @status';
      params['status'] = status;
    }
    return this.db
      .prepare<Record<string, string | number>, Row>(
        `SELECT r.data_json, r.org_path FROM notice_revisions r
         WHERE (${scope}) ${statusCond}
           AND r.revision = (SELECT MAX(revision) FROM notice_revisions x WHERE x.notice_id = r.notice_id)
         ORDER BY r.valid_from DESC, r.notice_id LIMIT @limit`,
      )
      .all(params)
      .map(parse);
  }

  /** Published revisions whose subtree holds the unit at `path`, in their window at `at`. */
  publishedCovering(path: string, at: number): Notice[] {
    return this.coveringStmt().all({ path, at }).map(parse);
  }

  /** Published revisions whose subtree holds `path` and that are not over by `at` (for the next change). */
  publishedNotOver(path: string, at: number): Notice[] {
    return this.db
      .prepare<{ path: string; at: number }, Row>(
        `SELECT data_json, org_path FROM notice_revisions
         WHERE status = 'published' AND @path LIKE org_path || '%' AND (valid_to IS NULL OR valid_to > @at)`,
      )
      .all({ path, at })
      .map(parse);
  }

  /** Org paths of published notices showing any of these procedure codes. */
  publishedPathsWithCodes(codes: readonly string[]): string[] {
    if (codes.length === 0) return [];
    const rows = this.db
      .prepare<string[], { org_path: string }>(
        `SELECT DISTINCT org_path FROM notice_revisions WHERE status = 'published' AND (${codes.map(() => `codes LIKE ?`).join(' OR ')})`,
      )
      .all(...codes.map((c) => `%,${c},%`));
    return rows.map((r) => r.org_path);
  }

  countAt(orgId: string): number {
    return (
      this.db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(DISTINCT notice_id) AS n FROM notice_revisions WHERE org_id = ?',
        )
        .get(orgId)?.n ?? 0
    );
  }
}
