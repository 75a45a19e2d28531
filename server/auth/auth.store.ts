/** SQL for users, role grants, sessions and login failures. */
import type { Db, Migration } from '../db/database.js';
import type { Role } from './roles.js';
import type { Grant } from './authorize.js';

export const authMigrations: Migration[] = [
  {
    id: 'auth-001-users',
    up: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        home_org_id TEXT NOT NULL REFERENCES org_units(id),
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE role_grants (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        org_id TEXT NOT NULL REFERENCES org_units(id),
        PRIMARY KEY (user_id, role, org_id)
      );
      CREATE INDEX role_grants_org ON role_grants(org_id);
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX login_failures_key ON login_failures(key, at);
    `,
  },
];

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  home_org_id: string;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export class AuthStore {
  constructor(private readonly db: Db) {}

  userById(id: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
  }

  userByName(username: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username);
  }

  usersUnder(scopePaths: readonly string[]): UserRow[] {
    if (scopePaths.length === 0) return [];
    return this.db
      .prepare<string[], UserRow>(
        `SELECT u.* FROM users u JOIN org_units o ON o.id = u.home_org_id
         WHERE ${scopePaths.map(() => `o.path LIKE ? || '%'`).join(' OR ')} ORDER BY u.username`,
      )
      .all(...scopePaths);
  }

  countUsers(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n ?? 0;
  }

  insertUser(u: UserRow): void {
    this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, password_hash, home_org_id, disabled, created_at, updated_at)
         VALUES (@id, @username, @display_name, @password_hash, @home_org_id, @disabled, @created_at, @updated_at)`,
      )
      .run(u);
  }

  updateUser(u: UserRow): void {
    this.db
      .prepare(
        `UPDATE users SET display_name = @display_name, password_hash = @password_hash, disabled = @disabled, updated_at = @updated_at WHERE id = @id`,
      )
      .run(u);
  }

  grants(userId: string): Grant[] {
    return this.db
      .prepare<[string], { role: Role; org_id: string; path: string }>(
        `SELECT g.role, g.org_id, o.path FROM role_grants g JOIN org_units o ON o.id = g.org_id WHERE g.user_id = ? ORDER BY o.path, g.role`,
      )
      .all(userId)
      .map((r) => ({ role: r.role, orgId: r.org_id, orgPath: r.path }));
  }

  replaceGrants(userId: string, grants: readonly { role: Role; orgId: string }[]): void {
    this.db.prepare('DELETE FROM role_grants WHERE user_id = ?').run(userId);
    const ins = this.db.prepare('INSERT OR IGNORE INTO role_grants (user_id, role, org_id) VALUES (?, ?, ?)');
    for (const g of grants) ins.run(userId, g.role, g.orgId);
  }

  grantsOnOrg(orgId: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM role_grants WHERE org_id = ?').get(orgId)
        ?.n ?? 0
    );
  }

  usersHomedAt(orgId: string): number {
    return (
      this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM users WHERE home_org_id = ?').get(orgId)?.n ??
      0
    );
  }

  insertSession(tokenHash: string, userId: string, at: number, expiresAt: number): void {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash, userId, at, expiresAt);
  }

  session(tokenHash: string): { user_id: string; expires_at: number } | undefined {
    return this.db
      .prepare<[string], { user_id: string; expires_at: number }>(
        'SELECT user_id, expires_at FROM sessions WHERE token_hash = ?',
      )
      .get(tokenHash);
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteSessionsOf(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  purgeExpired(now: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }

  recordFailure(key: string, at: number): void {
    this.db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, at);
  }

  /** Failures for `key` since `since`, oldest first. */
  failuresSince(key: string, since: number): number[] {
    return this.db
      .prepare<[string, number], { at: number }>('SELECT at FROM login_failures WHERE key = ? AND at >= ? ORDER BY at')
      .all(key, since)
      .map((r) => r.at);
  }

  clearFailures(key: string): void {
    this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }
}
