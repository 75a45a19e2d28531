/**
 * The embedded state store: one SQLite file (better-sqlite3) under DATA_DIR.
 * Each feature owns its tables and lists its migrations beside its store; `server/db/schema.ts`
 * collects them in order.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface Migration {
  /** Unique, ordered within its feature, e.g. `org-001-units`. Never edit a shipped migration. */
  id: string;
  up: string | ((db: Db) => void);
}

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Apply every migration not yet applied, each in its own transaction. Returns the ids applied. */
export function migrate(db: Db, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const seen = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM schema_migrations')
      .all()
      .map((r) => r.id),
  );
  const ids = new Set<string>();
  const applied: string[] = [];
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
    if (seen.has(m.id)) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, Date.now());
    })();
    applied.push(m.id);
  }
  return applied;
}

/** JSON column helpers: the store writes JSON text and parses it back with the feature's schema. */
export const toJson = (value: unknown): string => JSON.stringify(value);
