/**
 * Role × scope decisions. Every route asks its `AuthContext` (set per request by the auth
 * middleware) before touching a store: `c.var.auth.require('notice.edit', orgId)`.
 */
import { AppError, notFound } from '../core/errors.js';
import { roleHas, type Permission, type Role } from './roles.js';

export interface Grant {
  role: Role;
  orgId: string;
  /** Materialised path of the org unit, e.g. `/hn/hn-tt/hn-cn03/`. */
  orgPath: string;
}

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  grants: readonly Grant[];
}

export type OrgPathLookup = (orgId: string) => string | undefined;

/** True when `path` is `root` or lies under it. */
export const isWithin = (path: string, root: string): boolean => path.startsWith(root);

export class AuthContext {
  constructor(
    readonly principal: UserPrincipal | null,
    private readonly orgPath: OrgPathLookup,
  ) {}

  requireUser(): UserPrincipal {
    if (!this.principal) throw new AppError('unauthenticated', 'UNAUTHENTICATED', 'Sign in first');
    return this.principal;
  }

  /** Does the user hold `permission` on the unit with this path? */
  canAtPath(permission: Permission, path: string): boolean {
    return !!this.principal?.grants.some((g) => roleHas(g.role, permission) && isWithin(path, g.orgPath));
  }

  /** Require `permission` on org unit `orgId` (or its ancestors' grants); 401, 403 or 404 otherwise. */
  require(permission: Permission, orgId: string): UserPrincipal {
    const user = this.requireUser();
    const path = this.orgPath(orgId);
    if (path === undefined) throw notFound('Org unit', orgId);
    if (!this.canAtPath(permission, path)) {
      throw new AppError('forbidden', 'FORBIDDEN_SCOPE', `You may not do "${permission}" on ${orgId}`);
    }
    return user;
  }

  /** Require `permission` somewhere (for list routes that then filter by `scope`). */
  requireAny(permission: Permission): UserPrincipal {
    const user = this.requireUser();
    if (this.scope(permission).length === 0) {
      throw new AppError('forbidden', 'FORBIDDEN_ROLE', `No role of yours allows "${permission}"`);
    }
    return user;
  }

  /** The minimal set of subtree paths on which the user holds `permission`. */
  scope(permission: Permission): string[] {
    const paths = [
      ...new Set((this.principal?.grants ?? []).filter((g) => roleHas(g.role, permission)).map((g) => g.orgPath)),
    ];
    return paths.filter((p) => !paths.some((q) => q !== p && isWithin(p, q)));
  }
}
