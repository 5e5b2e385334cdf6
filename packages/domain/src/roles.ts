/**
 * Roles, permissions and data scopes, shared by the server (enforcement) and the web app (menus).
 * The five scope levels follow the usual government-system data-permission model
 * (all / one city / unit and below / own unit / self), see shared product brief "Users and scope".
 */
export const ROLES = ['system_admin', 'office_admin', 'unit_reporter', 'viewer', 'external'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['all', 'city', 'unit_tree', 'unit', 'self'] as const;
export type Scope = (typeof SCOPES)[number];

export const PERMISSIONS = [
  'pairs.read',
  'pairs.write',
  'units.read',
  'units.write',
  'users.read',
  'users.write',
  'audit.read',
  'plans.read',
  'plans.write',
  'tasks.read',
  'tasks.write',
  'tasks.report',
  'reports.review',
  'supervision.read',
  'supervision.write',
  'supervision.reply',
  'meetings.read',
  'meetings.write',
  'notifications.read',
  'registries.read',
  'registries.write',
  'registries.configure',
  'water.read',
  'water.manage',
  'water.report',
  // 双随机检查 (docs/domain.md "Double-random supervision"): registers, plans, draw, publish; findings.
  'inspections.read',
  'inspections.write',
  'inspections.record',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  system_admin: PERMISSIONS,
  office_admin: [
    'pairs.read',
    'units.read',
    'units.write',
    'users.read',
    'users.write',
    'audit.read',
    'plans.read',
    'plans.write',
    'tasks.read',
    'tasks.write',
    'reports.review',
    'supervision.read',
    'supervision.write',
    'supervision.reply',
    'meetings.read',
    'meetings.write',
    'notifications.read',
    'registries.read',
    'registries.write',
    'registries.configure',
    'water.read',
    'water.manage',
    'water.report',
    'inspections.read',
    'inspections.write',
    'inspections.record',
  ],
  unit_reporter: [
    'pairs.read',
    'units.read',
    'users.read',
    'plans.read',
    'tasks.read',
    'tasks.report',
    'supervision.read',
    'supervision.reply',
    'meetings.read',
    'notifications.read',
    'registries.read',
    'registries.write',
    'water.read',
    'water.report',
    'inspections.read',
    'inspections.record',
  ],
  viewer: [
    'pairs.read',
    'units.read',
    'plans.read',
    'tasks.read',
    'supervision.read',
    'meetings.read',
    'notifications.read',
    'registries.read',
    'water.read',
    'inspections.read',
  ],
  external: ['notifications.read'],
};

/** Which scope levels make sense for each role; anything else is refused when assigning. */
export const ROLE_ALLOWED_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  system_admin: ['all'],
  office_admin: ['all', 'city'],
  unit_reporter: ['unit_tree', 'unit', 'self'],
  viewer: ['all', 'city', 'unit_tree'],
  external: ['self'],
};

export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  office_admin: { zh: '办公室管理员', en: 'Office administrator' },
  unit_reporter: { zh: '单位填报员', en: 'Unit reporter' },
  viewer: { zh: '领导（只读）', en: 'Viewer (read-only)' },
  external: { zh: '外部用户', en: 'External user' },
};

export const SCOPE_LABELS: Readonly<Record<Scope, { zh: string; en: string }>> = {
  all: { zh: '全部', en: 'All' },
  city: { zh: '本市', en: 'One city' },
  unit_tree: { zh: '本单位及下级', en: 'Unit and below' },
  unit: { zh: '本单位', en: 'Own unit' },
  self: { zh: '仅本人', en: 'Self' },
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
