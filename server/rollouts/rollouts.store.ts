/** SQL for rollouts and their per-screen targets. */
import { z } from 'zod';
import type { Db, Migration } from '../db/database.js';
import { toJson } from '../db/database.js';
import { lazy } from '../db/lazy.js';

export const rolloutsMigrations: Migration[] = [
  {
    id: 'rollouts-001-rollouts',
    up: `
      CREATE TABLE rollouts (
        id TEXT PRIMARY KEY,
        release_id TEXT NOT NULL,
        org_id TEXT NOT NULL,
        org_path TEXT NOT NULL,
        target TEXT NOT NULL,
        canary TEXT NOT NULL,
        status TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX rollouts_path ON rollouts(org_path);
      CREATE TABLE rollout_targets (
        rollout_id TEXT NOT NULL REFERENCES rollouts(id) ON DELETE CASCADE,
        screen_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        prev_release_id TEXT,
        state TEXT NOT NULL,
        error TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (rollout_id, screen_id)
      );
      CREATE INDEX rollout_targets_screen ON rollout_targets(screen_id, state);
      CREATE INDEX rollout_targets_state ON rollout_targets(rollout_id, stage, state);
      CREATE INDEX rollout_targets_open ON rollout_targets(rollout_id, state);
    `,
  },
  {
    // Open targets and their counts are kept in memory now (open-targets.ts): these two indexes
    // only made every target state change rewrite two more index entries.
    id: 'rollouts-002-drop-state-indexes',
    up: `
      DROP INDEX rollout_targets_state;
      DROP INDEX rollout_targets_open;
    `,
  },
  {
    // Every ack of a rollout's screen changes its target's state: with the state in this index
    // each change also moved an index entry, a second random page written per ack (measured:
    // 10,000 acks wrote 71 MB of WAL against 32 MB without it). Lookups by screen (supersede)
    // need only the screen id: a screen has a handful of targets.
    id: 'rollouts-003-screen-index-without-state',
    up: `
      DROP INDEX rollout_targets_screen;
      CREATE INDEX rollout_targets_by_screen ON rollout_targets(screen_id);
    `,
  },
  {
    // The target-state journal (see RolloutsStore.logState): appended per ack, folded in bulk.
    id: 'rollouts-004-target-journal',
    up: `
      CREATE TABLE rollout_target_log (
        seq INTEGER PRIMARY KEY,
        rollout_id TEXT NOT NULL,
        screen_id TEXT NOT NULL,
        state TEXT NOT NULL,
        error TEXT,
        at INTEGER NOT NULL
      );
    `,
  },
];

import { ROLLOUT_STATUSES, type RolloutStatus } from './rollouts.schemas.js';
export { ROLLOUT_STATUSES, type RolloutStatus };
/**
 * waiting: held back until the canary passes; assigned → acked | failed. `delivered` (manifest
 * fetched) is derived from the screen's served release and no longer written (older rows may have it).
 */
export const TARGET_STATES = [
  'waiting',
  'assigned',
  'delivered',
  'acked',
  'failed',
  'superseded',
  'cancelled',
] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export const rolloutTargetSpecSchema = z.object({
  orgId: z.string(),
  units: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  screenIds: z.array(z.string()).optional(),
});
export type RolloutTargetSpec = z.infer<typeof rolloutTargetSpecSchema>;

export interface RolloutRecord {
  id: string;
  releaseId: string;
  orgId: string;
  orgPath: string;
  target: RolloutTargetSpec;
  canary: string[];
  status: RolloutStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface RolloutRow {
  id: string;
  release_id: string;
  org_id: string;
  org_path: string;
  target: string;
  canary: string;
  status: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface TargetRow {
  rollout_id: string;
  screen_id: string;
  stage: 'canary' | 'rest';
  prev_release_id: string | null;
  state: TargetState;
  error: string | null;
}

// Built once: toRecord runs on every ack of a rollout's screens.
const canarySchema = z.array(z.string());
const statusSchema = z.enum(ROLLOUT_STATUSES);

const toRecord = (r: RolloutRow): RolloutRecord => ({
  id: r.id,
  releaseId: r.release_id,
  orgId: r.org_id,
  orgPath: r.org_path,
  target: rolloutTargetSpecSchema.parse(JSON.parse(r.target)),
  canary: canarySchema.parse(JSON.parse(r.canary)),
  status: statusSchema.parse(r.status),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class RolloutsStore {
  private readonly getStmt = lazy(() => this.db.prepare<[string], RolloutRow>('SELECT * FROM rollouts WHERE id = ?'));
  private readonly stateStmt = lazy(() =>
    this.db.prepare<[TargetState, string | null, number, string, string]>(
      'UPDATE rollout_targets SET state = ?, error = ?, updated_at = ? WHERE rollout_id = ? AND screen_id = ?',
    ),
  );

  private readonly logStmt = lazy(() =>
    this.db.prepare<[string, string, TargetState, string | null, number]>(
      'INSERT INTO rollout_target_log (rollout_id, screen_id, state, error, at) VALUES (?, ?, ?, ?, ?)',
    ),
  );
  // Per target, the journal's latest row, in one statement.
  private readonly foldStmt = lazy(() =>
    this.db.prepare(
      `UPDATE rollout_targets SET state = l.state, error = l.error, updated_at = l.at
       FROM (SELECT j.* FROM rollout_target_log j JOIN
               (SELECT MAX(seq) AS seq FROM rollout_target_log GROUP BY rollout_id, screen_id) t ON j.seq = t.seq) l
       WHERE rollout_targets.rollout_id = l.rollout_id AND rollout_targets.screen_id = l.screen_id`,
    ),
  );
  private readonly clearLogStmt = lazy(() => this.db.prepare('DELETE FROM rollout_target_log'));
  /** Whether the journal may hold rows (true at start: a process may have stopped before folding). */
  private journalDirty = true;

  constructor(private readonly db: Db) {}

  /**
   * A target's state after its screen's ack, appended to the journal instead of updating the
   * target's row: a release makes every screen of a city ack within seconds, and an UPDATE per
   * ack dirtied a random page of `rollout_targets` each. Durable with the ack's batch; `fold`
   * moves it into the row. Every other read and write of targets here folds first, so none sees
   * the journal out of order.
   */
  logState(rolloutId: string, screenId: string, state: TargetState, error: string | null, now: number): void {
    this.logStmt().run(rolloutId, screenId, state, error, now);
    this.journalDirty = true;
  }

  /** Fold the journal into the targets (in one transaction; nested in the caller's if any). */
  fold(): void {
    if (!this.journalDirty) return;
    this.db.transaction(() => {
      this.foldStmt().run();
      this.clearLogStmt().run();
    })();
    this.journalDirty = false;
  }

  /** After a rolled-back transaction the journal may hold rows again (a fold was undone). */
  journalMayHoldRows(): void {
    this.journalDirty = true;
  }

  insert(r: RolloutRecord, targets: readonly TargetRow[]): void {
    this.fold();
    this.db
      .prepare(
        'INSERT INTO rollouts (id, release_id, org_id, org_path, target, canary, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        r.id,
        r.releaseId,
        r.orgId,
        r.orgPath,
        toJson(r.target),
        toJson(r.canary),
        r.status,
        r.createdBy,
        r.createdAt,
        r.updatedAt,
      );
    const stmt = this.db.prepare(
      'INSERT INTO rollout_targets (rollout_id, screen_id, stage, prev_release_id, state, error, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
    );
    for (const t of targets) stmt.run(t.rollout_id, t.screen_id, t.stage, t.prev_release_id, t.state, r.createdAt);
  }
  get(id: string): RolloutRecord | undefined {
    const r = this.getStmt().get(id);
    return r && toRecord(r);
  }
  list(under: readonly string[]): RolloutRecord[] {
    if (under.length === 0) return [];
    const where = under.map(() => "org_path LIKE ? || '%'").join(' OR ');
    return this.db
      .prepare<string[], RolloutRow>(`SELECT * FROM rollouts WHERE ${where} ORDER BY created_at DESC LIMIT 200`)
      .all(...under)
      .map(toRecord);
  }
  setStatus(id: string, status: RolloutStatus, now: number): void {
    this.db.prepare('UPDATE rollouts SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
  }
  targets(id: string): TargetRow[] {
    this.fold();
    return this.db
      .prepare<[string], TargetRow>(
        'SELECT rollout_id, screen_id, stage, prev_release_id, state, error FROM rollout_targets WHERE rollout_id = ?',
      )
      .all(id);
  }
  setState(
    rolloutId: string,
    screenIds: readonly string[],
    state: TargetState,
    error: string | null,
    now: number,
  ): void {
    this.fold();
    const stmt = this.stateStmt();
    for (const s of screenIds) stmt.run(state, error, now, rolloutId, s);
  }
  /** Older open targets of the same screens yield to a new rollout. */
  supersede(screenIds: readonly string[], now: number): void {
    this.fold();
    // One statement for the lot (a city-wide rollout names 10,000 screens).
    this.db
      .prepare(
        `UPDATE rollout_targets SET state = 'superseded', updated_at = ?
         WHERE screen_id IN (SELECT value FROM json_each(?)) AND state IN ('waiting', 'assigned', 'delivered')`,
      )
      .run(now, toJson(screenIds));
  }
}
