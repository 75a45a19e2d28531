/** Users, passwords, sessions and throttled login. No Hono types here. */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError, conflict, notFound } from '../core/errors.js';
import { newId, newSecret } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import { AuthStore, type UserRow } from './auth.store.js';
import { isScreenToken } from './token-kinds.js';
import type { UserPrincipal } from './authorize.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { CreateUser, UpdateUser, User } from './auth.schemas.js';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_IP = 30;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface Session {
  token: string;
  expiresAt: number;
  user: User;
}

export class AuthService {
  readonly store: AuthStore;
  // Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {
    this.store = new AuthStore(db);
    org.addDependency((id) => ({
      what: 'users or role grants',
      count: this.store.grantsOnOrg(id) + this.store.usersHomedAt(id),
    }));
  }

  toUser(row: UserRow): User {
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      homeOrgId: row.home_org_id,
      disabled: row.disabled === 1,
      grants: this.store.grants(row.id).map((g) => ({ role: g.role, orgId: g.orgId })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  getUser(id: string): User {
    const row = this.store.userById(id);
    if (!row) throw notFound('User', id);
    return this.toUser(row);
  }

  listUsers(scopePaths: readonly string[]): User[] {
    return this.store.usersUnder(scopePaths).map((r) => this.toUser(r));
  }

  async login(username: string, password: string, ip: string): Promise<Session> {
    const now = this.clock.now();
    const userKey = `user:${username.toLowerCase()}`;
    const ipKey = `ip:${ip}`;
    this.checkThrottle(userKey, MAX_FAILURES_PER_USER, now);
    this.checkThrottle(ipKey, MAX_FAILURES_PER_IP, now);
    const row = this.store.userByName(username.toLowerCase());
    this.dummyHash ??= hashPassword(newSecret());
    const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash));
    if (!row || !ok || row.disabled === 1) {
      this.store.recordFailure(userKey, now);
      this.store.recordFailure(ipKey, now);
      throw new AppError('unauthenticated', 'LOGIN_FAILED', 'Wrong user name or password, or the account is disabled');
    }
    this.store.clearFailures(userKey);
    this.store.purgeExpired(now);
    // Never a token the middleware would take for a screen's (odds 64^-6, but exact is cheap).
    let token = newSecret();
    while (isScreenToken(token)) token = newSecret();
    const expiresAt = now + this.sessionTtlMs;
    this.store.insertSession(sha256(token), row.id, now, expiresAt);
    return { token, expiresAt, user: this.toUser(row) };
  }

  logout(token: string): void {
    this.store.deleteSession(sha256(token));
  }

  /** The signed-in user behind a session token, or null if the token is unknown, expired or the user disabled. */
  authenticate(token: string): UserPrincipal | null {
    const s = this.store.session(sha256(token));
    if (!s || s.expires_at <= this.clock.now()) return null;
    const row = this.store.userById(s.user_id);
    if (!row || row.disabled === 1) return null;
    return {
      kind: 'user',
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      grants: this.store.grants(row.id),
    };
  }

  async createUser(actor: Actor, input: CreateUser): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(() => {
      if (this.store.userByName(input.username))
        throw conflict('USERNAME_TAKEN', `User name "${input.username}" is already used`);
      const home = this.org.get(input.homeOrgId);
      for (const g of input.grants) this.org.get(g.orgId);
      const now = this.clock.now();
      const row: UserRow = {
        id: newId(),
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        home_org_id: input.homeOrgId,
        disabled: 0,
        created_at: now,
        updated_at: now,
      };
      this.store.insertUser(row);
      this.store.replaceGrants(row.id, input.grants);
      const user = this.toUser(row);
      this.audit.record({
        actor,
        action: 'user.create',
        entity: 'user',
        entityId: row.id,
        orgId: home.id,
        orgPath: home.path,
        after: user,
      });
      return user;
    })();
  }

  async updateUser(actor: Actor, id: string, patch: UpdateUser): Promise<User> {
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    return this.db.transaction(() => {
      const row = this.store.userById(id);
      if (!row) throw notFound('User', id);
      const before = this.toUser(row);
      for (const g of patch.grants ?? []) this.org.get(g.orgId);
      const next: UserRow = {
        ...row,
        display_name: patch.displayName ?? row.display_name,
        disabled: patch.disabled === undefined ? row.disabled : patch.disabled ? 1 : 0,
        password_hash: passwordHash ?? row.password_hash,
        updated_at: this.clock.now(),
      };
      this.store.updateUser(next);
      if (patch.grants) this.store.replaceGrants(id, patch.grants);
      // A new password or a disabled account ends every open session.
      if (passwordHash !== undefined || patch.disabled === true) this.store.deleteSessionsOf(id);
      const after = this.toUser(next);
      const home = this.org.get(row.home_org_id);
      this.audit.record({
        actor,
        action: passwordHash !== undefined && Object.keys(patch).length === 1 ? 'user.password' : 'user.update',
        entity: 'user',
        entityId: id,
        orgId: home.id,
        orgPath: home.path,
        before,
        after,
      });
      return after;
    })();
  }

  /**
   * Make sure a first city admin exists. Returns the password when one was generated, so
   * `main.ts` can print it once; nothing else ever sees it.
   */
  async ensureFirstAdmin(
    cityId: string,
    username: string,
    configured: string | undefined,
  ): Promise<string | undefined> {
    if (this.store.countUsers() > 0) return undefined;
    const password = configured ?? generatePassword();
    await this.createUser(
      { kind: 'system', id: 'first-start', name: 'First start' },
      {
        username,
        displayName: 'Quản trị thành phố',
        homeOrgId: cityId,
        password,
        grants: [{ role: 'city-admin', orgId: cityId }],
      },
    );
    return configured === undefined ? password : undefined;
  }

  private checkThrottle(key: string, max: number, now: number): void {
    const failures = this.store.failuresSince(key, now - LOGIN_WINDOW_MS);
    if (failures.length < max) return;
    const oldest = failures[failures.length - max] ?? now;
    const retryAfterS = Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 1000));
    throw new AppError(
      'throttled',
      'LOGIN_THROTTLED',
      `Too many failed sign-ins; try again in ${Math.ceil(retryAfterS / 60)} minute(s)`,
      undefined,
      { 'Retry-After': String(retryAfterS) },
    );
  }
}
