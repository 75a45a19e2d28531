/**
 * What the signed-in user may see and do, from their grants and the role → permission matrix
 * the server enforces (server/auth/roles.ts). The console hides what the server would refuse.
 */
import { z } from 'zod';
import { userSchema } from '../../../server/auth/auth.schemas.js';
import { ROLES, roleHas, type Permission } from '../../../server/auth/roles.js';

/** `GET /auth/me`: the user with grants and the set of roles held. */
export const meSchema = userSchema.extend({ roles: z.array(z.enum(ROLES)) });
export type Me = z.infer<typeof meSchema>;
export type Grant = Me['grants'][number];

/** True when some grant gives `permission` somewhere. */
export function canAny(grants: readonly Grant[], permission: Permission): boolean {
  return grants.some((g) => roleHas(g.role, permission));
}

/** True when a grant on the unit at `unitPath` or an ancestor gives `permission`. */
export function canAt(
  grants: readonly Grant[],
  permission: Permission,
  unitPath: string,
  pathOf: (orgId: string) => string | undefined,
): boolean {
  return grants.some((g) => {
    if (!roleHas(g.role, permission)) return false;
    const p = pathOf(g.orgId);
    return p !== undefined && unitPath.startsWith(p);
  });
}

export const NAV_PAGES = [
  'org',
  'fleet',
  'brand',
  'rollouts',
  'procedures',
  'notices',
  'alerts',
  'users',
  'audit',
] as const;
export type NavPage = (typeof NAV_PAGES)[number];

/** The permissions (any one of them) each console page needs somewhere in the user's scope. */
export const PAGE_PERMISSION: Readonly<Record<NavPage, readonly Permission[]>> = {
  org: ['org.read'],
  brand: ['brand.edit-locked'],
  rollouts: ['rollout.manage'],
  fleet: ['screen.read'],
  procedures: ['procedure.read'],
  notices: ['notice.edit', 'notice.approve'],
  alerts: ['alert.manage'],
  users: ['user.read'],
  audit: ['audit.read'],
};

/** Pages to list in the navigation, in order. */
export function visiblePages(grants: readonly Grant[]): NavPage[] {
  return NAV_PAGES.filter((p) => PAGE_PERMISSION[p].some((perm) => canAny(grants, perm)));
}
