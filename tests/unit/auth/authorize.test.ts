import { describe, expect, it } from 'vitest';
import { AuthContext, type Grant, type UserPrincipal } from '../../../server/auth/authorize.js';
import { AppError } from '../../../server/core/errors.js';

const PATHS: Record<string, string> = {
  hn: '/hn/',
  tt: '/hn/tt/',
  cn01: '/hn/tt/cn01/',
  cn02: '/hn/tt/cn02/',
  'p-ba-dinh': '/hn/tt/cn01/p-ba-dinh/',
  'p-ngoc-ha': '/hn/tt/cn01/p-ngoc-ha/',
  'p-hoan-kiem': '/hn/tt/cn02/p-hoan-kiem/',
};

const user = (grants: Omit<Grant, 'orgPath'>[]): UserPrincipal => ({
  kind: 'user',
  userId: 'u1',
  username: 'u1',
  displayName: 'U1',
  grants: grants.map((g) => ({ ...g, orgPath: PATHS[g.orgId] ?? '/missing/' })),
});

const ctx = (p: UserPrincipal | null) => new AuthContext(p, (id) => PATHS[id]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}`;
    throw err;
  }
  return undefined;
}

describe('role × scope decisions', () => {
  const wardEditor = ctx(user([{ role: 'brand-editor', orgId: 'p-ba-dinh' }]));
  const branchApprover = ctx(user([{ role: 'approver', orgId: 'cn01' }]));
  const cityAdmin = ctx(user([{ role: 'city-admin', orgId: 'hn' }]));

  it.each([
    ['brand editor of a ward, own ward', wardEditor, 'brand.edit', 'p-ba-dinh', undefined],
    ['brand editor of a ward, other ward', wardEditor, 'brand.edit', 'p-ngoc-ha', '403 FORBIDDEN_SCOPE'],
    ['brand editor of a ward, its branch', wardEditor, 'brand.edit', 'cn01', '403 FORBIDDEN_SCOPE'],
    [
      'brand editor may not approve notices even in scope',
      wardEditor,
      'notice.approve',
      'p-ba-dinh',
      '403 FORBIDDEN_SCOPE',
    ],
    ['branch approver, ward under the branch', branchApprover, 'notice.approve', 'p-ngoc-ha', undefined],
    ['branch approver, ward of another branch', branchApprover, 'notice.approve', 'p-hoan-kiem', '403 FORBIDDEN_SCOPE'],
    ['branch approver cannot manage users', branchApprover, 'user.manage', 'cn01', '403 FORBIDDEN_SCOPE'],
    ['city admin anywhere', cityAdmin, 'device.manage', 'p-hoan-kiem', undefined],
    ['anonymous', ctx(null), 'org.read', 'hn', '401 UNAUTHENTICATED'],
    ['unknown unit', cityAdmin, 'org.read', 'nowhere', '404 NOT_FOUND'],
  ] as const)('%s', (_name, auth, permission, orgId, expected) => {
    expect(codeOf(() => auth.require(permission, orgId))).toBe(expected);
  });

  it('gives the minimal set of subtrees where a permission holds', () => {
    const multi = ctx(
      user([
        { role: 'viewer', orgId: 'cn01' },
        { role: 'viewer', orgId: 'p-ba-dinh' },
        { role: 'notice-editor', orgId: 'cn02' },
      ]),
    );
    expect(multi.scope('org.read').sort()).toEqual(['/hn/tt/cn01/', '/hn/tt/cn02/']);
    expect(multi.scope('notice.edit')).toEqual(['/hn/tt/cn02/']);
    expect(multi.scope('user.manage')).toEqual([]);
    expect(codeOf(() => multi.requireAny('user.manage'))).toBe('403 FORBIDDEN_ROLE');
  });

  it('does not confuse sibling ids that share a prefix', () => {
    const paths: Record<string, string> = { a: '/hn/a/', ab: '/hn/ab/' };
    const auth = new AuthContext(
      {
        kind: 'user',
        userId: 'x',
        username: 'x',
        displayName: 'x',
        grants: [{ role: 'city-admin', orgId: 'a', orgPath: '/hn/a/' }],
      },
      (id) => paths[id],
    );
    expect(auth.canAtPath('org.write', '/hn/ab/')).toBe(false);
    expect(auth.canAtPath('org.write', '/hn/a/')).toBe(true);
  });
});
