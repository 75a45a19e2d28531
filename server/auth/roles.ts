/**
 * Roles of DESIGN.md and what each may do. A role is granted on an org subtree; a permission
 * holds for a unit when the user has a grant, on that unit or an ancestor, of a role that has it.
 * Features add their permissions here so the whole matrix stays readable in one place.
 */

export const ROLES = [
  'city-admin',
  'brand-editor',
  'notice-editor',
  'approver',
  'facility-manager',
  'technician',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'user.read',
  'user.manage',
  'audit.read',
  'brand.read',
  'brand.edit',
  'brand.edit-locked',
  'release.manage',
  'procedure.read',
  'procedure.edit',
  'notice.read',
  'notice.edit',
  'notice.approve',
  'notice.publish',
  'alert.manage',
  'screen.read',
  'screen.manage',
  'rollout.manage',
  'device.read',
  'device.manage',
  'telemetry.read',
  'alarm.read',
  'alarm.ack',
  'workorder.read',
  'workorder.manage',
  'workorder.work',
  'asset.manage',
  'report.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: readonly Permission[] = [
  'org.read',
  'brand.read',
  'procedure.read',
  'notice.read',
  'screen.read',
  'device.read',
  'telemetry.read',
  'alarm.read',
  'workorder.read',
  'report.read',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  'city-admin': new Set(PERMISSIONS),
  'brand-editor': new Set([...READ_ALL, 'brand.edit', 'brand.edit-locked', 'release.manage', 'rollout.manage']),
  'notice-editor': new Set([...READ_ALL, 'procedure.edit', 'notice.edit']),
  approver: new Set([...READ_ALL, 'notice.approve', 'notice.publish', 'alert.manage', 'audit.read']),
  'facility-manager': new Set([
    ...READ_ALL,
    'device.manage',
    'screen.manage',
    'alarm.ack',
    'workorder.manage',
    'workorder.work',
    'asset.manage',
    'audit.read',
  ]),
  technician: new Set([...READ_ALL, 'alarm.ack', 'workorder.work']),
  viewer: new Set(READ_ALL),
};

export const roleHas = (role: Role, permission: Permission): boolean => ROLE_PERMISSIONS[role].has(permission);
